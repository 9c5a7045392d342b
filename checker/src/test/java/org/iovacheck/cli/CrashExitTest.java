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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** A crash (Error or unexpected exception) is exit 70 with one line of advice, never a verdict's exit code. */
@ResourceLock("iovacheck.test.crash")
class CrashExitTest {
    @TempDir
    Path dir;

    private static Cli withHook(String hook, String... args) {
        System.setProperty("iovacheck.test.crash", hook);
        try {
            return Cli.run(args);
        } finally {
            System.clearProperty("iovacheck.test.crash");
        }
    }

    private static final String[] CHECK = {"check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--ram", "4G"};

    @Test
    void outOfMemoryInsideAnEngineIsExit70WithAdviceNotUnsafe() {
        Cli r = withHook("oom", CHECK);
        assertEquals(70, r.exit(), r.err());
        assertEquals("", r.out(), "no verdict may be printed");
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("out of memory"), r.err());
        assertTrue(r.err().contains("--engine interval"), r.err());
        assertTrue(r.err().contains("IOVACHECK_JAVA_OPTS=-Xmx"), r.err());
        assertTrue(r.err().contains("checking the host"), "says what the run was doing: " + r.err());
    }

    @Test
    void stackOverflowAndUnexpectedExceptionsAreExit70() {
        Cli s = withHook("stack", CHECK);
        assertEquals(70, s.exit(), s.err());
        assertTrue(s.err().contains("stack overflow"), s.err());
        assertEquals("", s.out());
        Cli x = withHook("runtime", CHECK);
        assertEquals(70, x.exit(), x.err());
        assertTrue(x.err().contains("IllegalStateException"), x.err());
        assertEquals("", x.out());
    }

    /** The JVM used for these tests, started as a child with the given JVM options and iovacheck arguments. */
    private Child child(List<String> jvm, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.iovacheck.cli.Main");
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long t0 = System.nanoTime();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child did not end within 120 s: " + cmd);
        }
        return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                (System.nanoTime() - t0) / 1_000_000L);
    }

    record Child(int exit, String out, String err, long millis) {
    }

    @Test
    void aRunThatOverrunsItsBudgetIsStoppedByTheWatchdogAsUnknown() throws Exception {
        Child c = child(List.of("-Diovacheck.test.crash=hang"), "check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest",
                "qemu-virt", "--ram", "4G", "--timeout", "1");
        assertEquals(3, c.exit(), c.err());
        assertTrue(c.out().startsWith("verdict: UNKNOWN"), c.out());
        // on a quiet machine the phase is "checking the host"; under heavy load the JVM may still be reading it
        assertTrue(c.err().contains("--timeout 1") && c.err().contains("ran out while "), c.err());
        // budget 1 s + grace 0.5 s + the watchdog's 0.1 s tick, plus JVM start-up on a loaded machine
        assertTrue(c.millis() < 15_000, "stopped after " + c.millis() + " ms");

        Child j = child(List.of("-Diovacheck.test.crash=hang"), "check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest",
                "qemu-virt", "--ram", "4G", "--timeout", "1", "--format", "json");
        assertEquals(3, j.exit(), j.err());
        var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(j.out());
        assertEquals("UNKNOWN", json.get("verdict").asString());
        assertEquals("check", json.get("command").asString());
    }

    @Test
    void aHeapTooSmallForTheInputIsExit70NeverAVerdict() throws Exception {
        // 400,000 distinct reserved regions do not fit a 24 MiB heap: the run must say so, not answer.
        Path host = dir.resolve("reserved_regions");
        StringBuilder sb = new StringBuilder();
        for (long i = 0; i < 400_000; i++) {
            long a = 0x100000000L + i * 0x2000;
            sb.append(String.format("0x%016x 0x%016x reserved%n", a, a + 0xfff));
        }
        Files.writeString(host, sb);
        Child c = child(List.of("-Xmx24m", "-XX:+UseSerialGC"), "check", "--host", host.toString(), "--guest", "qemu-virt", "--ram", "4G");
        assertEquals(70, c.exit(), "exit " + c.exit() + ", out: " + c.out() + " err: " + c.err());
        assertEquals("", c.out());
        assertTrue(c.err().contains("out of memory") && c.err().contains("IOVACHECK_JAVA_OPTS"), c.err());
    }
}
