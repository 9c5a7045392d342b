package org.iovacheck.preset.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Range;
import org.junit.jupiter.api.Test;

/** cloud-hypervisor's top-down and crosvm's bottom-up BAR allocation, worked by hand from their allocators' source. */
class VmmAllocatorsTest {
    static final long GIB = 1L << 30;
    static final List<BarSpec> GPU = List.of(new BarSpec("gpu", false, 0, 16L << 20, BarSpec.Width.BITS32),
            new BarSpec("gpu", false, 1, 16 * GIB, BarSpec.Width.BITS64), new BarSpec("gpu", false, 3, 32L << 20, BarSpec.Width.BITS64));

    @Test
    void cloudHypervisorFromTheTop() throws Exception {
        // device area ends at 2^46 - 64 KiB - 1 MiB = 0x3fffffef0000 (exclusive); 16 GiB aligned down below it: 0x3ff800000000;
        // the 32 MiB BAR in the highest gap that holds it: above the first, at ALIGN_DOWN(0x3fffffef0000 - 32 MiB) = 0x3ffffc000000;
        // the 32-bit BAR at the top of 0xc0000000-0xe7ffffff: 0xe7000000
        assertEquals(0x3fffffeeffffL, CloudHypervisorAllocator.deviceAreaLast(46));
        Placement p = CloudHypervisorAllocator.place(GPU, new Range(0xc0000000L, 0xe7ffffffL), new Range(1L << 32, CloudHypervisorAllocator.deviceAreaLast(46)));
        assertEquals(Range.ofSize(0xe7000000L, 16L << 20), p.placed().get(0).range());
        assertEquals(Range.ofSize(0x3ff800000000L, 16 * GIB), p.placed().get(1).range());
        assertEquals(Range.ofSize(0x3ffffc000000L, 32L << 20), p.placed().get(2).range());
        // max_phys_bits 39: 2^39 - 0x110000 -> 16 GiB at 0x7800000000, below a 39-bit aperture
        Placement q = CloudHypervisorAllocator.place(GPU, new Range(0xc0000000L, 0xe7ffffffL), new Range(1L << 32, CloudHypervisorAllocator.deviceAreaLast(39)));
        assertEquals(Range.ofSize(0x7800000000L, 16 * GIB), q.placed().get(1).range());
    }

    @Test
    void crosvmFromTheBottom() throws Exception {
        // --mem 256: high pool from 0x108000000 (after the 128 MiB pcie-vcfg at 4 GiB); 16 GiB aligned up: 0x400000000; the
        // 32 MiB BAR first fit from the bottom: 0x108000000; the 32-bit BAR at the low pool's base 0xd0000000
        Placement p = CrosvmAllocator.place(GPU, new Range(0xd0000000L, 0xf3ffffffL), new Range(0x108000000L, (1L << 46) - 1));
        assertEquals(Range.ofSize(0xd0000000L, 16L << 20), p.placed().get(0).range());
        assertEquals(Range.ofSize(0x400000000L, 16 * GIB), p.placed().get(1).range());
        assertEquals(Range.ofSize(0x108000000L, 32L << 20), p.placed().get(2).range());
        // a non-prefetchable 64-bit BAR goes to the low pool
        Placement np = CrosvmAllocator.place(List.of(new BarSpec("nic", false, 2, 1L << 20, BarSpec.Width.BITS64_NP)),
                new Range(0xd0000000L, 0xf3ffffffL), new Range(0x108000000L, (1L << 46) - 1));
        assertEquals(Range.ofSize(0xd0000000L, 1L << 20), np.placed().get(0).range());
    }

    @Test
    void ivshmemIsQemuOnly() {
        assertThrows(InputException.class, () -> CrosvmAllocator.place(List.of(new BarSpec("lg", true, 2, 1L << 26, BarSpec.Width.BITS64)),
                new Range(0xd0000000L, 0xf3ffffffL), null));
    }
}
