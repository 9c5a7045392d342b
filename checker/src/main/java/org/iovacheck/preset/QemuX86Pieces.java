package org.iovacheck.preset;

import static org.iovacheck.preset.QemuX86.GIB;
import static org.iovacheck.preset.QemuX86.KIB;
import static org.iovacheck.preset.QemuX86.MIB;
import static org.iovacheck.preset.QemuX86.AMD_HT_START;
import static org.iovacheck.preset.QemuX86.FOUR_GIB;
import static org.iovacheck.preset.QemuX86.SHADOW_FIRST;
import static org.iovacheck.preset.QemuX86.VGA_FIRST;

import org.iovacheck.format.InputException;
import org.iovacheck.model.U64;

/**
 * How q35 and pc layouts change with RAM, for place's searches: the max-ram-below-4g knob, the sizes where layouts stop
 * nesting, and the pieces within which every region moves affinely with RAM (QEMU's rules as in {@link QemuX86}).
 */
final class QemuX86Pieces {
    private QemuX86Pieces() {
    }

    /** The knob place turns for q35 and pc: where RAM below 4 GiB ends, every MiB from 4 GiB down. */
    static final Knob MAX_RAM_BELOW_4G_KNOB = new Knob("max-ram-below-4g", 1L << 20, 1L << 32, 1L << 20, true,
            "-machine ...,max-ram-below-4g=: ends RAM below 4 GiB lower, below a reserved range");

    /**
     * Layouts nest in RAM unless a hot-plug area or an ivshmem BAR (SeaBIOS's window start and 64-bit base follow RAM) can move
     * regions as RAM grows; the AMD 1 TiB relocation only splits them into nested pieces (amdBreaks).
     */
    static boolean nestedInRam(java.util.Map<String, String> settings) {
        return settings.getOrDefault("ivshmem", "none").equals("none") && !settings.containsKey("maxmem") && !settings.containsKey("slots");
    }

    /**
     * The RAM sizes where a q35/pc layout stops nesting: the hot-plug pieces when a hot-plug area can shrink, otherwise
     * {@code first} (where RAM starts to go above 4 GiB) and the AMD relocation's breaks for each split point.
     */
    static java.util.List<Long> ramBreaks(java.util.Map<String, String> settings, java.util.List<Long> splits, long first, long hole64Default) {
        if (shrinkingInRam(settings).isPresent()) {
            return hotplugBreaks(settings, splits);
        }
        java.util.List<Long> out = new java.util.ArrayList<>(java.util.List.of(first));
        out.addAll(amdBreaks(settings, splits, hole64Default));
        return out;
    }

