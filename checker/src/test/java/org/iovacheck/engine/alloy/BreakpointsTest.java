package org.iovacheck.engine.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;
import org.junit.jupiter.api.Test;

/** Coordinate compression keeps overlap and touch exact; checked against address enumeration at the bottom and top of the space. */
class BreakpointsTest {
    private static final long SEED = Long.getLong("iovacheck.seed", 0x10fa_2026L);

    @Test
    void boundariesAreFirstAndTheAddressAfterLast() {
        Breakpoints bp = Breakpoints.of(List.of(new Range(0x40000000L, 0x13fffffffL), new Range(0xc6010000L, 0xc601ffffL)));
        assertEquals(List.of(big(0x40000000L), big(0xc6010000L), big(0xc6020000L), big(0x140000000L)), bp.points());
        assertEquals(0, bp.lo(new Range(0x40000000L, 0x13fffffffL)));
        assertEquals(3, bp.hi(new Range(0x40000000L, 0x13fffffffL)));
        assertEquals("0xc6020000", bp.label(2));
    }

    @Test
    void theTopOfTheSpaceIsTwoToThe64() {
        Breakpoints bp = Breakpoints.of(List.of(Range.ALL, new Range(U64.MAX, U64.MAX)));
        assertEquals(3, bp.size());
        assertEquals("0x10000000000000000", bp.label(2));
        assertEquals(1, bp.lo(new Range(U64.MAX, U64.MAX)));
        assertEquals(2, bp.hi(Range.ALL));
    }

    @Test
    void noRangesGiveOnePoint() {
        assertEquals(List.of(BigInteger.ZERO), Breakpoints.of(List.of()).points());
    }

    @Test
    void pointsMustIncrease() {
        assertThrows(IllegalArgumentException.class, () -> new Breakpoints(List.of(BigInteger.TWO, BigInteger.ONE)));
        assertThrows(IllegalArgumentException.class, () -> Breakpoints.of(List.of(new Range(4, 8))).lo(new Range(5, 8)));
    }

    @Test
    void spansOverlapAndTouchExactlyWhenAddressesDo() {
        Random rnd = new Random(SEED);
        for (int round = 0; round < 2000; round++) {
            List<Range> rs = new ArrayList<>();
            int n = 1 + rnd.nextInt(5);
            for (int i = 0; i < n; i++) {
                rs.add(randomRange(rnd));
            }
            Breakpoints bp = Breakpoints.of(rs);
            for (Range a : rs) {
                assertTrue(bp.lo(a) < bp.hi(a), "seed=" + SEED + " round " + round + ": empty span for " + a);
                for (Range b : rs) {
                    boolean spanOverlap = bp.lo(a) < bp.hi(b) && bp.lo(b) < bp.hi(a);
                    boolean spanTouch = bp.lo(a) <= bp.hi(b) && bp.lo(b) <= bp.hi(a);
                    String where = "seed=" + SEED + " round " + round + ": " + a + " vs " + b;
                    assertEquals(shareAnAddress(a, b), spanOverlap, where + " overlap");
                    assertEquals(shareAnAddress(a, b) || adjacent(a, b), spanTouch, where + " touch");
                }
            }
        }
    }

    /** A range inside the lowest or the highest 64 addresses. */
    static Range randomRange(Random rnd) {
        long base = rnd.nextBoolean() ? 0 : U64.MAX - 63;
        long x = base + rnd.nextInt(64);
        long y = base + rnd.nextInt(64);
        return new Range(U64.min(x, y), U64.max(x, y));
    }

    /** Enumerates the 128 addresses the random ranges can hold. */
    static boolean shareAnAddress(Range a, Range b) {
        for (long base : new long[] {0, U64.MAX - 63}) {
            for (int i = 0; i < 64; i++) {
                if (a.contains(base + i) && b.contains(base + i)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean adjacent(Range a, Range b) {
        for (long base : new long[] {0, U64.MAX - 63}) {
            for (int i = 0; i < 63; i++) {
                long p = base + i;
                if ((a.contains(p) && b.contains(p + 1)) || (b.contains(p) && a.contains(p + 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }
}
