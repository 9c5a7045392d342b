package org.iovacheck.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.U64;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.preset.Presets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OVMF model (preset/firmware/Ovmf.java) against the real OVMF: each configuration boots QEMU under TCG with the installed
 * OVMF as pflash (a copy of its VARS file here), with the options the q35/pc preset prints for {@code firmware=ovmf} plus one
 * pci-testdev per device (its BAR 2 is 64-bit prefetchable of the given size, on slots 8 and up, after the VGA and
 * ivshmem-plain), waits until OVMF has assigned every memory BAR, and reads them with query-pci. Every 64-bit BAR, the
 * ivshmem-plain shared memory and the VGA vram must be where the preset says, inside its 64-bit window; the 32-bit BARs it
 * covers conservatively must lie in the ranges that stand for them; and every section a VFIO listener would map (RAM, ROM,
 * RAM-device sections of the flat view) must lie in what the preset DMA-maps. The edk2 release is read from the ovmf package
 * (dpkg). Without QEMU or OVMF the suite is skipped loudly, unless IOVACHECK_CONFORMANCE_REQUIRED=1 (CI) or
 * -Diovacheck.conformance.required=true makes that a failure. Two QEMU processes run at a time.
 */
class OvmfConformanceTest {
    private static final ExecutorService POOL = Oracles.pool("ovmf-conformance");
    private static final int TESTDEV_SLOT = 8;
    private static final String INTEL = "off";
    private static final String AMD = "on";

    @TempDir
    static Path tmp;

    @AfterAll
    static void stopPool() throws InterruptedException {
        Oracles.stop(POOL);
    }

    /** Immutable; one configuration: the preset, its settings (firmware and version added), and the pci-testdev BAR 2 sizes. */
    record Case(String preset, Map<String, String> settings, List<String> testdevs) {
        String id() {
            return preset + " " + settings + " testdevs " + testdevs;
        }
    }

    /** Immutable; the installed OVMF: code and vars images, the edk2 release, and how long a boot may take under TCG. */
    record Firmware(Path code, Path vars, String release, long bootSeconds) {
    }

    /** Immutable; one memory BAR as QEMU reports it after the firmware ran: slot, PCI device id, BAR number, address, size. */
    record RealBar(int slot, int deviceId, int bar, long address, long size) {
    }

    private static Case of(String preset, String amd, String ram, int physBits, String pdpe1gb, String vga, List<String> testdevs, String... more) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("ram", ram);
        s.put("amd", amd);
        s.put("phys-bits", Integer.toString(physBits));
        s.put("pdpe1gb", pdpe1gb);
        s.put("vga", vga);
        for (String kv : more) {
            s.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        return new Case(preset, s, testdevs);
    }

    /** A handful of configurations, each one rule of the model: see docs/firmware.md (OVMF, "checked against real OVMF"). */
    static List<Case> cases() {
        return List.of(
                // trusted phys-bits 46: the dynamic window at 2^46 - 2^43, the reports' address
                of("qemu-q35", INTEL, "4G", 46, "on", "none", List.of("16G")),
                // Intel phys-bits 40 is not trusted: the classic 32 GiB window above RAM; std VGA vram at the aperture base;
                // ivshmem-plain and a device BAR of equal size in bus order
                of("qemu-q35", INTEL, "4G", 40, "on", "std", List.of("64M"), "ivshmem=64M"),
                // no 1 GiB pages: PhysBits capped at 40; equal prefetchable BARs in bus order behind the largest
                of("qemu-q35", INTEL, "4G", 46, "off", "none", List.of("1G", "4G", "1G")),
                // the hot-plug area's end (etc/reserved-memory-end) moves the classic window
                of("qemu-q35", INTEL, "4G", 40, "on", "none", List.of("16G"), "maxmem=40G", "slots=2"),
                // X-PciMmio64Mb of MmioSpace or more keeps the classic window, aligned to its size
                of("qemu-q35", INTEL, "4G", 43, "on", "none", List.of("16G"), "x-pci-mmio64-mb=1048576"),
                // pc: vram at Uc32Base (2 GiB with 1 GiB of RAM); Intel phys-bits 39 trusted: window at 2^39 - 2^36
                of("qemu-pc", INTEL, "1G", 39, "on", "std", List.of("16G")),
                // AMD phys-bits 40: trusted; OVMF 202211 keeps its window over QEMU's HT reservation
                of("qemu-q35", AMD, "4G", 40, "on", "none", List.of("16G")),
                // no 64-bit window: 64-bit BARs degraded below 4 GiB, the larger one before the vram
                of("qemu-q35", INTEL, "4G", 40, "on", "std", List.of("256M"), "ivshmem=64M", "x-pci-mmio64-mb=0"));
    }

