package org.iovacheck.preset.firmware;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * crosvm places an assigned device's BARs itself (devices/src/pci/vfio_pci.rs allocate_root_barmem, in BAR order, aligned to
 * their size): 64-bit prefetchable BARs in the high MMIO pool, every other BAR in the low pool, and a high allocation that
 * does not fit retried low (resources/src/system_allocator.rs allocate_mmio). Allocation is first fit from the bottom
 * (resources/src/address_allocator.rs allocate_with_align, top_down false).
 */
public final class CrosvmAllocator {
    private CrosvmAllocator() {
    }

    public static Placement place(List<BarSpec> bars, Range low, Range high) throws InputException {
        BottomUp lo = new BottomUp(low);
        BottomUp hi = high == null ? null : new BottomUp(high);
        List<Placement.PlacedBar> placed = new ArrayList<>();
        for (BarSpec b : bars) {
            if (b.ivshmem()) {
                throw InputException.option("--device", "ivshmem devices are modelled for QEMU only");
            }
            Range r = null;
            if (b.width() == BarSpec.Width.BITS64 && hi != null) {
                r = hi.allocate(b.size());
            }
            if (r == null) {
                r = lo.allocate(b.size());
            }
            if (r == null) {
                throw InputException.option("--device", b.name() + " (" + U64.shortHex(b.size()) + " bytes) does not fit crosvm's MMIO pools (OutOfSpace)");
            }
            placed.add(new Placement.PlacedBar(b, r));
        }
        return new Placement("high-mmio", high, placed, List.of(), List.of("crosvm allocates BARs bottom-up, first fit (BARs of"
                + " other devices allocated before, e.g. virtio-pci, are not known: they sit below these)"));
    }

    /** Mutable; first fit from the bottom over one pool. */
    private static final class BottomUp {
        private final Range pool;
        private final TreeMap<Long, Long> taken = new TreeMap<>(Long::compareUnsigned);

        BottomUp(Range pool) {
            this.pool = pool;
        }

        Range allocate(long size) {
            long lo = pool.first();
            for (var e : taken.entrySet()) {
                Range r = fit(lo, e.getKey(), size);
                if (r != null) {
                    return take(r);
                }
                lo = e.getKey() + e.getValue();
            }
            Range r = fit(lo, pool.last() + 1, size);
            return r == null ? null : take(r);
        }

        private Range take(Range r) {
            taken.put(r.first(), r.last() - r.first() + 1);
            return r;
        }

        private static Range fit(long lo, long hiExcl, long size) {
            long from = U64.alignUp(lo, size);
            if (U64.lt(hiExcl, from) || U64.lt(hiExcl - from, size)) {
                return null;
            }
            return Range.ofSize(from, size);
        }
    }
}
