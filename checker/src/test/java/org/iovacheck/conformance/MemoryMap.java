package org.iovacheck.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * Immutable; the facts of one guest memory map that the conformance suite compares: the ranges a VFIO listener DMA-maps
 * (merged), the device-memory (hot-plug) area, named windows (PCI holes, virt's high regions) and the assigned devices' BARs
 * (their address, or {@link #LOW}). Built either from QEMU's
 * monitor output or from a preset's layout.
 */
record MemoryMap(List<Range> mapped, Range deviceMemory, Map<String, Range> windows, Map<String, String> bars) {
    /** What the suite says of a device BAR below 4 GiB: iovacheck does not place --device BARs there exactly. */
    static final String LOW = "below 4 GiB";

    MemoryMap(List<Range> mapped, Range deviceMemory, Map<String, Range> windows) {
        this(mapped, deviceMemory, windows, Map.of());
    }

    private static final Pattern LINE = Pattern.compile(
            "^\\s+([0-9a-f]{16})-([0-9a-f]{16}) \\(prio -?\\d+, ([a-z/]+)\\): (.*)$");

    /**
     * The sections of address space "memory" in {@code info mtree -f} that a VFIO listener maps. hw/vfio/common.c
     * vfio_listener_skipped_section (QEMU 7.2) skips every section whose region is neither RAM (memory_region_is_ram: mtree
     * types "ram", "rom" = read-only RAM, "ramd" = RAM device) nor an IOMMU; "romd" (ROM devices such as pflash) and "i/o" are
     * skipped. The assigned device's own BARs ("ramd") would be mapped too, but the suite starts no assigned device.
     */
    static List<Range> mappedFromFlatView(String mtreeF) {
        List<Range> out = new ArrayList<>();
        boolean inMemory = false;
        for (String line : mtreeF.split("\n")) {
            if (line.startsWith("FlatView")) {
                inMemory = false;
            } else if (line.startsWith(" AS \"memory\",")) {
                inMemory = true;
            } else if (inMemory) {
                Matcher m = LINE.matcher(line);
                if (m.matches() && List.of("ram", "rom", "ramd").contains(m.group(3))) {
                    out.add(new Range(Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16)));
                }
            }
        }
        return merge(out);
    }

    /** Regions of the address space "memory" tree in {@code info mtree} (no -f) whose name (alias names included) is given. */
    static Map<String, List<Range>> regionsFromTree(String mtree, List<String> names) {
        Map<String, List<Range>> out = new LinkedHashMap<>();
        boolean inMemory = false;
        for (String line : mtree.split("\n")) {
            if (line.startsWith("address-space:") || line.startsWith("memory-region:")) {
                inMemory = line.equals("address-space: memory");
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (inMemory && m.matches()) {
                String rest = m.group(4);
                String name = rest.startsWith("alias ") ? rest.substring(6, rest.indexOf(' ', 6)) : rest.split(" ")[0];
                if (names.contains(name)) {
                    out.computeIfAbsent(name, k -> new ArrayList<>())
                            .add(new Range(Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16)));
                }
            }
        }
        return out;
    }

    /** The preset's DMA-mapped ranges without p2p, hot-plug excluded (an empty hot-plug area holds no section). */
    static List<Range> mappedFromLayout(GuestLayout l) {
        List<Range> out = new ArrayList<>();
        for (GuestRegion r : l.regions()) {
            if (r.kind() == GuestKind.RAM || r.kind() == GuestKind.ROM) {
                out.add(r.range());
            }
        }
        return merge(out);
    }

    static List<Range> merge(List<Range> in) {
        List<Range> sorted = new ArrayList<>(in);
        sorted.sort(Range::compareTo);
        List<Range> out = new ArrayList<>();
        for (Range r : sorted) {
            if (!out.isEmpty() && out.get(out.size() - 1).touches(r)) {
                out.set(out.size() - 1, out.get(out.size() - 1).span(r));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** One line per fact, for assertion messages and for comparing two maps as text. */
    String describe() {
        StringBuilder sb = new StringBuilder("mapped:");
        for (Range r : mapped) {
            sb.append(' ').append(U64.hex(r.first())).append('-').append(U64.hex(r.last()));
        }
        sb.append("\ndevice-memory: ").append(deviceMemory == null ? "none" : U64.hex(deviceMemory.first()) + "-" + U64.hex(deviceMemory.last()));
        for (Map.Entry<String, Range> e : new java.util.TreeMap<>(windows).entrySet()) {
            Range r = e.getValue();
            sb.append('\n').append(e.getKey()).append(": ").append(r == null ? "none" : U64.hex(r.first()) + "-" + U64.hex(r.last()));
        }
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(bars).entrySet()) {
            sb.append('\n').append(e.getKey()).append(": ").append(e.getValue());
        }
        return sb.toString();
    }
}