    @TestFactory
    Stream<DynamicTest> ovmfModelMatchesRealOvmf() {
        Optional<Path> x86 = Qmp.binary("qemu-system-x86_64");
        Optional<Firmware> fw = installedOvmf();
        if (x86.isEmpty() || fw.isEmpty()) {
            String msg = "OVMF CONFORMANCE SUITE SKIPPED: qemu-system-x86_64 and the ovmf package (/usr/share/OVMF, dpkg) are needed"
                    + " (Debian: apt-get install qemu-system-x86 ovmf); the OVMF model was NOT checked against the real OVMF";
            Oracles.missing(msg);
        }
        List<Case> all = cases();
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Case c = all.get(i);
            Path dir = tmp.resolve("c" + i);
            futures.add(POOL.submit(() -> run(c, x86.get(), fw.get(), dir)));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Future<String> f = futures.get(i);
            long bound = 2 * fw.get().bootSeconds() * (all.size() + 1);
            tests.add(DynamicTest.dynamicTest("OVMF " + fw.get().release() + ": " + all.get(i).id(), () -> {
                String problem = f.get(bound, TimeUnit.SECONDS);
                assertTrue(problem.isEmpty(), problem);
            }));
        }
        return tests.stream();
    }

    /**
     * The ovmf package's images: the 2 MiB build when present (it boots to PCI enumeration in seconds under TCG; Debian's 4 MiB
     * build took over a minute here), and its release YYYYMM from the package version ("2022.11-6+deb12u2").
     */
    static Optional<Firmware> installedOvmf() {
        Path dir = Path.of("/usr/share/OVMF");
        Path code = dir.resolve("OVMF_CODE.fd");
        Path vars = dir.resolve("OVMF_VARS.fd");
        long seconds = 90;
        if (!Files.isReadable(code) || !Files.isReadable(vars)) {
            code = dir.resolve("OVMF_CODE_4M.fd");
            vars = dir.resolve("OVMF_VARS_4M.fd");
            seconds = 300;
        }
        if (!Files.isReadable(code) || !Files.isReadable(vars)) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", "ovmf").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(?:\\d+:)?(20\\d\\d)\\.(\\d\\d)").matcher(v);
            if (!m.find()) {
                throw new AssertionError("cannot read the edk2 release from the ovmf package version '" + v + "'");
            }
            return Optional.of(new Firmware(code, vars, m.group(1) + m.group(2), seconds));
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Boots one configuration and compares; returns the disagreements, empty when none. */
    private static String run(Case c, Path qemu, Firmware fw, Path dir) throws Exception {
        Files.createDirectories(dir);
        Map<String, String> settings = new LinkedHashMap<>(c.settings());
        settings.put("firmware", "ovmf");
        settings.put("firmware-version", fw.release());
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < c.testdevs().size(); i++) {
            devices.add("t" + (i + 1) + ":bar0=4K/32,bar2=" + c.testdevs().get(i));
        }
        if (!devices.isEmpty()) {
            settings.put("devices", String.join(";", devices));
        }
        GuestLayout layout;
        try {
            layout = Presets.byName(c.preset()).orElseThrow().layout(new PresetArgs(settings));
        } catch (InputException e) {
            return "the preset refuses: " + e.getMessage();
        }
        List<String> argv = Commands.harness(c.preset(), Commands.fromPrinted(layout.vmmOptions()), 40, 1, true);
        Path vars = dir.resolve("vars.fd");
        Files.copy(fw.vars(), vars);
        argv.addAll(List.of("-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + fw.code(), "-drive", "if=pflash,format=raw,unit=1,file=" + vars));
        for (int i = 0; i < c.testdevs().size(); i++) {
            argv.addAll(List.of("-device", "pci-testdev,membar=" + c.testdevs().get(i) + ",addr=0x" + Integer.toHexString(TESTDEV_SLOT + i)));
        }
        String ctx = "\n  QEMU argv: " + String.join(" ", argv);
        Object started = Qmp.start(qemu, argv, dir.resolve("qemu.err"));
        if (started instanceof Qmp.Refusal r) {
            return "QEMU refuses the preset's options: exit " + r.exitCode() + ": " + r.message() + ctx;
        }
        List<RealBar> bars;
        String flat;
        try (Qmp q = (Qmp) started) {
            bars = OvmfBars.waitAssigned(q, fw.bootSeconds());
            flat = q.hmp("info mtree -f");
        }
        String problems = OvmfBars.compare(c.testdevs().size(), TESTDEV_SLOT, layout, bars) + OvmfBars.mappedCovered(flat, layout);
        return problems.isEmpty() ? "" : problems + context(ctx, layout, bars);
    }

    private static String context(String ctx, GuestLayout layout, List<RealBar> bars) {
        StringBuilder sb = new StringBuilder(ctx).append("\n  real BARs:");
        for (RealBar b : bars) {
            sb.append("\n    slot ").append(b.slot()).append(" device 0x").append(Integer.toHexString(b.deviceId())).append(" BAR").append(b.bar())
                    .append(' ').append(U64.hex(b.address())).append(" size ").append(U64.shortHex(b.size()));
        }
        sb.append("\n  preset:");
        for (GuestRegion r : layout.regions()) {
            sb.append("\n    ").append(r.name()).append(' ').append(r.range());
        }
        for (GuestRegion r : layout.bars()) {
            sb.append("\n    ").append(r.name()).append(' ').append(r.range());
        }
        return sb.toString();
    }
}
