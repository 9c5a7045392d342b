package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prove --fleet streams: 50,000 hosts (1,000 distinct, one odd host that meets the guest's RAM) answered in a child JVM with a
 * 64 MiB heap, which could not hold them all parsed; its standard error, a file, gets no progress counter.
 */
class FleetStreamingTest {
    private static final int HOSTS = 50_000;
    private static final int ODD = 31_337;

    @TempDir
    Path dir;

    /** Host i: the interrupt window and one reserved page at 4 GiB + 64 KiB * (i mod 1000); the odd host's page is at 2 GiB. */
    private Path fleet() throws Exception {
        Path f = dir.resolve("big.fleet");
        try (BufferedWriter w = Files.newBufferedWriter(f)) {
            for (int i = 0; i < HOSTS; i++) {
                long page = i == ODD ? 0x80000000L : (1L << 32) + 0x10000L * (i % 1000);
                w.write(String.format(Locale.ROOT, "host h%05d aperture-bits=48\ngroup 1\n0x00000000fee00000 0x00000000feefffff msi\n"
                        + "0x%016x 0x%016x reserved\n", i, page, page + 0xfff));
            }
        }
        return f;
    }

    private record Child(int exit, String out, String err) {
    }

    private Child child(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "org.iovacheck.cli.Main"));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child did not end within 120 s");
        }
        return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void fiftyThousandHostsInA64MiBHeapNameTheOddHostAndPrintNoProgressToAFile() throws Exception {
        Path f = fleet();
        Path guest = Files.writeString(dir.resolve("g.layout"), "0x0 0xbfffffff ram low\n");
        Child c = child("prove", "--fleet", f.toString(), "--guest", guest.toString());
        assertEquals(1, c.exit(), c.out() + c.err());
        int line = 4 * ODD + 1;
        assertTrue(c.out().contains("counterexample host h31337 [" + f + ":" + line + "] (UNSAFE"), c.out());
        assertTrue(c.out().contains("50000 hosts, 1001 distinct"), c.out());
        assertTrue(c.out().contains("host h31337 (" + f + ":" + line + ") stands for 1 identical host(s)"), c.out());
        assertTrue(c.out().contains("conflict: ram 'low' meets reserved 0x0000000080000000-0x0000000080000fff"), c.out());
        assertEquals("", c.err(), "no progress counter when standard error is not a terminal");

        Child each = child("prove", "--fleet", f.toString(), "--guest", "qemu-q35", "--ram", "1G", "--each-host");
        assertEquals(0, each.exit(), each.out() + each.err());
        assertTrue(each.out().startsWith("verdict: PROVEN"), each.out());
        assertTrue(each.out().contains("  host h00000 (and 49 identical): FOUND"), each.out());
        assertTrue(each.out().contains("981 more distinct host(s) admit a layout"), each.out());
        assertFalse(each.err().contains("each-host") || each.err().contains("reading hosts"), each.err());
    }

    @Test
    void theCounterShowsOnATerminalOnlyAndIsWipedAtTheEnd() {
        StringWriter tty = new StringWriter();
        Progress p = new Progress(new PrintWriter(tty), "reading hosts", 0);
        p.step(1);
        p.total(3);
        p.step(3);
        p.done();
        String s = tty.toString();
        assertTrue(s.startsWith("\rreading hosts 1   "), s);
        assertTrue(s.contains("\rreading hosts 3/3   "), s);
        assertTrue(s.endsWith("\r"), "the line is blanked at the end: " + s);
        StringWriter none = new StringWriter();
        Progress off = new Progress(null, "reading hosts", 3);
        off.step(3);
        off.done();
        assertEquals("", none.toString());
        // this test JVM's standard error is a pipe or a file (surefire), never a terminal
        assertFalse(Progress.stderrIsTerminal() && System.console() == null);
    }
}
