package org.iovacheck.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line counter on standard error for long runs ("reading hosts 12345/1000000"), redrawn at most ten times a second and
 * shown only when standard error is a terminal: never when it is piped or redirected to a file (so never in captured output).
 */
final class Progress {
    private final PrintWriter err;
    private final String label;
    private long total;
    private long lastNanos;
    private int width;

    Progress(PrintWriter err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
    }

    /** A counter on {@code err} if the process's standard error is a terminal, else one that prints nothing. */
    static Progress start(PrintWriter err, String label, long total) {
        return new Progress(stderrIsTerminal() ? err : null, label, total);
    }

    /** The number of steps, once known (0: unknown, only the count is shown). */
    void total(long n) {
        total = n;
    }

    void step(long done) {
        if (err == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastNanos > 100_000_000L || done == total) {
            lastNanos = now;
            String s = "\r" + label + " " + done + (total > 0 ? "/" + total : "") + "   ";
            width = Math.max(width, s.length());
            err.print(s);
            err.flush();
        }
    }

    void done() {
        if (err != null && width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
        }
    }

    /** Whether file descriptor 2 of this process is a terminal (Linux: a pts or tty device). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }
}
