package org.iovacheck.preset.firmware;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * cloud-hypervisor places BARs itself, top-down (vm-allocator/src/address.rs first_available_range: the highest gap that
 * holds the request, at the highest aligned address in it). Assigned devices' BARs are allocated in device order and BAR
 * order (pci/src/vfio.rs allocate_bars): 32-bit BARs naturally aligned in the 32-bit device area, 64-bit BARs aligned to
 * max(page size, size) in the 64-bit device area, which ends below the 1 MiB platform area under 2^phys-bits - 64 KiB
 * (vmm/src/memory_manager.rs mmio_address_space_size, PLATFORM_DEVICE_AREA_SIZE).
 */
public final class CloudHypervisorAllocator {
    /** mmio_address_space_size: 2^phys-bits minus 64 KiB. */
    public static final long TOP_GAP = 1L << 16;
    /** PLATFORM_DEVICE_AREA_SIZE. */
    public static final long PLATFORM_AREA = 1L << 20;
    static final long PAGE = 4096;

    private CloudHypervisorAllocator() {
    }

    /** The inclusive end of the 64-bit device area for these phys-bits. */
    public static long deviceAreaLast(int physBits) {
        return (1L << physBits) - TOP_GAP - PLATFORM_AREA - 1;
    }

    public static Placement place(List<BarSpec> bars, Range mmio32, Range mmio64) throws InputException {
        TopDown low = new TopDown(mmio32);
        TopDown high = mmio64 == null ? null : new TopDown(mmio64);
        List<Placement.PlacedBar> placed = new ArrayList<>();
        for (BarSpec b : bars) {
            if (b.ivshmem()) {
                throw InputException.option("--device", "ivshmem devices are modelled for QEMU only");
            }
            Range r;
            if (b.width().is64()) {
                if (high == null) {
                    throw InputException.option("--device", b.name() + ": no 64-bit device area in this layout");
                }
                r = high.allocate(b.size(), U64.max(PAGE, b.size()));
            } else {
                r = low.allocate(b.size(), b.size());
            }
            if (r == null) {
                throw InputException.option("--device", b.name() + " (" + U64.shortHex(b.size()) + " bytes) does not fit cloud-hypervisor's "
                        + (b.width().is64() ? "64-bit" : "32-bit") + " device area (IoAllocationFailed)");
            }
            placed.add(new Placement.PlacedBar(b, r));
        }
        return new Placement("pci-mmio-64", mmio64, placed, List.of(), List.of("cloud-hypervisor allocates BARs top-down in its device areas"
                + " (BARs of virtio-pci and other devices, allocated first, are not known: they sit above these)"));
    }

    /** Mutable; one AddressAllocator: allocated ranges, searched from the top. */
    private static final class TopDown {
        private final long base;
        private final long endExcl;
        private final TreeMap<Long, Long> ranges = new TreeMap<>(Long::compareUnsigned);

        TopDown(Range area) {
            base = area.first();
            endExcl = area.last() + 1;
        }

        Range allocate(long size, long align) {
            long hi = endExcl;
            for (Long start : ranges.descendingKeySet()) {
                Range r = gap(ranges.get(start) + start, hi, size, align);
                if (r != null) {
                    return take(r);
                }
                hi = start;
            }
            Range r = gap(base, hi, size, align);
            return r == null ? null : take(r);
        }

        private Range take(Range r) {
            ranges.put(r.first(), r.last() - r.first() + 1);
            return r;
        }

        private static Range gap(long lo, long hi, long size, long align) {
            long from = U64.alignUp(lo, align);
            if (U64.lt(hi, from) || U64.lt(hi - from, size)) {
                return null;
            }
            return Range.ofSize(U64.alignDown(hi - size, align), size);
        }
    }
}
