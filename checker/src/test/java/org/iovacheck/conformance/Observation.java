package org.iovacheck.conformance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.preset.Presets;

/**
 * Immutable; what one side said about a configuration: a memory map, or a refusal with its message. {@link #ofQemu} starts
 * QEMU and reads the map from the monitor; {@link #ofPreset} asks the preset.
 */
record Observation(MemoryMap map, String refusal, GuestLayout layout) {
    static final int REDIST0_CPUS = 123;
    static final long REDIST_FRAME = 0x20000L;

    boolean refused() {
        return refusal != null;
    }

    static Observation ofPreset(Config c) {
        try {
            GuestLayout l = Presets.byName(c.preset()).orElseThrow().layout(new org.iovacheck.preset.PresetArgs(c.settings()));
            return new Observation(fromLayout(c, l), null, l);
        } catch (InputException e) {
            return new Observation(null, e.getMessage(), null);
        }
    }

    private static Range named(GuestLayout l, String name) {
        return l.regions().stream().filter(r -> r.name().equals(name)).map(GuestRegion::range).findFirst().orElse(null);
    }

    static MemoryMap fromLayout(Config c, GuestLayout l) {
        Map<String, Range> w = new LinkedHashMap<>();
        if (c.preset().equals("qemu-virt")) {
            Range ecam = named(l, "high-pcie-ecam");
            w.put("ecam", ecam != null ? ecam : named(l, "pcie-ecam"));
            w.put("mmio-high", named(l, "high-pcie-mmio"));
            if (c.smp() > REDIST0_CPUS) {
                Range r = named(l, "high-gic-redist2");
                w.put("redist-high", r == null ? null : Range.ofSize(r.first(), (c.smp() - REDIST0_CPUS) * REDIST_FRAME));
            }
        } else {
            Range hole = null;
            for (GuestRegion r : l.regions()) {
                boolean holePart = (r.name().startsWith("pci-hole") && !r.name().startsWith("pci-hole64")) || r.name().equals("pcie-ecam");
                if (holePart) {
                    hole = hole == null ? r.range() : hole.span(r.range());
                }
            }
            w.put("hole32", hole);
            Range hole64 = null;
            for (GuestRegion r : l.regions()) {
                if (r.name().startsWith("pci-hole64")) {
                    hole64 = hole64 == null ? r.range() : hole64.span(r.range());
                }
            }
            // a RAM-backed BAR carved out of the 64-bit window (at its first byte, or all of it) still belongs to the window
            for (GuestRegion r : l.regions()) {
                if ((r.name().equals("ivshmem-shm") || r.name().equals("vga-vram")) && Long.compareUnsigned(r.range().first(), 1L << 32) >= 0) {
                    if (hole64 == null || r.range().touches(hole64)) {
                        hole64 = hole64 == null ? r.range() : hole64.span(r.range());
                    }
                }
            }
            w.put("hole64", hole64);
        }
        Map<String, String> bars = new LinkedHashMap<>();
        for (String bar : deviceBars(c)) {
            Range at = l.bars().stream().filter(r -> r.name().equals(bar)).map(GuestRegion::range).findFirst().orElse(null);
            boolean low = l.bars().stream().anyMatch(r -> r.name().contains("(anywhere in ")
                    && java.util.Arrays.asList(r.name().substring(0, r.name().indexOf(" (")).split("\\+")).contains(bar));
            bars.put(bar, at != null ? hex(at) : low ? MemoryMap.LOW : "not placed");
        }
        return new MemoryMap(MemoryMap.mappedFromLayout(l), named(l, "hotplug-memory"), w, bars);
    }

    /** The BAR 2 names of the assigned devices of the {@code devices} setting, in slot order ("t0.bar2", ...). */
    static List<String> deviceBars(Config c) {
        List<String> out = new java.util.ArrayList<>();
        String d = c.settings().get("devices");
        if (d != null) {
            for (String dev : d.split(";")) {
                out.add(dev.substring(0, dev.indexOf(':')) + ".bar2");
            }
        }
        return out;
    }

    private static String hex(Range r) {
        return org.iovacheck.model.U64.hex(r.first()) + "-" + org.iovacheck.model.U64.hex(r.last());
    }

