package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hook run as libvirt runs it (docs/hooks.rst): guest, operation, sub-operation, extra; the domain XML on stdin. */
class LibvirtHookTest {
    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        LibvirtHookCommand.environment = System.getenv();
        LibvirtHookCommand.stdin = System.in;
    }

    private Cli hook(Map<String, String> env, String xmlFile, String... args) throws Exception {
        LibvirtHookCommand.environment = env;
        LibvirtHookCommand.stdin = new ByteArrayInputStream(Files.readAllBytes(Path.of(xmlFile)));
        String[] all = new String[args.length + 1];
        all[0] = "libvirt-hook";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(all);
    }

    private Map<String, String> env(String host) {
        Map<String, String> e = new HashMap<>();
        e.put("IOVACHECK_HOOK_CONFIG", dir.resolve("none.conf").toString());
        e.put("IOVACHECK_HOOK_HOST", host);
        e.put("IOVACHECK_HOOK_LOG", dir.resolve("hook.log").toString());
        return e;
    }

    @Test
    void prepareBeginRefusesTheUnsafeVmWithOneLineNamingTheRange() throws Exception {
        Files.writeString(dir.resolve("none.conf"), "# defaults\n");
        Cli r = hook(env(ConfigCommandTest.EPYC), ConfigCommandTest.GUESTS + "q35-amd-1100g.xml", "big", "prepare", "begin", "-");
        assertEquals(1, r.exit(), r.err());
        assertEquals("", r.out(), "a hook writes nothing on stdout");
        String[] lines = r.err().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith("iovacheck: VM big would fail to start: guest ram 0x0000000100000000-0x000001137fffffff (ram-above-4g)"
                + " overlaps reserved 0x000000fd00000000-0x000000ffffffffff of group 12 on host amd-epyc"), lines[0]);
        String log = Files.readString(dir.resolve("hook.log"));
        assertTrue(log.contains("big prepare begin: refused"), log);
        assertTrue(log.contains("verdict: UNSAFE"), "the log holds the full answer: " + log);
        assertTrue(log.matches("(?s).*hook time \\d+ ms \\(\\d+ ms since the JVM started\\).*"), log);
    }

    @Test
    void otherOperationsPassAtOnceWithoutOutput() throws Exception {
        Files.writeString(dir.resolve("none.conf"), "");
        for (String[] op : new String[][] {{"start", "begin"}, {"migrate", "begin"}, {"restore", "begin"}, {"release", "end"}}) {
            Cli r = hook(env(ConfigCommandTest.EPYC), ConfigCommandTest.GUESTS + "q35-amd-1100g.xml", "big", op[0], op[1], "-");
            assertEquals(0, r.exit(), op[0]);
            assertEquals("", r.out() + r.err(), op[0] + ": migrate and restore read empty output as 'XML unchanged'");
        }
    }

    @Test
    void theCorrectedVmAndAVmWithoutDevicesPass() throws Exception {
        Files.writeString(dir.resolve("none.conf"), "");
        Path fixed = dir.resolve("fixed.xml");
        Files.writeString(fixed, Files.readString(Path.of(ConfigCommandTest.GUESTS + "q35-amd-1100g.xml")).replace("pc-q35-7.0", "pc-q35-7.1"));
        Cli ok = hook(env(ConfigCommandTest.EPYC), fixed.toString(), "big", "prepare", "begin", "-");
        assertEquals(0, ok.exit(), ok.err());
        Path noDev = dir.resolve("nodev.xml");
        Files.writeString(noDev, Files.readString(fixed).replaceAll("(?s)<hostdev.*</hostdev>", ""));
        Cli nd = hook(env(ConfigCommandTest.EPYC), noDev.toString(), "big", "prepare", "begin", "-");
        assertEquals(0, nd.exit());
        assertTrue(Files.readString(dir.resolve("hook.log")).contains("assigns no PCI device"));
    }

    @Test
    void internalProblemsPassWithAWarningUnlessStrict() throws Exception {
        Files.writeString(dir.resolve("none.conf"), "");
        Map<String, String> e = env(dir.resolve("missing-host").toString());
        Cli lax = hook(e, ConfigCommandTest.GUESTS + "q35-amd-1100g.xml", "big", "prepare", "begin", "-");
        assertEquals(0, lax.exit(), lax.err());
        assertTrue(Files.readString(dir.resolve("hook.log")).contains("passed with a warning: iovacheck: could not judge the VM"));
        e.put("IOVACHECK_HOOK_STRICT", "yes");
        Cli strict = hook(e, ConfigCommandTest.GUESTS + "q35-amd-1100g.xml", "big", "prepare", "begin", "-");
        assertEquals(1, strict.exit());
        assertTrue(strict.err().startsWith("iovacheck: could not judge the VM"), strict.err());
    }

    @Test
    void anExhaustedBudgetPassesUnlessStrictAndTheSettingsFileIsRead() throws Exception {
        Path conf = dir.resolve("hook.conf");
        Files.writeString(conf, "host = " + ConfigCommandTest.EPYC + "\nbudget-ms = 1\nlog = " + dir.resolve("b.log") + "\n");
        Map<String, String> e = new HashMap<>(Map.of("IOVACHECK_HOOK_CONFIG", conf.toString()));
        long t0 = System.nanoTime();
        // a warm JVM can judge this VM within 1 ms: CheckRunner's test hook makes the check hang so the budget surely runs out
        Cli r;
        System.setProperty("iovacheck.test.crash", "hang");
        try {
            r = hook(e, ConfigCommandTest.GUESTS + "q35-amd-1100g.xml", "big", "prepare", "begin", "-");
        } finally {
            System.clearProperty("iovacheck.test.crash");
        }
        assertEquals(0, r.exit(), r.err());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2000, "the hook does not wait past its budget for the check");
        assertTrue(Files.readString(dir.resolve("b.log")).contains("did not finish within the budget of 1 ms"));
        Files.writeString(conf, "host = x\nhost = y\n");
        Cli dup = hook(e, ConfigCommandTest.GUESTS + "q35-amd-1100g.xml", "big", "prepare", "begin", "-");
        assertEquals(0, dup.exit(), "a broken settings file is an internal problem: the start goes on");
        assertTrue(dup.err().contains("hook.conf:2: key 'host' given twice"), dup.err());
    }
}
