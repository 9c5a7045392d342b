package org.iovacheck.preset.firmware;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/** Lays BARs out one after another from a base, each at its natural alignment, in an order a firmware chose. */
final class BarPacker {
    private BarPacker() {
    }

    /**
     * edk2 PciBusDxe order: InsertResourceNode (MdeModulePkg/Bus/Pci/PciBusDxe/PciResourceSupport.c) keeps a bridge's children
     * by descending alignment; a node of equal alignment goes in front of those inserted before it. Devices are inserted in
     * bus order and each device's BARs by number, so equal sizes come out in reverse order.
     */
    static List<BarSpec> edk2Order(List<BarSpec> inserted) {
        List<BarSpec> list = new ArrayList<>();
        for (BarSpec b : inserted) {
            int i = 0;
            while (i < list.size() && Long.compareUnsigned(list.get(i).size(), b.size()) > 0) {
                i++;
            }
            list.add(i, b);
        }
        return list;
    }

    /**
     * SeaBIOS order: pci_region_create_entry (src/fw/pciinit.c) inserts each entry before the first of smaller alignment, or of
     * equal alignment and smaller size; equal entries keep their order.
     */
    static List<BarSpec> seabiosOrder(List<BarSpec> inserted) {
        List<BarSpec> list = new ArrayList<>();
        for (BarSpec b : inserted) {
            int i = 0;
            while (i < list.size() && Long.compareUnsigned(list.get(i).size(), b.size()) >= 0) {
                i++;
            }
            list.add(i, b);
        }
        return list;
    }

    /** The sum of the sizes with each aligned to its own size, as laid out from an address aligned to the first (largest). */
    static long span(List<BarSpec> ordered) {
        long off = 0;
        for (BarSpec b : ordered) {
            off = U64.alignUp(off, b.size());
            off = U64.addExact(off, b.size());
        }
        return off;
    }

    static List<Placement.PlacedBar> lay(List<BarSpec> ordered, long base) {
        List<Placement.PlacedBar> out = new ArrayList<>();
        long at = base;
        for (BarSpec b : ordered) {
            at = U64.alignUp(at, b.size());
            out.add(new Placement.PlacedBar(b, Range.ofSize(at, b.size())));
            at = U64.addExact(at, b.size());
        }
        return out;
    }

    /** The largest power of two not above v (edk2 GetPowerOfTwo64); v > 0. */
    static long powerOfTwoFloor(long v) {
        return Long.highestOneBit(v);
    }
}
