package org.iovacheck.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A one-line counter on standard error for long runs, shown only when standard error is a terminal. */
final class Progress {
    private final PrintStream err;
    private final String label;
    private final long total;
    private long lastNanos;

    private Progress(PrintStream err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
    }

    static Progress start(String label, long total) {
        return new Progress(stderrIsTerminal() ? System.err : null, label, total);
    }

    void step(long done) {
        if (err == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastNanos > 100_000_000L || done == total) {
            lastNanos = now;
            err.print("\r" + label + " " + done + "/" + total + "   ");
            err.flush();
        }
    }

    void done() {
        if (err != null) {
            err.print("\r" + " ".repeat(label.length() + 30) + "\r");
            err.flush();
        }
    }

    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }
}
