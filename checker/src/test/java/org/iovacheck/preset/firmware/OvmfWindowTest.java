package org.iovacheck.preset.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Range;
import org.junit.jupiter.api.Test;

/**
 * OVMF's 64-bit window, worked by hand from edk2 OvmfPkg/Library/PlatformInitLib/MemDetect.c for a q35 guest with -m 4G (2 GiB
 * below 4 GiB, 2 GiB from 4 GiB, so the RAM ends at 0x180000000). Classic window: PcdPciMmio64Size 32 GiB (OvmfPkgX64.dsc),
 * base ALIGN_VALUE(0x180000000, 1 GiB) = 0x180000000, then aligned to GetPowerOfTwo64(32 GiB) = 0x800000000. Dynamic window:
 * 2^PhysBits - 2^(PhysBits-3), size 2^(PhysBits-3), when 32 GiB < 2^(PhysBits-3) and 0x800000000 + 2^(PhysBits-3) < 2^PhysBits.
 */
class OvmfWindowTest {
    static final long GIB = 1L << 30;
    static final Range CLASSIC = new Range(0x800000000L, 0xfffffffffL);

    static X86Platform q35FourGig(int physBits, boolean amd, boolean ht) {
        return new X86Platform(0x80000000L, 1L << 32, 2 * GIB, 0, ht, amd, physBits);
    }

    static Ovmf.Settings latest() {
        return new Ovmf.Settings(Ovmf.LATEST, true, false, 0, -1);
    }

    static Range window(X86Platform m, Ovmf.Settings s) throws InputException {
        return Ovmf.place(m, s, List.of()).window();
    }

    @Test
    void physBits39IntelIsTrustedAndGivesTheTop64GiB() throws Exception {
        // 2^39 = 0x8000000000, 2^36 = 64 GiB: 32 GiB < 64 GiB and 0x800000000 + 0x1000000000 < 0x8000000000
        assertEquals(new Range(0x7000000000L, 0x7fffffffffL), window(q35FourGig(39, false, false), latest()));
    }

    @Test
    void physBits40IsNotTrustedOnIntelButOnAmd() throws Exception {
        assertEquals(CLASSIC, window(q35FourGig(40, false, false), latest()));
        // AMD 40 is trusted: 2^40 - 2^37 = 0xe000000000 (128 GiB)
        assertEquals(new Range(0xe000000000L, 0xffffffffffL), window(q35FourGig(40, true, false), latest()));
        // with QEMU's e820 reservation of the HT hole 0xfd00000000-0xffffffffff the window moves below it:
        // (0xfd00000000 - 0x2000000000) & ~(0x2000000000 - 1) = 0xc000000000 (PlatformReservationConflictCB, edk2-stable202302+)
        assertEquals(new Range(0xc000000000L, 0xdfffffffffL), window(q35FourGig(40, true, true), latest()));
        assertEquals(new Range(0xe000000000L, 0xffffffffffL), window(q35FourGig(40, true, true), new Ovmf.Settings(202211, true, false, 0, -1)));
    }

    @Test
    void physBits43And46() throws Exception {
        assertEquals(new Range(0x70000000000L, 0x7ffffffffffL), window(q35FourGig(43, false, false), latest()));
        assertEquals(new Range(0x380000000000L, 0x3fffffffffffL), window(q35FourGig(46, false, false), latest()));
    }

    @Test
    void physBits48IsCappedAt46Or47OrKeptWithLa57() throws Exception {
        Range at46 = new Range(0x380000000000L, 0x3fffffffffffL);
        assertEquals(at46, window(q35FourGig(48, false, false), latest()));
        // edk2-stable202211 .. 202305 capped at 47: 2^47 - 2^44
        assertEquals(new Range(0x700000000000L, 0x7fffffffffffL), window(q35FourGig(48, false, false), new Ovmf.Settings(202302, true, false, 0, -1)));
        // 5-level paging (edk2-stable202405+): 48 stays, 2^48 - 2^45
        assertEquals(new Range(0xe00000000000L, 0xffffffffffffL), window(q35FourGig(48, false, false), new Ovmf.Settings(Ovmf.LATEST, true, true, 0, -1)));
        assertEquals(at46, window(q35FourGig(48, false, false), new Ovmf.Settings(202402, true, true, 0, -1)));
    }

    @Test
    void physBits52() throws Exception {
        assertEquals(new Range(0x380000000000L, 0x3fffffffffffL), window(q35FourGig(52, false, false), latest()));
        assertEquals(new Range(0xe00000000000L, 0xffffffffffffL), window(q35FourGig(52, false, false), new Ovmf.Settings(Ovmf.LATEST, true, true, 0, -1)));
        // with LA57 and GuestPhysBits 52 all 52 bits: 2^52 - 2^49
        assertEquals(new Range(0xe000000000000L, 0xfffffffffffffL), window(q35FourGig(52, false, false), new Ovmf.Settings(Ovmf.LATEST, true, true, 52, -1)));
    }

    @Test
    void without1GiBPagesPhysBitsStopAt40() throws Exception {
        // 46 is trusted, then capped to 40 for want of pdpe1gb: 2^40 - 2^37
        assertEquals(new Range(0xe000000000L, 0xffffffffffL), window(q35FourGig(46, false, false), new Ovmf.Settings(Ovmf.LATEST, false, false, 0, -1)));
    }

    @Test
    void guestPhysBitsMakeFortyTrustedAndLimit() throws Exception {
        assertEquals(new Range(0xe000000000L, 0xffffffffffL), window(q35FourGig(40, false, false), new Ovmf.Settings(Ovmf.LATEST, true, false, 40, -1)));
        assertEquals(new Range(0x7000000000L, 0x7fffffffffL), window(q35FourGig(46, false, false), new Ovmf.Settings(Ovmf.LATEST, true, false, 39, -1)));
        // before edk2-stable202408 GuestPhysBits is not read
        assertEquals(CLASSIC, window(q35FourGig(40, false, false), new Ovmf.Settings(202405, true, false, 40, -1)));
    }

