package org.iovacheck.conformance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;
import tools.jackson.databind.JsonNode;

/**
 * The BARs a real firmware assigned, read with query-pci once every memory BAR has an address and two polls agree, and their
 * comparison with a preset's layout: a BAR the preset places must be exactly there, one it covers conservatively ("NAME
 * (anywhere in HOLE)") must lie in such a range, and a BAR above 4 GiB must lie in the firmware window the preset names.
 */
final class OvmfBars {
    static final int PCI_TESTDEV = 0x0005;
    static final int IVSHMEM = 0x1110;
    static final int STD_VGA = 0x1111;
    private static final int ROM_BAR = 6;
    private static final long FOUR_GIB = 1L << 32;

    private OvmfBars() {
    }

    /**
     * Polls query-pci every 0.5 s until every memory BAR but the ROM BAR has an address (QEMU reports -1 while the command
     * register does not decode memory, hw/pci/pci.c pci_bar_address) and two polls in a row agree; at most {@code seconds}.
     */
    static List<OvmfConformanceTest.RealBar> waitAssigned(Qmp q, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<OvmfConformanceTest.RealBar> previous = null;
        int same = 0;
        while (true) {
            List<OvmfConformanceTest.RealBar> bars = read(q);
            boolean assigned = !bars.isEmpty() && bars.stream().allMatch(b -> b.address() != 0 && b.address() != U64.MAX);
            same = assigned && bars.equals(previous) ? same + 1 : 0;
            if (same >= 2) {
                q.command("stop", null);
                return bars;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the firmware did not assign every BAR within " + seconds + " s: " + bars);
            }
            previous = bars;
            Thread.sleep(500);
        }
    }

    private static List<OvmfConformanceTest.RealBar> read(Qmp q) throws IOException {
        List<OvmfConformanceTest.RealBar> out = new ArrayList<>();
        for (JsonNode bus : q.command("query-pci", null)) {
            for (JsonNode d : bus.get("devices")) {
                for (JsonNode r : d.path("regions")) {
                    if (r.get("type").asString().equals("memory") && r.get("bar").asInt() != ROM_BAR) {
                        out.add(new OvmfConformanceTest.RealBar(d.get("slot").asInt(), d.get("id").get("device").asInt(), r.get("bar").asInt(),
                                r.get("address").asLong(), r.get("size").asLong()));
                    }
                }
            }
        }
        return out;
    }

    /** The disagreements between the real BARs and the layout, one per line; empty when none. */
    static String compare(int testdevs, int firstSlot, GuestLayout layout, List<OvmfConformanceTest.RealBar> real) {
        StringBuilder problems = new StringBuilder();
        int found = 0;
        for (OvmfConformanceTest.RealBar b : real) {
            String name = null;
            if (b.deviceId() == PCI_TESTDEV && b.slot() >= firstSlot && b.slot() < firstSlot + testdevs) {
                name = "t" + (b.slot() - firstSlot + 1) + ".bar" + b.bar();
                found++;
            } else if (b.deviceId() == IVSHMEM && b.bar() == 2) {
                name = "ivshmem.bar2";
            } else if (b.deviceId() == STD_VGA && b.bar() == 0) {
                name = "vga-vram";
            }
            if (name != null) {
                problems.append(judge(name, b, layout));
            }
        }
        if (found != 2 * testdevs) {
            problems.append("\n  QEMU shows ").append(found).append(" pci-testdev memory BARs, expected ").append(2 * testdevs);
        }
        return problems.toString();
    }

    private static String judge(String name, OvmfConformanceTest.RealBar b, GuestLayout layout) {
        Range real = Range.ofSize(b.address(), b.size());
        List<Range> covers = new ArrayList<>();
        Range exact = null;
        List<GuestRegion> all = new ArrayList<>(layout.regions());
        all.addAll(layout.bars());
        for (GuestRegion r : all) {
            int cut = r.name().indexOf(" (anywhere in ");
            if (r.name().equals(name)) {
                exact = r.range();
            } else if (cut > 0 && List.of(r.name().substring(0, cut).split("\\+")).contains(name)) {
                covers.add(r.range());
            }
        }
        if (exact != null) {
            if (!exact.equals(real)) {
                return "\n  " + name + ": real " + real + ", preset " + exact;
            }
            if (U64.le(FOUR_GIB, real.first()) && !inWindow(layout, real)) {
                return "\n  " + name + ": real " + real + " lies outside the preset's 64-bit window";
            }
            return "";
        }
        for (Range c : covers) {
            if (c.contains(real)) {
                return "";
            }
        }
        return "\n  " + name + ": real " + real + ", the preset neither places it nor covers it (covers: " + covers + ")";
    }

    /** The sections of QEMU's flat view a VFIO listener maps (MemoryMap.mappedFromFlatView) that the layout does not DMA-map. */
    static String mappedCovered(String flat, GuestLayout layout) {
        List<Range> preset = MemoryMap.merge(layout.mapped(false).stream().map(GuestRegion::range).toList());
        StringBuilder problems = new StringBuilder();
        for (Range r : MemoryMap.mappedFromFlatView(flat)) {
            if (preset.stream().noneMatch(m -> m.contains(r))) {
                problems.append("\n  QEMU maps ").append(r).append(", which the preset does not DMA-map (preset: ").append(preset).append(')');
            }
        }
        return problems.toString();
    }

    /**
     * Whether a range lies in the 64-bit window of a layout: the regions named ovmf-pci64* (OVMF's window, in pieces around an
     * AMD HT reservation), or QEMU's pci-hole64 when OVMF's window lies inside it (X86Firmware.apply then keeps the hole).
     */
    private static boolean inWindow(GuestLayout layout, Range r) {
        return layout.regions().stream().anyMatch(w -> (w.name().startsWith("ovmf-pci64") || w.name().startsWith("pci-hole64")) && w.range().contains(r));
    }
}