    /**
     * With an AMD vCPU, pc_memory_init moves all above-4G RAM to 1 TiB once the highest used address (the 64-bit PCI hole's
     * end, at the next GiB above RAM) reaches the HyperTransport hole: layouts nest below that size and above it, not across.
     * The sizes where that happens for each RAM split point L below 4 GiB (extra breaks only make pieces smaller).
     */
    static java.util.List<Long> amdBreaks(java.util.Map<String, String> settings, java.util.List<Long> splits, long hole64Default) {
        String amd = settings.get("amd");
        if (!"on".equals(amd) && !"true".equals(amd) && !"yes".equals(amd)) {
            return java.util.List.of();
        }
        long hole64;
        try {
            hole64 = new PresetArgs(settings).size("pci-hole64-size", hole64Default);
        } catch (InputException e) {
            return java.util.List.of();
        }
        if (!U64.lt(hole64, AMD_HT_START)) {
            return java.util.List.of();
        }
        long threshold = AMD_HT_START + 1 - hole64;
        long m = Long.divideUnsigned(threshold + GIB - 1, GIB);
        java.util.List<Long> out = new java.util.ArrayList<>();
        for (long l : splits) {
            long r = l + (m - 1) * GIB + 1 - FOUR_GIB;
            if (U64.lt(0, r) && U64.le(l, r)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * {@link Preset#nestedPieceStart} for q35 and pc without a hot-plug area: with RAM above 4 GiB, everything but RAM depends
     * on the RAM size only through the GiB its above-4G part ends in (pc_memory_init puts the 64-bit PCI hole at the next GiB,
     * OVMF aligns its window base to 1 GiB, MemDetect.c PlatformGetFirstNonAddress; SeaBIOS its 64-bit base, pciinit.c
     * pci_bios_map_devices; the e820 entries they test are GiB-aligned or meet a GiB-aligned window at a GiB step), so a piece
     * is one GiB step of above-4G RAM, cut further at the preset's RAM breaks. With all RAM below 4 GiB the 32-bit holes shrink
     * as RAM grows (SeaBIOS may then move 64-bit BARs up), so each size is its own piece. -1 with maxmem or slots.
     */
    static long pieceStart(java.util.Map<String, String> settings, long ram, long below, java.util.List<Long> breaks) {
        if (settings.containsKey("maxmem") || settings.containsKey("slots")) {
            return -1;
        }
        if (!U64.lt(below, ram)) {
            return ram;
        }
        long start = below + Long.divideUnsigned(ram - below - 1, GIB) * GIB + 1;
        for (long b : breaks) {
            if (U64.lt(start, b) && U64.le(b, ram)) {
                start = b;
            }
        }
        return start;
    }

    /** Beyond this many GiB of maxmem plus slots the pieces are not listed, and place --maximize scans sizes instead. */
    static final long MAX_PIECES = 1L << 14;

    /**
     * With maxmem or slots (and no AMD relocation), pc_get_device_memory_range (hw/i386/pc.c) puts the hot-plug area at
     * ROUND_UP(above_4g_mem_start + above_4g_mem_size, 1 GiB) with maxram_size - ram_size + slots GiB: within a piece where
     * the RAM split below/above 4 GiB keeps its rule and the above-4G RAM stays in one GiB step, its base stays and its end
     * falls as RAM grows, every RAM region only grows, and the highest used address (the phys-bits check) only falls.
     */
    static java.util.Optional<java.util.Set<String>> shrinkingInRam(java.util.Map<String, String> settings) {
        return hotplugSteps(settings) < 0 ? java.util.Optional.empty() : java.util.Optional.of(java.util.Set.of("hotplug-memory"));
    }

    /** The sizes where a piece of {@link #shrinkingInRam} starts: each RAM split point L, and L + k GiB + 1 (the next GiB step above 4 GiB). */
    static java.util.List<Long> hotplugBreaks(java.util.Map<String, String> settings, java.util.List<Long> splits) {
        long steps = hotplugSteps(settings);
        java.util.List<Long> out = new java.util.ArrayList<>(splits);
        for (long l : splits) {
            for (long k = 0; k <= steps; k++) {
                if (U64.addFits(l, k * GIB + 1)) {
                    out.add(l + k * GIB + 1);
                }
            }
        }
        return out;
    }

    /** With slots, QEMU refuses ram == maxmem: the sizes it takes end one byte below maxmem. */
    static long ramCeiling(java.util.Map<String, String> settings, long maxmem) {
        return maxmem != 0 && settings.containsKey("slots") && !"0".equals(settings.get("slots")) ? maxmem - 1 : maxmem;
    }

    private static long hotplugSteps(java.util.Map<String, String> settings) {
        String amd = settings.get("amd");
        if (!settings.getOrDefault("ivshmem", "none").equals("none")) {
            return -1;
        }
        if (nestedInRam(settings) || "on".equals(amd) || "true".equals(amd) || "yes".equals(amd) || !settings.containsKey("maxmem")) {
            return -1;
        }
        try {
            PresetArgs a = new PresetArgs(settings);
            long steps = Long.divideUnsigned(a.size("maxmem", 0), GIB) + a.integer("slots", 0, 1_000_000, 0) + 1;
            return steps > MAX_PIECES ? -1 : steps;
        } catch (InputException e) {
            return -1;
        }
    }

    /** Beyond this many GiB of maxmem plus slots no affine pieces are declared (a maxmem above 1 PiB). */
    static final long MAX_AFFINE_GIB = 1L << 20;

    /**
     * q35/pc with {@code maxmem} (no ivshmem, no firmware parameters) are affine in RAM between these sizes, on multiples of
     * 8 KiB (QEMU rounds -m up to 8 KiB, so finer sizes share a layout). Why, rule by rule (hw/i386/pc.c pc_memory_init,
     * pc_get_device_memory_range, pc_pci_hole64_start, pc_max_used_gpa): below 4 GiB RAM is min(ram, split) for a split
     * point L of {@code splits} ({L, the largest size using it}; the end of low RAM, +1 per byte while ram is below L, then fixed; the VGA carve-out and the
     * 1 MiB floor of the 32-bit PCI hole change which regions exist at 0xa0000, 0xc0000 and 1 MiB, SeaBIOS's pc window at
     * 0x80000000 and 0xc0000000: all breaks); above 4 GiB the RAM is [start, start + ram - L) (+1); the hot-plug area
     * starts at ROUND_UP(start + ram - L, 1 GiB), constant between L + k GiB + 1 (breaks), and is maxmem - ram + slots GiB
     * long (its end -1); the 64-bit hole starts at ROUND_UP of the hot-plug end, which with base a GiB multiple changes only
     * where ram = maxmem - j GiB (breaks), so it, pc_max_used_gpa, the phys-bits refusal and the AMD move to 1 TiB (start
     * 4 GiB or 1 TiB) are all constant within a piece; at ram = maxmem the hot-plug area vanishes (a break). The sizes QEMU
     * accepts in a piece: all or none, or (maxmem, phys-bits) those up to the ceiling, an interval holding an end.
     */
    static java.util.Optional<RamPieces> affinePieces(java.util.Map<String, String> settings, java.util.List<long[]> splits,
            java.util.List<Long> plain) {
        if (!settings.containsKey("maxmem") || !settings.getOrDefault("ivshmem", "none").equals("none")) {
            return java.util.Optional.empty();
        }
        for (PresetParam f : X86Firmware.PARAMS) {
            if (settings.containsKey(f.key())) {
                return java.util.Optional.empty();
            }
        }
        long maxmem;
        long gib;
        try {
            PresetArgs a = new PresetArgs(settings);
            maxmem = a.size("maxmem", 0);
            gib = Long.divideUnsigned(maxmem, GIB) + a.integer("slots", 0, 1_000_000, 0) + 1;
        } catch (InputException e) {
            return java.util.Optional.empty();
        }
        if (gib > MAX_AFFINE_GIB) {
            return java.util.Optional.empty();
        }
        java.util.TreeSet<Long> out = new java.util.TreeSet<>(Long::compareUnsigned);
        out.addAll(java.util.List.of(VGA_FIRST + 1, SHADOW_FIRST + 1, MIB + 1, 0x80000001L, 0xc0000001L, maxmem));
        for (long j = 1; j * GIB <= maxmem && j > 0; j++) {
            out.add(maxmem - j * GIB);
        }
        out.addAll(plain);
        for (long[] l : splits) {
            out.add(l[0]);
            for (long k = 0; k <= gib && U64.addFits(l[0], k * GIB + 1) && U64.le(l[0] + k * GIB + 1, l[1]); k++) {
                out.add(l[0] + k * GIB + 1);
            }
        }
        return java.util.Optional.of(new RamPieces(8 * KIB, java.util.List.copyOf(out)));
    }
}
