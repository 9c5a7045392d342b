package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI in a child JVM on a sysfs dump of 10^6 reserved regions (issue 16): with the default engines in a 512 MiB heap
 * it answers, SAFE and UNSAFE as the instance is built, each conflict naming its file and line; in a heap smaller than the
 * file it stops with exit 70 and one line, never a verdict.
 */
class LargeInputCommandTest {
    private static final int REGIONS = 1_000_000;
    /** Window i is [BASE + i * STRIDE, BASE + i * STRIDE + 0xfff]: 4 KiB every 64 KiB above 4 GiB. */
    private static final long BASE = 0x1_0000_0000L;
    private static final long STRIDE = 0x10000;

    @TempDir
    static Path dir;
    private static Path host;

    @BeforeAll
    static void writeDump() throws IOException {
        // "0x%016x 0x%016x TYPE\n" as the kernel prints it; every third window msi (a hardware doorbell), the others reserved.
        byte[] out = new byte[REGIONS * 48];
        int p = 0;
        for (int i = 0; i < REGIONS; i++) {
            long first = BASE + i * STRIDE;
            p = hex(out, p, first);
            out[p++] = ' ';
            p = hex(out, p, first + 0xfff);
            out[p++] = ' ';
            byte[] type = (i % 3 == 0 ? "msi" : "reserved").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(type, 0, out, p, type.length);
            p += type.length;
            out[p++] = '\n';
        }
        host = dir.resolve("reserved_regions");
        Files.write(host, java.util.Arrays.copyOf(out, p));
    }

    private static int hex(byte[] out, int p, long v) {
        out[p++] = '0';
        out[p++] = 'x';
        for (int s = 60; s >= 0; s -= 4) {
            out[p++] = (byte) "0123456789abcdef".charAt((int) (v >>> s) & 0xf);
        }
        return p;
    }

    private static String window(int i) {
        return String.format("0x%016x-0x%016x", BASE + i * STRIDE, BASE + i * STRIDE + 0xfff);
    }

    private static Path layout(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void aMillionRegionsAreCheckedByTheDefaultEnginesIn512MiB() throws Exception {
        // SAFE: RAM below the dump, in the 60 KiB gap after window 500,000, and above the last window.
        long gap = BASE + 500_000 * STRIDE + 0x1000;
        long top = BASE + REGIONS * STRIDE;
        Path safe = layout("safe.layout", String.format("0x40000000 0xffffffff ram low%n0x%x 0x%x ram gap%n0x%x 0x%x ram high%n",
                gap, gap + 0xefff, top, top + 0x3fffffffL));
        Child s = child(List.of("-Xmx512m"), "check", "--host", host.toString(), "--guest", safe.toString());
        assertEquals(0, s.exit(), s.err());
        assertTrue(s.out().startsWith("verdict: SAFE"), s.out());

        // UNSAFE: RAM over windows 300,000..300,002 and from the gap before window 999,999 past its end: four conflicts.
        long a = BASE + 300_000 * STRIDE;
        long b = BASE + 999_999 * STRIDE;
        Path unsafe = layout("unsafe.layout", String.format("0x%x 0x%x ram mid%n0x%x 0x%x ram end%n",
                a, a + 2 * STRIDE + 0xfff, b - 0xf000, b + 0x1fff));
        Child u = child(List.of("-Xmx512m"), "check", "--host", host.toString(), "--guest", unsafe.toString());
        assertEquals(1, u.exit(), u.err());
        assertTrue(u.out().startsWith("verdict: UNSAFE"), u.out());
        assertTrue(u.out().contains("conflicts (4):"), u.out());
        // window i is on line i + 1; window 300,000 is msi (a hardware doorbell), the next two reserved
        assertTrue(u.out().contains("hits msi-hw " + window(300_000) + " (group " + host.getFileName() + ", " + host + ":300001)"), u.out());
        assertTrue(u.out().contains("hits reserved " + window(300_001) + " (group " + host.getFileName() + ", " + host + ":300002)"), u.out());
        assertTrue(u.out().contains("hits reserved " + window(300_002) + " (group " + host.getFileName() + ", " + host + ":300003)"), u.out());
        assertTrue(u.out().contains(String.format("overlap 0x%016x-0x%016x", b, b + 0xfff)), u.out());
        assertTrue(u.out().contains(host + ":1000000)"), u.out());
    }

    @Test
    void aHeapSmallerThanTheDumpIsExit70WithOneLineNeverAVerdict() throws Exception {
        // The dump (about 45 MB) cannot even be read into a 32 MiB heap.
        Child c = child(List.of("-Xmx32m"), "check", "--host", host.toString(), "--guest", "qemu-virt", "--ram", "4G");
        assertEquals(70, c.exit(), "exit " + c.exit() + ", out: " + c.out() + " err: " + c.err());
        assertEquals("", c.out(), "no verdict may be printed");
        assertEquals(1, c.err().strip().lines().count(), c.err());
        assertTrue(c.err().contains("out of memory") && c.err().contains("IOVACHECK_JAVA_OPTS=-Xmx"), c.err());
        assertTrue(c.err().contains("reading the host"), "says what the run was doing: " + c.err());
    }

    /** The JVM of these tests as a child with the launcher's JIT and collector, the given options and iovacheck arguments. */
    private static Child child(List<String> jvm, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        cmd.addAll(jvm);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.iovacheck.cli.Main");
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child did not end within 120 s: " + cmd);
        }
        return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    record Child(int exit, String out, String err) {
    }
}
