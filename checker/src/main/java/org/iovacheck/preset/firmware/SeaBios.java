package org.iovacheck.preset.firmware;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * Where SeaBIOS on QEMU q35/pc puts every memory BAR of the root bus, the emulated devices' and the assigned ones' together
 * (src/fw/pciinit.c pci_setup, pci_bios_check_devices, pci_bios_map_devices). Before 1.16.3 the 64-bit BARs of all devices move
 * above RAM only when all BARs together do not fit the 32-bit window; from 1.16.3 (bcfed7e2, a6ed6b70, 1e1da7a9) they go below
 * the top of the address space the CPU reports, and always when RAM lies above 4 GiB; 1.17.0 (ec0bc256, df9dd418) caps that top
 * at 2^44 for guests with less than 1 TiB above 4 GiB.
 */
public final class SeaBios {
    /** Versions as major*10000 + minor*100 + patch. */
    public static final int V1_16_2 = 11602;
    public static final int V1_16_3 = 11603;
    public static final int V1_17_0 = 11700;
    public static final int LATEST = Integer.MAX_VALUE;
    /** BUILD_PCIMEM_END (src/config.h): the 32-bit window ends below the IOAPIC. */
    public static final long PCIMEM_END = 0xfec00000L;
    /** PCI_DEVICE_MEM_MIN (src/fw/pciinit.c): a memory BAR takes at least 4 KiB. */
    public static final long MEM_MIN = 0x1000L;
    /** Q35_HOST_BRIDGE_PCIEXBAR_ADDR + Q35_HOST_BRIDGE_PCIEXBAR_SIZE (src/hw/pci_ids.h, mch_mem_addr_setup). */
    static final long Q35_PCIMEM_START = 0xc0000000L;

    private SeaBios() {
    }

    /**
     * Immutable; one memory BAR as pci_bios_check_devices sees it: a name, its size (raised to {@link #MEM_MIN}), whether it is
     * 64-bit, whether prefetchable (its region: PREFMEM or MEM), and the --device BAR it stands for (null for an emulated one).
     */
    public record Bar(String name, long size, boolean is64, boolean prefetchable, BarSpec spec) {
        public Bar {
            size = U64.max(size, MEM_MIN);
        }

        /**
         * A --device BAR: 64-bit prefetchable or non-prefetchable as given; a 32-bit one is taken as non-prefetchable (the MEM
         * region; the user's syntax does not say).
         */
        public static Bar of(BarSpec s) {
            return new Bar(s.name(), s.size(), s.width().is64(), s.width() == BarSpec.Width.BITS64, s);
        }
    }

    /** Immutable; one BAR at the address SeaBIOS gives it. */
    public record Placed(Bar bar, Range range) {
    }

    /**
     * Immutable; SeaBIOS's answer: every BAR at its address, its own 64-bit window [pcimem64_start, pcimem64_end) (null when no
     * BAR went above 4 GiB) and notes naming the rule that decided.
     */
    public record Result(List<Placed> placed, Range window, List<String> notes) {
        public Result {
            placed = List.copyOf(placed);
            notes = List.copyOf(notes);
        }
    }

    /** pci_mem64_top: 0 when SeaBIOS does not trust or does not read phys-bits (always before 1.16.3). */
    static long top(X86Platform m, int version, List<String> notes) {
        if (version < V1_16_3 || !X86Platform.quirkValid(m.physBits(), m.amd())) {
            return 0;
        }
        int phys = m.physBits();
        long top = 1L << phys;
        if (version >= V1_17_0) {
            // RamSizeOver4G (src/fw/paravirt.c qemu_early_e820) is the end of the highest RAM entry above 4 GiB, minus 4 GiB
            if (phys > 44 && U64.lt(ramSizeOver4G(m), 1L << 40)) {
                top = 1L << 44;
                notes.add("limits the 64-bit window's top to 2^44 (phys-bits " + phys + ", less than 1 TiB above 4 GiB)");
            }
        } else if (phys > 46) {
            top = 1L << 46;
            notes.add("1.16.3 limits the 64-bit window's top to 2^46");
        }
        return top;
    }

    static long ramSizeOver4G(X86Platform m) {
        return m.ramEnd() - X86Platform.FOUR_GIB;
    }

