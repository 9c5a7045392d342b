package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/model.md, "Platform classes and fleets", worked by hand: a region at base b = y * align of size s meets guest range
 * [f, l] iff ceil((f - s + 1) / align) <= y <= floor(l / align); coverage is the union over all bases; the hosts of a class
 * are every combination of positions.
 */
class ClassQuestionsTest {
    static final Source S = new Source("c.yaml", 3);

    static ParamRegion pr(String name, RegionType t, long baseMin, long baseMax, long align, long sizeMax) {
        return new ParamRegion(name, t, "1", baseMin, baseMax, align, 1, sizeMax, false, S);
    }

    static PlatformClass cls(RelaxablePolicy p, int apMin, ParamRegion... rs) {
        return new PlatformClass("c", "test class", List.of(rs), apMin, 64, Backend.VFIO_TYPE1, p, S);
    }

    static GuestRegion ram(long a, long b) {
        return new GuestRegion("ram", GuestKind.RAM, new Range(a, b));
    }

    @Test
    void theBadBasesOfAGuestRangeAreAnIntervalOfY() {
        ParamRegion r = pr("doorbell", RegionType.MSI_HW, 0x10000, 0x20000, 0x1000, 0x2000);
        CheckQuery q = ClassQuestions.query(r, List.of(ram(0x15000, 0x15fff)));
        assertEquals(List.of(new Range(0x10, 0x20)), q.mapped().stream().map(GuestRegion::range).toList());
        assertEquals("doorbell bases / align", q.mapped().get(0).name());
        // bases 0x14000 (ends 0x15fff) and 0x15000 meet [0x15000, 0x15fff]; 0x13000 ends at 0x14fff, 0x16000 starts after
        assertEquals(List.of(new ReservedRegion(new Range(0x14, 0x15), RegionType.MSI_HW, "1", "ram", S)), q.exclusions());
        assertTrue(q.blockers().isEmpty());
    }

    @Test
    void roundingOfTheLowestBadBase() {
        ParamRegion r = pr("r", RegionType.RESERVED, 0, 0x100000, 0x1000, 0x2000);
        // f - s + 1 = 0x14001 is not a multiple: the lowest bad y rounds up to 0x15 (0x14000 ends at 0x15fff, below 0x16000)
        assertEquals(new Range(0x15, 0x16), ClassQuestions.query(r, List.of(ram(0x16000, 0x16fff))).exclusions().get(0).range());
        // f - s + 1 = 0x14000 exactly: y 0x14 is bad
        assertEquals(new Range(0x14, 0x16), ClassQuestions.query(r, List.of(ram(0x15fff, 0x16fff))).exclusions().get(0).range());
        // a guest range below the region's size: every base from 0 up
        assertEquals(new Range(0, 0), ClassQuestions.query(r, List.of(ram(0x800, 0xfff))).exclusions().get(0).range());
        assertEquals(new Range(0, 1), ClassQuestions.query(r, List.of(ram(0x1ffe, 0x1fff))).exclusions().get(0).range());
        assertEquals(new Range(0, 2), ClassQuestions.query(r, List.of(ram(0x1fff, 0x2000))).exclusions().get(0).range());
        // g.first = s: f - s + 1 = 1, so base 0 (ending at 0x1fff) is clear and the lowest bad y is 1
        assertEquals(new Range(1, 2), ClassQuestions.query(r, List.of(ram(0x2000, 0x2fff))).exclusions().get(0).range());
        // a guest range between two bases that the region of size 1 cannot reach: no bad y
        ParamRegion one = pr("one", RegionType.RESERVED, 0, 0x100000, 0x1000, 1);
        assertEquals(List.of(), ClassQuestions.query(one, List.of(ram(0x14001, 0x14fff))).exclusions());
        assertEquals(List.of(new Range(0x14, 0x14)), ClassQuestions.query(one, List.of(ram(0x14000, 0x14fff))).exclusions().stream()
                .map(ReservedRegion::range).toList());
    }

    @Test
    void basesStopWhereTheRegionWouldPassTheTopOfTheSpace() {
        ParamRegion top = pr("top", RegionType.RESERVED, 0xfffffffffff00000L, U64.MAX, 0x1000, 0x2000);
        CheckQuery q = ClassQuestions.query(top, List.of(ram(U64.MAX - 0xfff, U64.MAX)));
        // the last base whose 0x2000 bytes end within 2^64-1 is 0xffffffffffffe000
        assertEquals(new Range(0xfffffffffff00L, 0xffffffffffffeL), q.mapped().get(0).range());
        assertEquals(new Range(0xffffffffffffeL, 0xfffffffffffffL), q.exclusions().get(0).range());
        assertEquals(0xff, ClassQuestions.positions(top));
        // a fixed region that does not fit at all has no base
        ParamRegion none = pr("none", RegionType.RESERVED, U64.MAX - 0xfff, U64.MAX - 0xfff, 0x1000, 0x2000);
        assertEquals(List.of(), ClassQuestions.query(none, List.of(ram(0, 0xfff))).mapped());
    }

