package org.iovacheck.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The presets against the real VMM: every configuration of {@link Matrix} is started in QEMU (TCG, stopped before the first
 * instruction unless the firmware must place BARs) twice, once with options written from the settings here and once with the
 * options the preset prints, and the maps read from the monitor must equal the preset's; where the preset refuses, QEMU must
 * refuse with the same limit. Two QEMU processes run at a time. Without QEMU on PATH the suite is skipped with a loud message,
 * unless -Diovacheck.conformance.required=true or IOVACHECK_CONFORMANCE_REQUIRED=1 (CI) makes that a failure.
 */
class QemuConformanceTest {
    private static final ExecutorService POOL = Oracles.pool("qemu-conformance");

    @TempDir
    static Path tmp;

    @AfterAll
    static void stopPool() throws InterruptedException {
        Oracles.stop(POOL);
    }

    /** Immutable; both QEMU runs of one configuration and the preset's answer. */
    record Outcome(Config config, Observation preset, Observation fromSettings, Observation fromPrinted, List<String> argvSettings,
            List<String> argvPrinted) {
    }

    @TestFactory
    Stream<DynamicTest> presetsMatchQemu() {
        Optional<Path> x86 = Qmp.binary("qemu-system-x86_64");
        Optional<Path> arm = Qmp.binary("qemu-system-aarch64");
        if (x86.isEmpty() || arm.isEmpty()) {
            String msg = "QEMU CONFORMANCE SUITE SKIPPED: qemu-system-x86_64 and qemu-system-aarch64 must be on PATH"
                    + " (Debian: apt-get install qemu-system-x86 qemu-system-arm); the presets were NOT checked against QEMU";
            Oracles.missing(msg);
        }
        List<Config> all = Matrix.all(version(arm.get()));
        assertTrue(all.size() >= 80, "the matrix has " + all.size() + " configurations");
        List<Future<Outcome>> futures = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Config c = all.get(i);
            Path bin = c.preset().equals("qemu-virt") ? arm.get() : x86.get();
            Path dir = tmp.resolve("c" + i);
            futures.add(POOL.submit(() -> run(c, bin, dir)));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Future<Outcome> f = futures.get(i);
            tests.add(DynamicTest.dynamicTest(all.get(i).id(), () -> judge(f.get(120, TimeUnit.SECONDS))));
        }
        return tests.stream();
    }

    /** X.Y of a QEMU binary, from its --version line ("QEMU emulator version 7.2.22 ..."). */
    private static String version(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(20, TimeUnit.SECONDS);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("version (\\d+)\\.(\\d+)").matcher(out);
            assertTrue(m.find(), "no version in: " + out);
            return m.group(1) + "." + m.group(2);
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("cannot run " + binary + " --version", e);
        }
    }

    private static Outcome run(Config c, Path bin, Path dir) throws Exception {
        Files.createDirectories(dir);
        Observation preset = Observation.ofPreset(c);
        List<String> s1 = new ArrayList<>(Commands.fromSettings(c.preset(), c.settings()));
        s1.addAll(Commands.testDevices(c.settings()));
        List<String> a1 = Commands.harness(c.preset(), s1, c.ipaBits(), c.smp(), c.runFirmware());
        Observation q1 = Observation.ofQemu(c, bin, a1, dir.resolve("settings.err"));
        Observation q2 = null;
        List<String> a2 = null;
        if (!preset.refused()) {
            List<String> s2 = new ArrayList<>(Commands.fromPrinted(preset.layout().vmmOptions()));
            s2.addAll(Commands.testDevices(c.settings()));
            a2 = Commands.harness(c.preset(), s2, c.ipaBits(), c.smp(), c.runFirmware());
            q2 = Observation.ofQemu(c, bin, a2, dir.resolve("printed.err"));
        }
        return new Outcome(c, preset, q1, q2, a1, a2);
    }

    private static void judge(Outcome o) {
        Config c = o.config();
        String ctx = c.id() + "\n  QEMU argv (from settings): " + String.join(" ", o.argvSettings());
        if (o.preset().refused()) {
            assertNotNull(c.limit(), ctx + "\n  the preset refuses (" + o.preset().refusal() + ") where the suite expects a layout");
            assertTrue(o.preset().refusal().contains(c.limit()), ctx + "\n  the preset's refusal '" + o.preset().refusal()
                    + "' does not name the limit '" + c.limit() + "'");
            assertTrue(o.fromSettings().refused(), ctx + "\n  the preset refuses (" + o.preset().refusal() + ") but QEMU starts:\n"
                    + (o.fromSettings().map() == null ? "" : o.fromSettings().map().describe()));
            assertTrue(o.fromSettings().refusal().contains(c.limit()), ctx + "\n  QEMU refuses with '" + o.fromSettings().refusal()
                    + "', not with the limit '" + c.limit() + "'");
            return;
        }
        String expected = o.preset().map().describe();
        assertTrue(c.limit() == null, ctx + "\n  the preset accepts where QEMU should refuse with '" + c.limit() + "'");
        assertTrue(!o.fromSettings().refused(), ctx + "\n  the preset accepts but QEMU refuses: " + o.fromSettings().refusal());
        assertEquals(expected, o.fromSettings().map().describe(), ctx + "\n  QEMU's map differs from the preset's");
        String ctx2 = c.id() + "\n  QEMU argv (printed by the preset): " + String.join(" ", o.argvPrinted());
        assertTrue(!o.fromPrinted().refused(), ctx2 + "\n  QEMU refuses the preset's own options: " + o.fromPrinted().refusal());
        assertEquals(expected, o.fromPrinted().map().describe(), ctx2 + "\n  the printed options give QEMU another map");
    }
}
