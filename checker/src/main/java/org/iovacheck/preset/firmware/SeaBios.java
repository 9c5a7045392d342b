package org.iovacheck.preset.firmware;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * SeaBIOS (src/fw/pciinit.c pci_setup, pci_bios_map_devices; src/fw/paravirt.c qemu_detect_phys_bits) on QEMU q35/pc: where
 * the 64-bit BARs go. Before 1.16.3 they go above RAM (QEMU's pci-hole64) and only when the 32-bit window cannot hold them;
 * from 1.16.3 (bcfed7e2, a6ed6b70, 1e1da7a9) to the top of the address space the CPU reports; 1.17.0 (ec0bc256, df9dd418)
 * caps that top at 2^44 for guests with less than 1 TiB above 4 GiB.
 */
public final class SeaBios {
    /** Versions as major*10000 + minor*100 + patch. */
    public static final int V1_16_3 = 11603;
    public static final int V1_17_0 = 11700;
    public static final int LATEST = Integer.MAX_VALUE;

    private SeaBios() {
    }

    /** pci_mem64_top: 0 when SeaBIOS does not trust or does not read phys-bits. */
    static long top(X86Platform m, int version, List<String> notes) {
        if (version < V1_16_3 || !X86Platform.quirkValid(m.physBits(), m.amd())) {
            return 0;
        }
        int phys = m.physBits();
        long top = 1L << phys;
        if (version >= V1_17_0) {
            if (phys > 44 && U64.lt(m.aboveSize(), 1L << 40)) {
                top = 1L << 44;
                notes.add("SeaBIOS limits the 64-bit window's top to 2^44 (phys-bits " + phys + ", less than 1 TiB above 4 GiB)");
            }
        } else if (phys > 46) {
            top = 1L << 46;
            notes.add("SeaBIOS 1.16.3 limits the 64-bit window's top to 2^46");
        }
        return top;
    }

    public static Placement place(X86Platform m, int version, List<BarSpec> bars, long hole32Size) throws InputException {
        List<String> notes = new ArrayList<>();
        List<BarSpec> low = new ArrayList<>();
        List<BarSpec> mem = new ArrayList<>();
        List<BarSpec> pref = new ArrayList<>();
        long all = 0;
        for (BarSpec b : bars) {
            all += b.size();
            if (!b.width().is64()) {
                low.add(b);
            } else {
                (b.width() == BarSpec.Width.BITS64_NP ? mem : pref).add(b);
            }
        }
        long top = top(m, version, notes);
        boolean pad = version >= V1_17_0 ? m.aboveSize() != 0 : version >= V1_16_3 && top != 0 && m.aboveSize() != 0;
        boolean fits32 = U64.le(all, hole32Size);
        if (mem.isEmpty() && pref.isEmpty() || !pad && fits32) {
            if (!mem.isEmpty() || !pref.isEmpty()) {
                notes.add("SeaBIOS keeps 64-bit BARs below 4 GiB when no RAM lies above 4 GiB (no padding) and the 32-bit window holds them"
                        + " (other devices' BARs are not known to iovacheck)");
            }
            low.addAll(mem);
            low.addAll(pref);
            return new Placement("seabios-pci64", null, List.of(), low, notes);
        }
        List<BarSpec> memOrder = BarPacker.seabiosOrder(mem);
        List<BarSpec> prefOrder = BarPacker.seabiosOrder(pref);
        long sumMem = BarPacker.span(memOrder);
        long sumPref = BarPacker.span(prefOrder);
        long base = m.reservedMemoryEnd();
        long ramTop = X86Platform.FOUR_GIB + m.aboveSize();
        if (U64.lt(base, ramTop)) {
            base = ramTop;
        }
        if (top != 0) {
            long size = U64.alignUp(sumMem, X86Platform.GIB) + U64.alignUp(sumPref, X86Platform.GIB);
            if (pad) {
                size = U64.alignUp(size, top >>> 3);
            }
            if (U64.lt(top, size)) {
                throw InputException.option("--device", "the 64-bit BARs need " + U64.shortHex(size) + " bytes, more than SeaBIOS's top "
                        + U64.shortHex(top) + "; SeaBIOS's result is undefined here");
            }
            if (U64.lt(base, top - size)) {
                base = top - size;
            }
            if (e820Used(m, base, size)) {
                notes.add("SeaBIOS moves the 64-bit window down by its size: " + U64.shortHex(base) + " meets an e820 entry (e820_is_used)");
                base -= size;
            }
        }
        base = U64.alignUp(base, memOrder.isEmpty() ? 1 : memOrder.get(0).size());
        base = U64.alignUp(base, X86Platform.GIB);
        long prefBase = U64.alignUp(base + sumMem, prefOrder.isEmpty() ? 1 : prefOrder.get(0).size());
        prefBase = U64.alignUp(prefBase, X86Platform.GIB);
        long end = U64.alignUp(prefBase + sumPref, X86Platform.GIB);
        List<Placement.PlacedBar> placed = new ArrayList<>(BarPacker.lay(memOrder, base));
        placed.addAll(BarPacker.lay(prefOrder, prefBase));
        notes.add("SeaBIOS 64-bit PCI window " + U64.shortHex(base) + "-" + U64.shortHex(end - 1)
                + (top != 0 ? " (top " + U64.shortHex(top) + (pad ? ", padded to top/8" : "") + ")" : " (above RAM)"));
        return new Placement("seabios-pci64", new Range(base, end - 1), placed, low, notes);
    }

    private static boolean e820Used(X86Platform m, long base, long size) {
        for (long[] e : m.e820()) {
            if (U64.lt(e[0], base + size) && U64.lt(base, e[1])) {
                return true;
            }
        }
        return false;
    }
}