    @Test
    void relaxableRegionsCountOnlyWhenStrict() {
        ParamRegion rmrr = pr("usb", RegionType.DIRECT_RELAXABLE, 0x1000, 0x1000, 0x1000, 0x1000);
        ParamRegion ht = pr("ht", RegionType.RESERVED, 0xfd00000000L, 0xfd00000000L, 0x1000, 0x300000000L);
        List<GuestRegion> m = List.of(ram(0, 0xffffffffffL));
        assertEquals(List.of(ht), ClassQuestions.forAll(cls(RelaxablePolicy.KERNEL, 64, rmrr, ht), m).stream().map(ClassQuestions.RegionQuery::region).toList());
        List<ClassQuestions.RegionQuery> strict = ClassQuestions.forAll(cls(RelaxablePolicy.STRICT, 64, rmrr, ht), m);
        assertEquals(List.of(rmrr, ht), strict.stream().map(ClassQuestions.RegionQuery::region).toList());
        assertEquals(List.of(new Range(1, 1)), strict.get(0).query().mapped().stream().map(GuestRegion::range).toList());
        assertEquals(List.of(new Range(0, 0xfffffff)), strict.get(0).query().exclusions().stream().map(ReservedRegion::range).toList());
    }

    @Test
    void positionsCountAlignedBases() {
        assertEquals(5, ClassQuestions.positions(pr("a", RegionType.RESERVED, 0x1000, 0x5000, 0x1000, 0x10)));
        assertEquals(5, ClassQuestions.positions(pr("b", RegionType.RESERVED, 0x1000, 0x5fff, 0x1000, 0x10)));
        assertEquals(4, ClassQuestions.positions(pr("c", RegionType.RESERVED, 0x1001, 0x5000, 0x1000, 0x10)));
        assertEquals(1, ClassQuestions.positions(pr("d", RegionType.RESERVED, 0x3000, 0x3000, 0x1000, 0x10)));
        // 2^52 bases of 4 KiB over the whole space
        assertEquals(1L << 52, ClassQuestions.positions(pr("e", RegionType.RESERVED, 0, U64.MAX, 0x1000, 0x1000)));
    }

    @Test
    void instantiatePutsEveryRegionAtItsFirstBaseExceptTheChosenOne() {
        ParamRegion a = new ParamRegion("a", RegionType.RESERVED, null, 0x1800, 0x9000, 0x1000, 0x100, 0x2000, true, S);
        ParamRegion b = new ParamRegion("b", RegionType.MSI_HW, "7", 0x100000, 0x200000, 0x100000, 0x1000, 0x1000, false, S);
        ParamRegion w = new ParamRegion("w", RegionType.BRIDGE_WINDOW, null, 0xe0000000L, 0xe0000000L, 0x1000, 0x1000000, 0x1000000, false, S);
        PlatformClass c = new PlatformClass("lab", "d", List.of(a, b, w), 40, 48, Backend.IOMMUFD, RelaxablePolicy.STRICT, S);
        Host h = ClassQuestions.instantiate(c, b, 0x200000, 48);
        assertEquals("lab-instance", h.name());
        assertEquals(List.of("0", "7"), h.groups().stream().map(Group::id).toList());
        assertEquals(List.of(new ReservedRegion(new Range(0x2000, 0x3fff), RegionType.RESERVED, "0", "a", S)), h.groups().get(0).regions());
        assertEquals(List.of(new ReservedRegion(new Range(0x200000, 0x200fff), RegionType.MSI_HW, "7", "b", S)), h.groups().get(1).regions());
        assertEquals(List.of(new BridgeWindow(new Range(0xe0000000L, 0xe0ffffffL), null, "w", S)), h.bridgeWindows());
        assertEquals(List.of(new Range(0, (1L << 48) - 1)), h.aperture().valid());
        assertEquals(Backend.IOMMUFD, h.backend());
        assertEquals(RelaxablePolicy.STRICT, h.relaxable());
        assertTrue(ClassQuestions.instantiate(c, null, 0, 64).aperture().isFull());
        assertEquals(List.of(new ReservedRegion(new Range(0x100000, 0x100fff), RegionType.MSI_HW, "7", "b", S)),
                ClassQuestions.instantiate(c, null, 0, 64).groups().get(1).regions());
        // a class of bridge windows only still has its group 0
        PlatformClass wOnly = new PlatformClass("w", "d", List.of(w), 64, 64, Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, S);
        Host hw = ClassQuestions.instantiate(wOnly, null, 0, 64);
        assertEquals(1, hw.groups().size());
        assertEquals("0", hw.groups().get(0).id());
        assertTrue(hw.groups().get(0).regions().isEmpty());
    }