    /**
     * The BAR 2 of each pci-testdev (class 0x00ff, 1b36:0005) in `info pci`, in slot order: its range, or {@link MemoryMap#LOW}
     * when SeaBIOS put it below 4 GiB.
     */
    private static Map<String, String> testDeviceBars(Config c, String infoPci) {
        List<String> names = deviceBars(c);
        Map<String, String> out = new LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "PCI device 1b36:0005\n(?:(?!  Bus ).*\n)*?\s+BAR2: 64 bit prefetchable memory at 0x([0-9a-f]+) \\[0x([0-9a-f]+)\\]")
                .matcher(infoPci);
        int i = 0;
        while (m.find() && i < names.size()) {
            long first = Long.parseUnsignedLong(m.group(1), 16);
            long last = Long.parseUnsignedLong(m.group(2), 16);
            out.put(names.get(i++), first == -1L ? "not placed" : Long.compareUnsigned(last, 1L << 32) < 0 ? MemoryMap.LOW
                    : hex(new Range(first, last)));
        }
        for (; i < names.size(); i++) {
            out.put(names.get(i), "no pci-testdev BAR 2 in info pci");
        }
        return out;
    }

    /** Starts QEMU with {@code argv} (harness flags already added), reads the map, quits. */
    static Observation ofQemu(Config c, Path binary, List<String> argv, Path stderr) throws IOException, InterruptedException {
        Object started = Qmp.start(binary, argv, stderr);
        if (started instanceof Qmp.Refusal r) {
            return new Observation(null, "exit " + r.exitCode() + ": " + r.message(), null);
        }
        try (Qmp q = (Qmp) started) {
            String flat = q.hmp("info mtree -f");
            if (c.runFirmware()) {
                flat = waitForBars(q, c, flat);
            }
            String tree = q.hmp("info mtree");
            Map<String, List<Range>> found = MemoryMap.regionsFromTree(tree,
                    List.of("device-memory", "pcie-ecam", "pcie-mmio-high", "gicv3_redist_region[1]"));
            Range dev = found.containsKey("device-memory") ? found.get("device-memory").get(0) : null;
            Map<String, Range> w = new LinkedHashMap<>();
            if (c.preset().equals("qemu-virt")) {
                w.put("ecam", one(found.get("pcie-ecam")));
                w.put("mmio-high", one(found.get("pcie-mmio-high")));
                if (c.smp() > REDIST0_CPUS) {
                    w.put("redist-high", one(found.get("gicv3_redist_region[1]")));
                }
            } else {
                String host = c.preset().equals("qemu-q35") ? "/machine/q35" : "/machine/i440fx";
                w.put("hole32", hole(q.qomLong(host, "pci-hole-start"), q.qomLong(host, "pci-hole-end")));
                w.put("hole64", hole(q.qomLong(host, "pci-hole64-start"), q.qomLong(host, "pci-hole64-end")));
            }
            Map<String, String> bars = deviceBars(c).isEmpty() ? Map.of() : testDeviceBars(c, q.hmp("info pci"));
            return new Observation(new MemoryMap(MemoryMap.mappedFromFlatView(flat), dev, w, bars), null, null);
        }
    }

    private static Range one(List<Range> rs) {
        return rs == null ? null : rs.get(0);
    }

    /** QEMU's host-bridge properties give [start, end) (hw/pci-host/q35.c q35_host_get_pci_hole_end: range_upb + 1). */
    private static Range hole(long start, long endExclusive) {
        return Long.compareUnsigned(start, endExclusive) < 0 ? new Range(start, endExclusive - 1) : null;
    }

    /**
     * Lets SeaBIOS run until the RAM-backed BARs of the configured devices appear in the flat view, the VGA option ROM BAR is
     * switched off again (SeaBIOS maps it only to copy the ROM), and the view stays the same over three polls (at most 30 s).
     */
    private static String waitForBars(Qmp q, Config c, String flat) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String f = flat;
        String previous = "";
        int stable = 0;
        while (!barsMapped(c, f) || !testDevicesMapped(q, c) || f.contains("): vga.rom") || stable < 3) {
            stable = f.equals(previous) ? stable + 1 : 0;
            previous = f;
            if (System.nanoTime() > deadline) {
                throw new IOException("the firmware did not map the device BARs within 30 s:\n" + f);
            }
            Thread.sleep(100);
            f = q.hmp("info mtree -f");
        }
        q.command("stop", null);
        return q.hmp("info mtree -f");
    }

    /** Whether SeaBIOS has enabled every pci-testdev's BAR 2 (QEMU shows an unmapped BAR at 0xffffffffffffffff). */
    private static boolean testDevicesMapped(Qmp q, Config c) throws IOException {
        return deviceBars(c).isEmpty() || !testDeviceBars(c, q.hmp("info pci")).containsValue("not placed");
    }

    private static boolean barsMapped(Config c, String flat) {
        boolean vga = !"none".equals(c.settings().getOrDefault("vga", "std"));
        boolean shm = c.settings().containsKey("ivshmem");
        return (!vga || flat.contains("): vga.vram")) && (!shm || flat.contains("): shm0"));
    }
}
