package org.iovacheck.preset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * Where SeaBIOS 1.16.2 (QEMU's default x86 firmware, Debian's seabios package) puts the RAM-backed BARs of the emulated devices a
 * q35/pc preset models: std VGA's vram (BAR0, 16 MiB, 32-bit prefetchable) and ivshmem-plain's shared memory (BAR2, 64-bit
 * prefetchable). Source: src/fw/pciinit.c pci_bios_init_root_regions_mem, pci_region_map_entries, pci_bios_map_devices,
 * mch_mem_addr_setup, i440fx_mem_addr_setup. These are RAM sections to a VFIO listener, mapped like guest RAM.
 */
final class Seabios {
    static final long PCIMEM_END = 0xfec00000L;
    static final long MEM_MIN = 0x1000L;
    static final long VGA_VRAM = 16L << 20;
    static final long VGA_ROM = 64L << 10;

    private Seabios() {
    }

    /** Immutable; one BAR to place: device and BAR name, size (= alignment), whether it is 64-bit, whether RAM-backed. */
    private record Bar(String name, long size, boolean is64, boolean ramBacked) {
    }

    /**
     * Adds the RAM-backed BARs as RAM regions carved out of the PCI windows. {@code r64Base} is where the 64-bit window starts
     * before alignment: max(etc/reserved-memory-end, 4 GiB + RAM above 4 GiB).
     */
    static void placeBars(LayoutBuilder b, QemuX86.Params p, long below4g, boolean q35, long r64Base, boolean amdRelocated,
            boolean brokenReservedEnd) throws InputException {
        if (!p.vga() && p.ivshmem() == 0) {
            return;
        }
        List<Bar> mem = new ArrayList<>();
        List<Bar> pref = new ArrayList<>();
        if (q35) {
            mem.add(new Bar("ich9-ahci-abar", MEM_MIN, false, false));
        }
        if (p.vga()) {
            pref.add(new Bar("vga-vram", VGA_VRAM, false, true));
            mem.add(new Bar("vga-mmio", MEM_MIN, false, false));
            mem.add(new Bar("vga-rom", VGA_ROM, false, false));
        }
        if (p.ivshmem() != 0) {
            mem.add(new Bar("ivshmem-mmio", MEM_MIN, false, false));
            pref.add(new Bar("ivshmem-shm", p.ivshmem(), true, true));
        }
        // mch_mem_addr_setup: the window starts above MMCONFIG (0xb0000000 + 256 MiB); i440fx_mem_addr_setup: 0x80000000 or
        // 0xc0000000 by RamSize, else the build default 0xe0000000
        long pcimemStart = q35 ? 0xc0000000L : U64.le(below4g, 0x80000000L) ? 0x80000000L : U64.le(below4g, 0xc0000000L) ? 0xc0000000L : 0xe0000000L;
        if (!fits32(mem, pref, pcimemStart)) {
            // pci_bios_map_devices: move every 64-bit BAR above 4 GiB and place the rest again
            List<Bar> high = new ArrayList<>(pref.stream().filter(Bar::is64).toList());
            pref.removeIf(Bar::is64);
            if (!fits32(mem, pref, pcimemStart)) {
                throw InputException.option("ivshmem", "SeaBIOS: PCI memory window exhausted (it panics)");
            }
            if (brokenReservedEnd) {
                throw InputException.option("ivshmem", "machines up to 2.4 with maxmem tell SeaBIOS the hot-plug area's base as the end of"
                        + " reserved memory (broken_reserved_end), so it puts 64-bit BARs over the hot-plug area; iovacheck does not model it");
            }
            if (amdRelocated) {
                throw InputException.option("ivshmem", "iovacheck does not model SeaBIOS's 64-bit window when QEMU moved RAM to 1 TiB");
            }
            long align = high.stream().mapToLong(Bar::size).max().orElse(1);
            long base = LayoutBuilder.alignUp(LayoutBuilder.alignUp(r64Base, align, "ivshmem"), 1L << 30, "ivshmem");
            for (Bar bar : sorted(high)) {
                boolean held = b.carve(bar.name(), GuestKind.RAM, LayoutBuilder.ofSize(base, bar.size(), "ivshmem"));
                if (!held && p.machine().after(2, 11)) {
                    throw InputException.option("ivshmem", "SeaBIOS puts the " + SizeText.of(bar.size()) + " BAR at " + U64.shortHex(base)
                            + ", beyond QEMU's 64-bit PCI window (pci-hole64-size); iovacheck does not model the window QEMU then reports");
                }
                base += bar.size();
            }
            b.note("SeaBIOS put the 64-bit BARs that did not fit below 4 GiB at " + U64.shortHex(base) + " (pci_bios_map_devices)");
        }
        long[] bases = bases32(mem, pref);
        place(b, pref, bases[1]);
        b.note("RAM-backed BARs placed as SeaBIOS 1.16.2 places them (pciinit.c); VFIO maps them like RAM, and a failed map is fatal");
    }

    private static void place(LayoutBuilder b, List<Bar> bars, long base) {
        long at = base;
        for (Bar bar : sorted(bars)) {
            if (bar.ramBacked()) {
                b.carve(bar.name(), GuestKind.RAM, Range.ofSize(at, bar.size()));
            }
            at += bar.size();
        }
    }

    /** pci_region_map_entries places a region's entries by decreasing size (= alignment). */
    private static List<Bar> sorted(List<Bar> bars) {
        List<Bar> s = new ArrayList<>(bars);
        s.sort(Comparator.comparingLong(Bar::size).reversed());
        return s;
    }

    private static long sum(List<Bar> bars) {
        return bars.stream().mapToLong(Bar::size).sum();
    }

    private static long align(List<Bar> bars) {
        return bars.stream().mapToLong(Bar::size).max().orElse(1);
    }

    /**
     * pci_bios_init_root_regions_mem: the region with the larger alignment ends at the window's end, the other below it;
     * returns {MEM base, PREFMEM base}.
     */
    private static long[] bases32(List<Bar> mem, List<Bar> pref) {
        boolean prefOnTop = !(align(mem) < align(pref));
        List<Bar> top = prefOnTop ? pref : mem;
        List<Bar> below = prefOnTop ? mem : pref;
        long topBase = alignDown(PCIMEM_END - sum(top), align(top));
        long belowBase = alignDown(topBase - sum(below), align(below));
        return prefOnTop ? new long[] {belowBase, topBase} : new long[] {topBase, belowBase};
    }

    private static boolean fits32(List<Bar> mem, List<Bar> pref, long pcimemStart) {
        if (sum(mem) + sum(pref) >= PCIMEM_END) {
            return false;
        }
        long[] bases = bases32(mem, pref);
        long lowest = Math.min(bases[0], bases[1]);
        return lowest >= pcimemStart;
    }

    private static long alignDown(long v, long align) {
        return v < 0 ? -1 : v & -align;
    }
}