    @Test
    void hostWithAndHostAtUseTheNarrowestAperture() {
        ParamRegion a = pr("a", RegionType.RESERVED, 0x1000, 0x3000, 0x1000, 0x1000);
        ParamRegion b = pr("b", RegionType.RESERVED, 0x10000, 0x11000, 0x1000, 0x1000);
        PlatformClass c = new PlatformClass("c", "d", List.of(a, b), 39, 48, Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, S);
        Host h = ClassQuestions.hostWith(c, new long[] {0x2000, 0x11000}, "x");
        assertEquals("x", h.name());
        assertEquals(List.of(new Range(0x2000, 0x2fff), new Range(0x11000, 0x11fff)), h.groups().get(0).regions().stream().map(ReservedRegion::range).toList());
        assertEquals(List.of(new Range(0, (1L << 39) - 1)), h.aperture().valid());
        // 3 positions of a times 2 of b; index i puts a at i mod 3 and b at i / 3
        assertEquals(6, ClassQuestions.positionCount(c, 100));
        assertEquals(6, ClassQuestions.positionCount(c, 6));
        assertEquals(-1, ClassQuestions.positionCount(c, 5));
        assertEquals(-1, ClassQuestions.positionCount(c, 2));
        PlatformClass one = new PlatformClass("one", "d", List.of(a), 39, 48, Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, S);
        assertEquals(3, ClassQuestions.positionCount(one, 3), "exactly at the limit");
        assertEquals(-1, ClassQuestions.positionCount(one, 2));
        List<List<Long>> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Host hi = ClassQuestions.hostAt(c, i);
            assertEquals("c-host-" + i, hi.name());
            assertEquals(List.of(new Range(0, (1L << 39) - 1)), hi.aperture().valid());
            List<Long> bases = hi.groups().get(0).regions().stream().map(x -> x.range().first()).toList();
            assertEquals(List.of(0x1000L + (i % 3) * 0x1000L, 0x10000L + (i / 3) * 0x1000L), bases);
            seen.add(bases);
        }
        assertEquals(6, seen.stream().distinct().count());
    }

    @Test
    void coverageIsOneRangeWhenTheSizeCoversTheAlignmentElseOnePerBase() throws Exception {
        ParamRegion wide = pr("wide", RegionType.RESERVED, 0x10000, 0x20000, 0x1000, 0x1000);
        ParamRegion sparse = pr("sparse", RegionType.MSI_HW, 0x100000, 0x300000, 0x100000, 0x1000);
        ParamRegion relax = pr("relax", RegionType.DIRECT_RELAXABLE, 0, 0, 0x1000, 0x1000);
        List<ReservedRegion> cov = ClassQuestions.coverage(cls(RelaxablePolicy.KERNEL, 40, wide, sparse, relax), 10);
        assertEquals(List.of(
                new ReservedRegion(new Range(0x10000, 0x20fff), RegionType.RESERVED, "1", "wide (any position)", S),
                new ReservedRegion(new Range(0x100000, 0x100fff), RegionType.MSI_HW, "1", "sparse (position 0)", S),
                new ReservedRegion(new Range(0x200000, 0x200fff), RegionType.MSI_HW, "1", "sparse (position 1)", S),
                new ReservedRegion(new Range(0x300000, 0x300fff), RegionType.MSI_HW, "1", "sparse (position 2)", S),
                new ReservedRegion(new Range(1L << 40, U64.MAX), RegionType.OUTSIDE_APERTURE, null, "aperture of 40 bits", S)), cov);
        List<ReservedRegion> strict = ClassQuestions.coverage(cls(RelaxablePolicy.STRICT, 64, relax), 10);
        assertEquals(List.of(new ReservedRegion(new Range(0, 0xfff), RegionType.DIRECT_RELAXABLE, "1", "relax (any position)", S)), strict);
        // the size exactly the alignment is still one range
        ParamRegion exact = pr("exact", RegionType.RESERVED, 0, 0x3000, 0x1000, 0x1000);
        assertEquals(List.of(new Range(0, 0x3fff)), ClassQuestions.coverage(cls(RelaxablePolicy.KERNEL, 64, exact), 1).stream().map(ReservedRegion::range).toList());
        // a region ending at the top of the space
        ParamRegion top = pr("top", RegionType.RESERVED, U64.MAX - 0x2fff, U64.MAX, 0x1000, 0x2000);
        assertEquals(List.of(new Range(U64.MAX - 0x2fff, U64.MAX)), ClassQuestions.coverage(cls(RelaxablePolicy.KERNEL, 64, top), 1).stream()
                .map(ReservedRegion::range).toList());
        // one that cannot fit anywhere covers nothing
        ParamRegion none = pr("none", RegionType.RESERVED, U64.MAX - 0xfff, U64.MAX, 0x1000, 0x2000);
        assertEquals(List.of(), ClassQuestions.coverage(cls(RelaxablePolicy.KERNEL, 64, none), 1));
    }

    @Test
    void coverageRefusesMoreSeparatePositionsThanItMayList() throws Exception {
        ParamRegion sparse = pr("sparse", RegionType.MSI_HW, 0x100000, 0x300000, 0x100000, 0x1000);
        assertEquals(3, ClassQuestions.coverage(cls(RelaxablePolicy.KERNEL, 64, sparse), 3).size());
        ClassQuestions.TooManyPositions e = assertThrows(ClassQuestions.TooManyPositions.class,
                () -> ClassQuestions.coverage(cls(RelaxablePolicy.KERNEL, 64, sparse), 2));
        assertTrue(e.getMessage().startsWith("class region 'sparse' has 3 separate positions"), e.getMessage());
        // the limit counts ranges already listed
        ParamRegion wide = pr("wide", RegionType.RESERVED, 0x10000, 0x20000, 0x1000, 0x1000);
        assertEquals(4, ClassQuestions.coverage(cls(RelaxablePolicy.KERNEL, 64, wide, sparse), 4).size());
        assertThrows(ClassQuestions.TooManyPositions.class, () -> ClassQuestions.coverage(cls(RelaxablePolicy.KERNEL, 64, wide, sparse), 3));
        // 2^52 - 1 positions of one byte at 4 KiB alignment: refused however large the limit (the count is unsigned)
        ParamRegion huge = pr("huge", RegionType.RESERVED, 0x1000, U64.MAX, 0x1000, 1);
        assertThrows(ClassQuestions.TooManyPositions.class, () -> ClassQuestions.coverage(cls(RelaxablePolicy.KERNEL, 64, huge), 1000));
        // one byte at every even address: 2^63 positions, a count that is negative as a signed long
        ParamRegion odd = pr("odd", RegionType.RESERVED, 0, U64.MAX, 2, 1);
        ClassQuestions.TooManyPositions e2 = assertThrows(ClassQuestions.TooManyPositions.class,
                () -> ClassQuestions.coverage(cls(RelaxablePolicy.KERNEL, 64, odd), 1000));
        assertTrue(e2.getMessage().contains("has 9223372036854775808 separate positions"), e2.getMessage());
    }

    /** Regression: a one-byte region at any address has 2^64 positions; counting them divided by zero (exit 70, internal error). */
    @Test
    void aRegionWithTwoToThe64PositionsIsPastEveryLimit() {
        ParamRegion anywhere = pr("anywhere", RegionType.RESERVED, 0, U64.MAX, 1, 1);
        PlatformClass c = cls(RelaxablePolicy.KERNEL, 64, anywhere);
        assertEquals(0, ClassQuestions.positions(anywhere), "2^64 modulo 2^64");
        assertEquals(U64.MAX, ClassQuestions.positions(anywhere) - 1, "the last position is exact in u64");
        assertEquals(-1, ClassQuestions.positionCount(c, Long.MAX_VALUE / 2));
        assertEquals(-1, ClassQuestions.positionCount(c, 100_000));
        ParamRegion half = pr("even", RegionType.RESERVED, 0, U64.MAX, 2, 1);
        assertEquals(-1, ClassQuestions.positionCount(cls(RelaxablePolicy.KERNEL, 64, half), Long.MAX_VALUE));
        assertEquals(-1, ClassQuestions.positionCount(cls(RelaxablePolicy.KERNEL, 64, pr("a", RegionType.RESERVED, 0, 0x2000, 0x1000, 1), anywhere), 100));
    }
}
