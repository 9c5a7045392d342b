package org.iovacheck.preset.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.iovacheck.model.Range;
import org.junit.jupiter.api.Test;

/**
 * SeaBIOS's 64-bit placement worked by hand from src/fw/pciinit.c (pci_setup, pci_bios_map_devices) for a q35 guest with -m 8G
 * (2 GiB below 4 GiB, 6 GiB from 4 GiB: RamSizeOver4G 6 GiB) and one 16 GiB 64-bit prefetchable BAR.
 */
class SeaBiosWindowTest {
    static final long GIB = 1L << 30;
    static final List<SeaBios.Bar> GPU = bars(new BarSpec("gpu", false, 1, 16 * GIB, BarSpec.Width.BITS64));

    static List<SeaBios.Bar> bars(BarSpec... specs) {
        return java.util.Arrays.stream(specs).map(SeaBios.Bar::of).toList();
    }

    static Placement place(X86Platform m, int version, List<SeaBios.Bar> bars) throws Exception {
        return new Placement(SeaBios.place(m, true, version, bars));
    }

    /** The answer with the placed BARs above 4 GiB and those below apart, as the tests read it. */
    record Placement(SeaBios.Result r) {
        Range window() {
            return r.window();
        }

        List<SeaBios.Placed> placed() {
            return r.placed().stream().filter(p -> Long.compareUnsigned(p.range().first(), 1L << 32) >= 0).toList();
        }

        List<SeaBios.Placed> low() {
            return r.placed().stream().filter(p -> Long.compareUnsigned(p.range().first(), 1L << 32) < 0).toList();
        }
    }

    static X86Platform q35(long above, int physBits) {
        return new X86Platform(above == 0 ? 0x80000000L : 0x80000000L, 1L << 32, above, 0, false, false, physBits);
    }

    @Test
    void before1163AboveRam() throws Exception {
        // base 4 GiB + 6 GiB = 0x280000000; the prefetchable part aligned to 16 GiB: 0x400000000; end ALIGN(0x800000000, 1 GiB)
        Placement p = place(q35(6 * GIB, 46), 11602, GPU);
        assertEquals(new Range(0x280000000L, 0x7ffffffffL), p.window());
        assertEquals(Range.ofSize(0x400000000L, 16 * GIB), p.placed().get(0).range());
    }

    @Test
    void release1163TopOfPhysBitsPadded() throws Exception {
        // top 2^46; size 16 GiB padded to top/8 = 2^43; base 2^46 - 2^43 = 0x380000000000
        Placement p = place(q35(6 * GIB, 46), SeaBios.V1_16_3, GPU);
        assertEquals(Range.ofSize(0x380000000000L, 16 * GIB), p.placed().get(0).range());
        // phys-bits 48 is capped at 2^46 in 1.16.3
        assertEquals(Range.ofSize(0x380000000000L, 16 * GIB), place(q35(6 * GIB, 48), SeaBios.V1_16_3, GPU).placed().get(0).range());
    }

    @Test
    void release1170CapsTheTopAt2To44() throws Exception {
        // top 2^44 (46 > 44, less than 1 TiB above 4 GiB); 16 GiB padded to 2^41; base 2^44 - 2^41 = 0xe0000000000
        Placement p = place(q35(6 * GIB, 46), SeaBios.LATEST, GPU);
        assertEquals(Range.ofSize(0xe0000000000L, 16 * GIB), p.placed().get(0).range());
        assertEquals(new Range(0xe0000000000L, 0xe03ffffffffL), p.window());
        // phys-bits 39 on Intel is trusted: top 2^39, padded to 2^36: base 0x7000000000
        assertEquals(Range.ofSize(0x7000000000L, 16 * GIB), place(q35(6 * GIB, 39), SeaBios.LATEST, GPU).placed().get(0).range());
        // phys-bits 40 on Intel is not trusted: no top, above RAM as before 1.16.3
        assertEquals(Range.ofSize(0x400000000L, 16 * GIB), place(q35(6 * GIB, 40), SeaBios.LATEST, GPU).placed().get(0).range());
    }

    @Test
    void withoutRamAbove4GibNoPadding() throws Exception {
        // -m 2G: nothing above 4 GiB, no padding; 16 GiB does not fit below 4 GiB: size 16 GiB, base 2^44 - 16 GiB
        Placement p = place(q35(0, 46), SeaBios.LATEST, GPU);
        assertEquals(Range.ofSize(0xffc00000000L, 16 * GIB), p.placed().get(0).range());
        // a 16 MiB 64-bit BAR fits the 32-bit window and stays there
        Placement small = place(q35(0, 46), SeaBios.LATEST, bars(new BarSpec("vf", false, 0, 16L << 20, BarSpec.Width.BITS64)));
        assertNull(small.window());
        // pci_bios_init_root_regions_mem: MEM is empty (align 1 < 16 MiB), so it takes the window's end with nothing and PREFMEM
        // lies below it: ALIGN_DOWN(0xfec00000 - 16 MiB, 16 MiB) = 0xfd000000
        assertEquals(Range.ofSize(0xfd000000L, 16L << 20), small.low().get(0).range());
    }

    @Test
    void nonPrefetchableBeforePrefetchableEqualSizesInOrder() throws Exception {
        List<SeaBios.Bar> bars = bars(new BarSpec("a", false, 0, GIB, BarSpec.Width.BITS64), new BarSpec("b", false, 0, GIB, BarSpec.Width.BITS64),
                new BarSpec("n", false, 0, 2 * GIB, BarSpec.Width.BITS64_NP));
        Placement p = place(q35(6 * GIB, 40), SeaBios.LATEST, bars);
        // mem at 0x280000000 (10 GiB, already 2 GiB aligned); pref at ALIGN(0x300000000, 1 GiB): a then b
        assertEquals("n.bar0", p.placed().get(0).bar().name());
        assertEquals(Range.ofSize(0x280000000L, 2 * GIB), p.placed().get(0).range());
        assertEquals(Range.ofSize(0x300000000L, GIB), p.placed().get(1).range());
        assertEquals(Range.ofSize(0x340000000L, GIB), p.placed().get(2).range());
        assertEquals("a.bar0", p.placed().get(1).bar().name());
        assertEquals("b.bar0", p.placed().get(2).bar().name());
    }
}