    /**
     * pci_pad_mem64: 1.17.0 sets it when RAM lies above 4 GiB (the fw_cfg file opt/org.seabios/pci64 is taken as unset: not
     * modelled; a 64-bit vCPU); 1.16.3 when, in
     * addition, it trusts phys-bits (CPUPhysBits, at least 36); older releases have no padding. With it every 64-bit BAR goes
     * above 4 GiB.
     */
    static boolean pad(X86Platform m, int version, long top) {
        if (version >= V1_17_0) {
            return ramSizeOver4G(m) != 0;
        }
        return version >= V1_16_3 && top != 0 && ramSizeOver4G(m) != 0;
    }

    /**
     * pci_setup sets pcimem_start to RamSize (RAM below 4 GiB); i440fx_mem_addr_setup lowers it to 2 or 3 GiB for smaller
     * RamSize, mch_mem_addr_setup puts it above MMCONFIG.
     */
    static long pcimemStart(boolean q35, long below4g) {
        if (q35) {
            return Q35_PCIMEM_START;
        }
        if (U64.le(below4g, 0x80000000L)) {
            return 0x80000000L;
        }
        return U64.le(below4g, 0xc0000000L) ? 0xc0000000L : below4g;
    }

    /**
     * Places the BARs of the root bus, given in PCI slot order (each device's BARs by number). The I/O BARs and the USB
     * exception of pci_region_migrate_64bit_entries are not modelled (no USB controller is among the modelled devices).
     */
    public static Result place(X86Platform m, boolean q35, int version, List<Bar> bars) throws InputException {
        List<String> notes = new ArrayList<>();
        List<Bar> mem = new ArrayList<>();
        List<Bar> pref = new ArrayList<>();
        for (Bar b : bars) {
            insert(b.prefetchable() ? pref : mem, b);
        }
        // the option a refusal names: the --device BARs when there are any, else the emulated ivshmem (the only large one)
        String key = bars.stream().anyMatch(b -> b.spec() != null) ? "--device" : "ivshmem";
        long start = pcimemStart(q35, m.below4g());
        long top = top(m, version, notes);
        boolean pad = pad(m, version, top);
        long[] bases = bases32(mem, pref, start);
        if (!pad && bases != null) {
            notes.add("keeps every BAR below 4 GiB: all BARs together fit its 32-bit window " + U64.shortHex(start) + "-"
                    + U64.shortHex(PCIMEM_END - 1) + " (pci_bios_init_root_regions_mem)");
            List<Placed> out = new ArrayList<>(lay(mem, bases[0]));
            out.addAll(lay(pref, bases[1]));
            return new Result(out, null, notes);
        }
        // pci_region_migrate_64bit_entries keeps the order of the sorted lists
        List<Bar> mem64 = mem.stream().filter(Bar::is64).toList();
        List<Bar> pref64 = pref.stream().filter(Bar::is64).toList();
        mem.removeIf(Bar::is64);
        pref.removeIf(Bar::is64);
        bases = bases32(mem, pref, start);
        if (bases == null) {
            throw InputException.option(key, "the 32-bit BARs need more than SeaBIOS's 32-bit window " + U64.shortHex(start) + "-"
                    + U64.shortHex(PCIMEM_END - 1) + " (SeaBIOS panics: PCI: out of 32bit address space)");
        }
        notes.add(pad ? "moves every 64-bit BAR above 4 GiB (pci_pad_mem64: RAM lies above 4 GiB)"
                : "moves every 64-bit BAR above 4 GiB: all BARs together do not fit its 32-bit window " + U64.shortHex(start) + "-"
                        + U64.shortHex(PCIMEM_END - 1) + " (pci_bios_map_devices)");
        List<Placed> out = new ArrayList<>(lay(mem, bases[0]));
        out.addAll(lay(pref, bases[1]));
        try {
            return high(m, top, pad, mem64, pref64, out, notes, key);
        } catch (ArithmeticException e) {
            throw InputException.option(key, "the 64-bit BARs do not fit below 2^64 where SeaBIOS would put them");
        }
    }

