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
     * edk2 PciBusDxe order under a root bridge that decodes MEM and PMEM together (EFI_PCI_HOST_BRIDGE_COMBINE_MEM_PMEM: OVMF
     * OvmfPkg/Library/PciHostBridgeLib, ArmVirtQemu OvmfPkg/Fdt/FdtPciHostBridgeLib). MdeModulePkg/Bus/Pci/PciBusDxe/PciResourceSupport.c:
     * GetResourceFromDevice inserts each BAR (devices in bus order, BARs by number) into the MEM64 or PMEM64 list with
     * InsertResourceNode, which keeps a list by descending alignment and puts a node in front of those of equal alignment;
     * DegradeResource then merges the PMEM64 list into the MEM64 one (MergeResourceTree, from its head, with InsertResourceNode
     * again). So prefetchable BARs of equal size end up in bus order, in front of the non-prefetchable ones of that size,
     * and non-prefetchable BARs of equal size in reverse bus order (measured with OVMF 2022.11: three 64-bit prefetchable
     * BARs of 1, 4 and 1 GiB on slots 1-3 land at base+4G, base, base+5G).
     */
    static List<BarSpec> edk2Order(List<BarSpec> inserted) {
        List<BarSpec> mem = new ArrayList<>();
        List<BarSpec> pmem = new ArrayList<>();
        for (BarSpec b : inserted) {
            insertResourceNode(b.width() == BarSpec.Width.BITS64_NP ? mem : pmem, b);
        }
        for (BarSpec b : pmem) {
            insertResourceNode(mem, b);
        }
        return mem;
    }

    /** InsertResourceNode for BARs (power-of-two sizes): in front of the first node whose alignment is not larger. */
    private static void insertResourceNode(List<BarSpec> list, BarSpec b) {
        int i = 0;
        while (i < list.size() && Long.compareUnsigned(list.get(i).size(), b.size()) > 0) {
            i++;
        }
        list.add(i, b);
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
