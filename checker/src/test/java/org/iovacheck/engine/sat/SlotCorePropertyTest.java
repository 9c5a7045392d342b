package org.iovacheck.engine.sat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.iovacheck.model.U64;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * The explanation arithmetic of the bank solver against the former quadratic one ({@link QuadraticRoom}) and, on short
 * lines, an exhaustive count slot by slot: {@link RoomSweep}'s room and room-without-each-member equal the recount from
 * scratch, and every {@link SlotCore} explanation blocks and is minimal by the oracle's count, on random families of
 * intervals on short lines and at the top of the 64-bit line (intervals ending at 2^64 - 1, slot ranges up to 2^64 - 1),
 * with one to six banks.
 */
class SlotCorePropertyTest {

    /** A family of slot intervals; constraints 0 and 1 are the limits (absent when not in {@code members}). */
    private record Family(long[] from, long[] to, long yMax, long stride, int banks, int[] members) {
        QuadraticRoom oracle() {
            return new QuadraticRoom(from, to, yMax, stride, banks);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("yMax " + Long.toUnsignedString(yMax) + " stride " + Long.toUnsignedString(stride)
                    + " banks " + banks + ":");
            for (int c : members) {
                sb.append(' ').append(c).append("=[").append(Long.toUnsignedString(from[c])).append(',')
                        .append(Long.toUnsignedString(to[c])).append(']');
            }
            return sb.toString();
        }
    }

    private static long below(Random rnd, long bound) {
        return bound == 0 ? 0 : Long.remainderUnsigned(rnd.nextLong(), bound);
    }

    /** One to six banks, as many as the line holds without constraints (every bank query guarantees room for all). */
    private static int banks(Random rnd, long yMax, long stride) {
        long gaps = Long.divideUnsigned(yMax, stride);
        return 1 + rnd.nextInt(U64.lt(gaps, 6) ? (int) gaps + 1 : 6);
    }

    /**
     * The last slot of a window's interval from slot f: as every window's, at least stride - 1 slots long unless it reaches
     * yMax (the free slots on its two sides are a stride apart, BankSlots), else the arithmetic's premise would not hold.
     */
    private static long windowEnd(long f, long len, long yMax, long stride) {
        long l = U64.max(len, U64.lt(stride, 2) ? 0 : stride - 2);
        return U64.lt(yMax - f, l) ? yMax : f + l;
    }