    /** pci_bios_map_devices: the 64-bit region above RAM (and the hot-plug area), or below pci_mem64_top from 1.16.3. */
    private static Result high(X86Platform m, long top, boolean pad, List<Bar> mem64, List<Bar> pref64, List<Placed> out,
            List<String> notes, String key) throws InputException {
        long sumMem = sum(mem64);
        long sumPref = sum(pref64);
        long base = U64.max(m.reservedMemoryEnd(), m.ramEnd());
        if (top != 0) {
            long size = U64.addExact(U64.alignUp(sumMem, X86Platform.GIB), U64.alignUp(sumPref, X86Platform.GIB));
            if (pad) {
                size = U64.alignUp(size, top >>> 3);
            }
            if (U64.lt(top, size)) {
                throw InputException.option(key, "the 64-bit BARs need " + U64.shortHex(size) + " bytes, more than SeaBIOS's top "
                        + U64.shortHex(top) + "; SeaBIOS's result is undefined here");
            }
            if (U64.lt(base, top - size)) {
                base = top - size;
            }
            if (e820Used(m, base, size)) {
                if (U64.lt(base, size)) {
                    throw InputException.option(key, "SeaBIOS would move its 64-bit window below 0 (e820_is_used at " + U64.shortHex(base)
                            + "); its result is undefined here");
                }
                notes.add("moves the 64-bit window down by its size: " + U64.shortHex(base) + " meets an e820 entry (e820_is_used)");
                base -= size;
            }
        }
        base = U64.alignUp(U64.alignUp(base, align(mem64)), X86Platform.GIB);
        long prefBase = U64.alignUp(U64.alignUp(U64.addExact(base, sumMem), align(pref64)), X86Platform.GIB);
        long end = U64.alignUp(U64.addExact(prefBase, sumPref), X86Platform.GIB);
        out.addAll(lay(mem64, base));
        out.addAll(lay(pref64, prefBase));
        Range window = U64.lt(base, end) ? new Range(base, end - 1) : null;
        if (window != null) {
            notes.add("its 64-bit window " + window + (top != 0 ? " (top " + U64.shortHex(top) + (pad ? ", padded to top/8" : "") + ")"
                    : " (above RAM and the hot-plug area)"));
        }
        return new Result(out, window, notes);
    }

    /**
     * pci_region_create_entry: an entry goes before the first of smaller alignment, or of equal alignment and smaller size; a
     * BAR's alignment is its size, so the list is by decreasing size and equal sizes keep their slot order.
     */
    private static void insert(List<Bar> list, Bar b) {
        int i = 0;
        while (i < list.size() && Long.compareUnsigned(list.get(i).size(), b.size()) >= 0) {
            i++;
        }
        list.add(i, b);
    }

    /** pci_region_sum. */
    private static long sum(List<Bar> bars) {
        long s = 0;
        for (Bar b : bars) {
            s = U64.addFits(s, b.size()) ? s + b.size() : U64.MAX;
        }
        return s;
    }

    /** pci_region_align: the first (largest) entry's alignment, 1 for an empty region. */
    private static long align(List<Bar> bars) {
        return bars.isEmpty() ? 1 : bars.get(0).size();
    }

    /**
     * pci_bios_init_root_regions_mem: PREFMEM ends at the window's end and MEM lies below it, swapped when MEM's alignment is the
     * smaller; each base is aligned down to its region's alignment. Returns {MEM base, PREFMEM base}, or null when the lower base
     * falls below pcimem_start (or wraps).
     */
    static long[] bases32(List<Bar> mem, List<Bar> pref, long pcimemStart) {
        boolean swap = U64.lt(align(mem), align(pref));
        List<Bar> end = swap ? mem : pref;
        List<Bar> start = swap ? pref : mem;
        long endBase = alignDown(PCIMEM_END - sum(end), align(end));
        long startBase = alignDown(endBase - sum(start), align(start));
        if (U64.lt(startBase, pcimemStart) || U64.lt(PCIMEM_END, startBase) || U64.lt(PCIMEM_END, endBase)) {
            return null;
        }
        return swap ? new long[] {endBase, startBase} : new long[] {startBase, endBase};
    }

    private static long alignDown(long v, long align) {
        return v & -align;
    }

    /** pci_region_map_entries: each entry at the region's running base, by the list's order. */
    private static List<Placed> lay(List<Bar> ordered, long base) {
        List<Placed> out = new ArrayList<>();
        long at = base;
        for (Bar b : ordered) {
            out.add(new Placed(b, Range.ofSize(at, b.size())));
            at += b.size();
        }
        return out;
    }

    private static boolean e820Used(X86Platform m, long base, long size) {
        for (long[] e : m.e820()) {
            if (U64.lt(e[0], U64.addExact(base, size)) && U64.lt(base, e[1])) {
                return true;
            }
        }
        return false;
    }
}