    @Test
    void beforeStable202211TheWindowIsAlwaysClassic() throws Exception {
        assertEquals(CLASSIC, window(q35FourGig(46, false, false), new Ovmf.Settings(202208, true, false, 0, -1)));
    }

    @Test
    void xPciMmio64MbOverride() throws Exception {
        // 64 GiB: since edk2-stable202505 used as is: base ALIGN(0x180000000, 64 GiB) = 0x1000000000
        assertEquals(new Range(0x1000000000L, 0x1fffffffffL), window(q35FourGig(46, false, false), new Ovmf.Settings(Ovmf.LATEST, true, false, 0, 65536)));
        // before, a size below 2^(PhysBits-3) is replaced by the dynamic window
        assertEquals(new Range(0x380000000000L, 0x3fffffffffffL), window(q35FourGig(46, false, false), new Ovmf.Settings(202408, true, false, 0, 65536)));
        // 16 TiB >= 2^43 keeps the classic rule: base aligned to 16 TiB
        assertEquals(new Range(0x100000000000L, 0x1fffffffffffL), window(q35FourGig(46, false, false), new Ovmf.Settings(202408, true, false, 0, 0x1000000L)));
        // above 16 TiB is ignored as malformed: the 32 GiB default, then dynamic
        assertEquals(new Range(0x380000000000L, 0x3fffffffffffL), window(q35FourGig(46, false, false), new Ovmf.Settings(Ovmf.LATEST, true, false, 0, 0x1000001L)));
        // 0 disables the 64-bit window: 64-bit BARs go below 4 GiB
        Placement off = Ovmf.place(q35FourGig(46, false, false), new Ovmf.Settings(Ovmf.LATEST, true, false, 0, 0),
                List.of(new BarSpec("gpu", false, 1, 16 * GIB, BarSpec.Width.BITS64)));
        assertNull(off.window());
        assertEquals(1, off.low().size());
    }

    @Test
    void hotplugAreaEndMovesTheClassicWindow() throws Exception {
        // -m 4G,maxmem=64G: device memory 0x180000000 + 60 GiB, etc/reserved-memory-end 0x1080000000 -> ALIGN to 32 GiB = 0x1800000000
        X86Platform m = new X86Platform(0x80000000L, 1L << 32, 2 * GIB, 0x1080000000L, false, false, 40);
        assertEquals(new Range(0x1800000000L, 0x1fffffffffL), window(m, latest()));
    }

    @Test
    void barsLargestFirstEqualPrefetchableOnesInBusOrder() throws Exception {
        // PciBusDxe: InsertResourceNode puts a node in front of equal ones, and DegradeResource merges the PMEM64 list into MEM64
        // from its head, which turns equal prefetchable BARs back into bus order (real OVMF 2022.11: 1G, 4G, 1G on slots 1-3 land
        // at base+4G, base, base+5G)
        List<BarSpec> bars = List.of(new BarSpec("a", false, 0, GIB, BarSpec.Width.BITS64), new BarSpec("gpu", false, 1, 16 * GIB, BarSpec.Width.BITS64),
                new BarSpec("gpu", false, 3, 32L << 20, BarSpec.Width.BITS64), new BarSpec("b", false, 0, GIB, BarSpec.Width.BITS64));
        Placement p = Ovmf.place(q35FourGig(46, false, false), latest(), bars);
        long base = 0x380000000000L;
        assertEquals("gpu.bar1", p.placed().get(0).bar().name());
        assertEquals(Range.ofSize(base, 16 * GIB), p.placed().get(0).range());
        assertEquals("a.bar0", p.placed().get(1).bar().name());
        assertEquals(Range.ofSize(base + 16 * GIB, GIB), p.placed().get(1).range());
        assertEquals("b.bar0", p.placed().get(2).bar().name());
        assertEquals(Range.ofSize(base + 17 * GIB, 32L << 20 << 5), p.placed().get(2).range());
        assertEquals(Range.ofSize(base + 18 * GIB, 32L << 20), p.placed().get(3).range());
    }

    @Test
    void equalNonPrefetchableBarsInReverseBusOrderAfterThePrefetchableOnes() throws Exception {
        // the MEM64 list keeps InsertResourceNode's order (later in front); merged PMEM64 nodes go in front of equal MEM64 ones
        List<BarSpec> bars = List.of(new BarSpec("n1", false, 0, GIB, BarSpec.Width.BITS64_NP), new BarSpec("n2", false, 0, GIB, BarSpec.Width.BITS64_NP),
                new BarSpec("p", false, 0, GIB, BarSpec.Width.BITS64));
        Placement pl = Ovmf.place(q35FourGig(46, false, false), latest(), bars);
        assertEquals(List.of("p.bar0", "n2.bar0", "n1.bar0"), pl.placed().stream().map(x -> x.bar().name()).toList());
        assertEquals(Range.ofSize(0x380000000000L + 2 * GIB, GIB), pl.placed().get(2).range());
    }

    @Test
    void barsThatDoNotFitAreAnInputError() {
        List<BarSpec> huge = List.of(new BarSpec("big", false, 0, 1L << 40, BarSpec.Width.BITS64));
        assertThrows(InputException.class, () -> Ovmf.place(q35FourGig(40, false, false), latest(), huge));
        assertTrue(Ovmf.physBits(q35FourGig(40, false, false), latest(), new java.util.ArrayList<>()) == 0);
    }
}