    /** Intervals on a short line of at most 400 slots, limits at either end half of the time. */
    private static Family shortLine(Random rnd) {
        long yMax = rnd.nextInt(400);
        long stride = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 60);
        int m = 2 + rnd.nextInt(14);
        long[] from = new long[m];
        long[] to = new long[m];
        int[] members = new int[m];
        int n = 0;
        if (rnd.nextBoolean()) {
            from[0] = 0;
            to[0] = below(rnd, yMax / 3 + 1);
            members[n++] = 0;
        }
        if (rnd.nextBoolean()) {
            from[1] = yMax - below(rnd, yMax / 3 + 1);
            to[1] = yMax;
            members[n++] = 1;
        }
        for (int c = 2; c < m; c++) {
            long f = below(rnd, yMax + 1);
            long len = below(rnd, 1 + (rnd.nextInt(4) == 0 ? yMax : 3 * stride));
            from[c] = f;
            to[c] = windowEnd(f, len, yMax, stride);
            members[n++] = c;
        }
        return new Family(from, to, yMax, stride, banks(rnd, yMax, stride), Arrays.copyOf(members, n));
    }

    /** Intervals near slot 0, near yMax and in between on a line whose last slot is 2^64 - 1 or just below. */
    private static Family topOfTheLine(Random rnd) {
        long yMax = rnd.nextInt(3) == 0 ? U64.MAX : (U64.MAX >>> rnd.nextInt(4)) - (rnd.nextBoolean() ? 0 : below(rnd, 1000));
        long stride = rnd.nextBoolean() ? 1 + below(rnd, 64) : (yMax >>> (1 + rnd.nextInt(6))) + below(rnd, 1000);
        int m = 2 + rnd.nextInt(14);
        long[] from = new long[m];
        long[] to = new long[m];
        int[] members = new int[m];
        int n = 0;
        long reach = U64.lt(Long.divideUnsigned(yMax, 3), stride) ? yMax : 3 * stride;
        if (rnd.nextBoolean()) {
            from[0] = 0;
            to[0] = below(rnd, reach + 1);
            members[n++] = 0;
        }
        if (rnd.nextBoolean()) {
            from[1] = yMax - below(rnd, reach + 1);
            to[1] = yMax;
            members[n++] = 1;
        }
        long[] anchors = {0, yMax, yMax >>> 1, yMax - U64.min(yMax, stride), below(rnd, yMax)};
        for (int c = 2; c < m; c++) {
            long a = anchors[rnd.nextInt(anchors.length)];
            long f = rnd.nextBoolean() ? a - U64.min(a, below(rnd, reach + 8)) : a;
            long len = rnd.nextInt(3) == 0 ? rnd.nextLong() >>> rnd.nextInt(64) : below(rnd, reach + 4);
            from[c] = f;
            to[c] = rnd.nextInt(4) == 0 ? yMax : windowEnd(f, len, yMax, stride);
            members[n++] = c;
        }
        return new Family(from, to, yMax, stride, banks(rnd, yMax, stride), Arrays.copyOf(members, n));
    }

    /** Counts of what the random families exercised, so that a degenerate generator fails the test. */
    private static final class Tally {
        int blocking;
        int blockingSeveralBanks;
        int blockingAtTop;
        int notMinimalSeen;
        int coreSmallerThanSet;
        int sameAsFormerDeletion;
    }

    private static void checkFamily(Family f, boolean exhaustive, boolean atTop, Tally t, String ctx) {
        QuadraticRoom oracle = f.oracle();
        int[] ms = f.members();
        RoomSweep sweep = RoomSweep.of(f.from(), f.to(), ms, f.yMax(), f.stride(), f.banks());
        long room = oracle.roomWithout(ms, -1);
        assertEquals(room, sweep.room(), ctx + " room");
        if (exhaustive) {
            assertEquals(oracle.roomBySlots(ms, -1), room, ctx + " room by slots");
        }
        for (int j = 0; j < ms.length; j++) {
            long want = oracle.roomWithout(ms, j);
            assertEquals(want, sweep.roomWithout(j), ctx + " room without member " + ms[j]);
            if (exhaustive) {
                assertEquals(oracle.roomBySlots(ms, j), want, ctx + " room by slots without member " + ms[j]);
            }
        }
        if (room >= f.banks()) {
            assertThrows(SatInternalError.class, () -> SlotCore.minimal(f.from(), f.to(), ms, f.yMax(), f.stride(), f.banks(), () -> false), ctx);
            return;
        }
        t.blocking++;
        t.blockingSeveralBanks += f.banks() > 1 ? 1 : 0;
        t.blockingAtTop += atTop ? 1 : 0;
        t.notMinimalSeen += IntStream.range(0, ms.length).anyMatch(j -> sweep.roomWithout(j) < f.banks()) ? 1 : 0;
        int[] core = SlotCore.minimal(f.from(), f.to(), ms, f.yMax(), f.stride(), f.banks(), () -> false).orElseThrow();
        assertTrue(core.length > 0, ctx);
        for (int i = 0; i < core.length; i++) {
            int c = core[i];
            assertTrue(i == 0 || core[i - 1] < c, ctx + " core sorted and distinct " + Arrays.toString(core));
            assertTrue(Arrays.stream(ms).anyMatch(x -> x == c), ctx + " core member " + c + " not in the set");
        }
        assertTrue(oracle.roomWithout(core, -1) < f.banks(), ctx + " core " + Arrays.toString(core) + " leaves room");
        for (int j = 0; j < core.length; j++) {
            assertTrue(oracle.roomWithout(core, j) >= f.banks(), ctx + " core " + Arrays.toString(core) + " blocks without " + core[j]);
            if (exhaustive) {
                assertTrue(oracle.roomBySlots(core, j) >= f.banks(), ctx + " core " + Arrays.toString(core) + " blocks slot by slot without " + core[j]);
            }
        }
        RoomSweep onCore = RoomSweep.of(f.from(), f.to(), core, f.yMax(), f.stride(), f.banks());
        assertTrue(onCore.room() < f.banks(), ctx);
        t.coreSmallerThanSet += core.length < ms.length ? 1 : 0;
        int[] former = oracle.deletionCore(ms);
        t.sameAsFormerDeletion += Arrays.equals(former, core) ? 1 : 0;
    }

    @Test
    void sweepAndDeletionAgreeWithTheFormerQuadraticArithmeticOnShortLinesAndAtTheTopOfThe64BitLine() {
        long seed = Seeds.seed("SlotCorePropertyTest");
        Random rnd = new Random(seed);
        Tally shortT = new Tally();
        Tally topT = new Tally();
        for (int i = 0; i < 4000; i++) {
            Family f = shortLine(rnd);
            checkFamily(f, true, false, shortT, "seed " + seed + " short family " + i + ": " + f);
        }
        for (int i = 0; i < 4000; i++) {
            Family f = topOfTheLine(rnd);
            checkFamily(f, false, true, topT, "seed " + seed + " top family " + i + ": " + f);
        }
        String tallies = "short: " + shortT.blocking + " blocking (" + shortT.blockingSeveralBanks + " with K > 1), " + shortT.notMinimalSeen
                + " not minimal, " + shortT.coreSmallerThanSet + " reduced, " + shortT.sameAsFormerDeletion + " same core as before; top: "
                + topT.blocking + " blocking (" + topT.blockingSeveralBanks + " with K > 1), " + topT.notMinimalSeen + " not minimal, "
                + topT.coreSmallerThanSet + " reduced, " + topT.sameAsFormerDeletion + " same core as before";
        System.out.println("SlotCorePropertyTest: " + tallies);
        for (Tally t : new Tally[] {shortT, topT}) {
            assertTrue(t.blocking > 400 && t.blockingSeveralBanks > 150 && t.notMinimalSeen > 100 && t.coreSmallerThanSet > 100, tallies);
        }
    }

    @Test
    void familiesOfHundredsOfIntervalsAgreeWithTheFormerArithmetic() {
        long seed = Seeds.seed("SlotCorePropertyTest.large");
        Random rnd = new Random(seed);
        Tally t = new Tally();
        for (int i = 0; i < 40; i++) {
            int m = 150 + rnd.nextInt(250);
            long yMax = i % 2 == 0 ? U64.MAX : 200_000 + rnd.nextInt(1000);
            long stride = 1 + below(rnd, 2 * Long.divideUnsigned(yMax, m));
            long coverage = 5 + rnd.nextInt(8);
            long[] from = new long[m + 2];
            long[] to = new long[m + 2];
            int[] members = new int[m];
            for (int c = 2; c < m + 2; c++) {
                long f = below(rnd, yMax);
                long len = below(rnd, 2 * coverage * Long.divideUnsigned(yMax, m));
                from[c] = f;
                to[c] = windowEnd(f, len, yMax, stride);
                members[c - 2] = c;
            }
            Family fam = new Family(from, to, yMax, stride, banks(rnd, yMax, stride), members);
            checkFamily(fam, false, i % 2 == 0, t, "seed " + seed + " large family " + i + ": " + fam);
        }
        String tally = t.blocking + " of 40 blocking (" + t.blockingSeveralBanks + " with K > 1, " + t.blockingAtTop + " at the top), "
                + t.notMinimalSeen + " not minimal, " + t.coreSmallerThanSet + " reduced";
        System.out.println("SlotCorePropertyTest.large: " + tally);
        assertTrue(t.blocking >= 5 && t.blockingSeveralBanks >= 2 && t.blockingAtTop >= 2 && t.coreSmallerThanSet >= 5, tally);
    }

    @Test
    void aChainMemberThatFirstFitRanIntoIsDroppedWhenTheOtherBlocksAlone() {
        // Two banks, a stride of 10 slots, slots 0..15: [0,1] and [3,15]; [3,15] alone leaves slots 0..2, room for one bank.
        long[] from = {0, 0, 0, 3};
        long[] to = {0, 0, 1, 15};
        int[] core = SlotCore.minimal(from, to, new int[] {2, 3}, 15, 10, 2, () -> false).orElseThrow();
        assertArrayEquals(new int[] {3}, core);
        RoomSweep s = RoomSweep.of(from, to, new int[] {2, 3}, 15, 10, 2);
        assertEquals(1, s.room());
        assertEquals(1, s.roomWithout(0), "without [0,1] the free slots 0..2 still hold one bank only");
        assertEquals(2, s.roomWithout(1));
    }

    @Test
    void theSweepRefusesAnIntervalTooShortForItsSidesToBeAStrideApart() {
        // Stride 10: slots 3 and 6 on either side of [4,5] are 3 apart; no window's interval is that short (BankSlots).
        long[] from = {0, 0, 4};
        long[] to = {0, 0, 5};
        assertThrows(SatInternalError.class, () -> RoomSweep.of(from, to, new int[] {2}, 100, 10, 3));
        long[] longer = {0, 0, 4};
        long[] longerTo = {0, 0, 12};
        assertEquals(3, RoomSweep.of(longer, longerTo, new int[] {2}, 100, 10, 3).room());
    }

    @Test
    void anExhaustedBudgetGivesNoExplanation() {
        int m = 10_000;
        long[] from = new long[m + 2];
        long[] to = new long[m + 2];
        int[] members = new int[m];
        for (int c = 2; c < m + 2; c++) {
            from[c] = 2L * (c - 2);
            to[c] = 2L * (c - 2) + 1;
            members[c - 2] = c;
        }
        assertTrue(SlotCore.minimal(from, to, members, 2L * m - 1, 1, 1, () -> true).isEmpty());
        assertEquals(m, SlotCore.minimal(from, to, members, 2L * m - 1, 1, 1, () -> false).orElseThrow().length);
    }
}
