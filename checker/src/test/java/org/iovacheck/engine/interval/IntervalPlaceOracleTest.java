package org.iovacheck.engine.interval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iovacheck.engine.BanksAnswer;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.PlaceAnswer;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;
import org.junit.jupiter.api.Test;

/**
 * Placement (one block and several banks) against brute force. Windows lie in a 256-address universe U placed at 0, across
 * 2^63 or at the top of the 64-bit space; the allowed range starts in U or at 0 and ends in U or at 2^64 - 1; blocks are at
 * most 64 bytes, aligned to at most 64. Outside U nothing but the allowed range and alignment matters, so every question has
 * its lowest answer (and its lexicographically smallest vector of up to 3 banks) among the bases in S = [0, 512) and the
 * 512 addresses on either side of U and below 2^64 (an answer beyond them could be shifted into them). The oracle visits every
 * aligned base of S, notes which constraints (the two limits, each window) exclude it, and answers from those sets alone:
 * the lowest base, the most banks that fit (dynamic program), a blocking set's validity, minimality and minimum size.
 */
class IntervalPlaceOracleTest {
    private static final long[] UNIVERSES = {0, 0x8000000000000000L - 128, U64.MAX - 255};
    private static final int LOW = 1;
    private static final int HIGH = 2;

    /** The aligned bases of S in ascending order whose block fits in 64 bits, each with the constraints that exclude it. */
    private record Space(long[] bases, int[] excludedBy, int[] distinct, long length) {
        static Space of(long universe, long length, int alignLog2, Range allowed, List<ReservedRegion> windows) {
            long lo = U64.lt(universe, 512) ? 0 : universe - 512;
            long hi = U64.addFits(universe, 767) ? universe + 767 : U64.MAX;
            Range[] parts = {new Range(0, 511), new Range(lo, hi), new Range(U64.MAX - 511, U64.MAX)};
            java.util.Arrays.sort(parts);
            List<Long> bases = new ArrayList<>();
            List<Integer> masks = new ArrayList<>();
            long mask = (1L << alignLog2) - 1;
            long x = 0;
            for (Range part : parts) {
                x = U64.max(x, part.first());
                x = (x + mask) & ~mask;
                for (; U64.le(part.first(), x) && U64.le(x, part.last()) && U64.addFits(x, length - 1); x += mask + 1) {
                    add(x, length, allowed, windows, bases, masks);
                }
                if (U64.lt(x, part.first())) {
                    break;
                }
            }
            int[] excludedBy = masks.stream().mapToInt(Integer::intValue).toArray();
            return new Space(bases.stream().mapToLong(Long::longValue).toArray(), excludedBy,
                    java.util.Arrays.stream(excludedBy).distinct().toArray(), length);
        }

        /** Every multiple of 2^k (k at least 56) whose block fits in 64 bits. */
        static Space coarse(long length, int alignLog2, Range allowed, List<ReservedRegion> windows) {
            List<Long> bases = new ArrayList<>();
            List<Integer> masks = new ArrayList<>();
            for (long slot = 0; slot < 1L << (64 - alignLog2); slot++) {
                long x = slot << alignLog2;
                if (U64.addFits(x, length - 1)) {
                    add(x, length, allowed, windows, bases, masks);
                }
            }
            int[] excludedBy = masks.stream().mapToInt(Integer::intValue).toArray();
            return new Space(bases.stream().mapToLong(Long::longValue).toArray(), excludedBy,
                    java.util.Arrays.stream(excludedBy).distinct().toArray(), length);
        }

        private static void add(long x, long length, Range allowed, List<ReservedRegion> windows, List<Long> bases, List<Integer> masks) {
            long end = x + length - 1;
            int m = 0;
            if (U64.lt(x, allowed.first())) {
                m |= LOW;
            }
            if (U64.lt(allowed.last(), end)) {
                m |= HIGH;
            }
            for (int w = 0; w < windows.size(); w++) {
                Range r = windows.get(w).range();
                if (U64.le(r.first(), end) && U64.le(x, r.last())) {
                    m |= 4 << w;
                }
            }
            bases.add(x);
            masks.add(m);
        }

        /** True when some base is excluded by no constraint of {@code subset}. */
        boolean fits(int subset) {
            for (int m : distinct) {
                if ((m & subset) == 0) {
                    return true;
                }
            }
            return false;
        }

        /** The index of the lowest base no constraint of {@code subset} excludes, or -1. */
        int lowest(int subset) {
            for (int i = 0; i < bases.length; i++) {
                if ((excludedBy[i] & subset) == 0) {
                    return i;
                }
            }
            return -1;
        }

        /** chain[i]: the most non-overlapping banks under {@code subset} with the lowest at base i (0 when i is excluded). */
        int[] chains(int subset) {
            int n = bases.length;
            int[] best = new int[n + 1];
            int[] chain = new int[n];
            for (int i = n - 1; i >= 0; i--) {
                if ((excludedBy[i] & subset) == 0) {
                    int j = next(i);
                    chain[i] = 1 + (j < 0 ? 0 : best[j]);
                }
                best[i] = Math.max(best[i + 1], chain[i]);
            }
            return chain;
        }

        int mostBanks(int subset) {
            int most = 0;
            for (int c : chains(subset)) {
                most = Math.max(most, c);
            }
            return most;
        }

        /** The lexicographically smallest ascending vector of k banks under {@code subset}, or null. */
        long[] smallestVector(int subset, int k) {
            int[] chain = chains(subset);
            long[] out = new long[k];
            int from = 0;
            for (int b = 0; b < k; b++) {
                int pick = -1;
                for (int i = Math.max(from, 0); i < bases.length && pick < 0; i++) {
                    if (chain[i] >= k - b) {
                        pick = i;
                    }
                }
                if (pick < 0 || from < 0) {
                    return null;
                }
                out[b] = bases[pick];
                from = next(pick);
            }
            return out;
        }

        /** The first index whose base is at or above the end of base i's block, or -1. */
        private int next(int i) {
            if (!U64.addFits(bases[i], length)) {
                return -1;
            }
            long after = bases[i] + length;
            int lo = i + 1;
            int hi = bases.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (U64.lt(bases[mid], after)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo < bases.length ? lo : -1;
        }
    }

    /** A fixed seed, so that a mutation run is repeatable; -Diovacheck.seed=N replays another. */
    static long seed(String test, long fallback) {
        Long fixed = Long.getLong("iovacheck.seed");
        long s = fixed != null ? fixed : fallback;
        System.out.println(test + ": seed " + s + " (replay with -Diovacheck.seed=" + s + ")");
        return s;
    }

    private static int subsetOf(List<ReservedRegion> all, List<ReservedRegion> windows, List<PlaceQuery.Limit> limits) {
        int s = 0;
        for (ReservedRegion w : windows) {
            int at = all.indexOf(w);
            assertTrue(at >= 0, "a blocking window that is not among the query's: " + w);
            assertEquals(0, s & (4 << at), "window named twice: " + w);
            s |= 4 << at;
        }
        for (PlaceQuery.Limit l : limits) {
            int bit = l == PlaceQuery.Limit.LOWEST_BASE ? LOW : HIGH;
            assertEquals(0, s & bit, "limit named twice: " + l);
            s |= bit;
        }
        return s;
    }

    /** One question: universe -1 means coarse (alignment 2^56 or more, every aligned base of the 64-bit space enumerated). */
    private record Question(long universe, long length, int alignLog2, Range allowed, List<ReservedRegion> windows) {
        static Question random(Random rnd) {
            long u = UNIVERSES[rnd.nextInt(UNIVERSES.length)];
            List<ReservedRegion> ws = new ArrayList<>();
            int n = rnd.nextInt(8);
            for (int i = 0; i < n; i++) {
                int a = rnd.nextInt(256);
                int b = a + rnd.nextInt(Math.min(256 - a, 1 + rnd.nextInt(48)));
                ws.add(window(i, u + a, u + b));
            }
            long first = rnd.nextInt(6) == 0 ? 0 : u + rnd.nextInt(256);
            long last = rnd.nextInt(6) == 0 ? U64.MAX : u + rnd.nextInt(256);
            long length = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(4) : 1 + rnd.nextInt(64);
            return new Question(u, length, rnd.nextInt(7), ordered(first, last), ws);
        }

        /**
         * Alignment 2^56..2^63, so at most 256 aligned bases in the whole space, all enumerated; lengths, window ends and limits
         * drawn near multiples of the alignment and near 2^64 - 1, where the arithmetic wraps if anything does.
         */
        static Question coarse(Random rnd) {
            int k = 56 + rnd.nextInt(8);
            List<ReservedRegion> ws = new ArrayList<>();
            int n = rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                long a = edge(rnd, k);
                long b = rnd.nextBoolean() ? edge(rnd, k) : U64.addFits(a, 3) ? a + rnd.nextInt(4) : U64.MAX;
                Range r = ordered(a, b);
                ws.add(window(i, r.first(), r.last()));
            }
            long first = rnd.nextInt(4) == 0 ? 0 : edge(rnd, k);
            long last = rnd.nextInt(4) == 0 ? U64.MAX : edge(rnd, k);
            long length = switch (rnd.nextInt(4)) {
                case 0 -> 1 + rnd.nextInt(3);
                case 1 -> U64.MAX - rnd.nextInt(3);
                default -> edge(rnd, k);
            };
            return new Question(-1, length == 0 ? 1 : length, k, ordered(first, last), ws);
        }

        /** A multiple of 2^k (the first slots, the last ones, or any) plus -1, 0, 1 or a random offset below 2^k. */
        private static long edge(Random rnd, int k) {
            long slots = 1L << (64 - k);
            long m = switch (rnd.nextInt(3)) {
                case 0 -> rnd.nextInt(3);
                case 1 -> slots - 1 - rnd.nextInt(3);
                default -> (rnd.nextLong() >>> k);
            };
            long off = switch (rnd.nextInt(4)) {
                case 0 -> -1;
                case 1 -> 0;
                case 2 -> 1;
                default -> rnd.nextLong() >>> k;
            };
            return (m << k) + off;
        }

        private static Range ordered(long a, long b) {
            return U64.le(a, b) ? new Range(a, b) : new Range(b, a);
        }

        private static ReservedRegion window(int i, long first, long last) {
            return new ReservedRegion(new Range(first, last), RegionType.RESERVED, "1", "w" + i, Source.BUILTIN);
        }

        Space space() {
            return universe == -1 ? Space.coarse(length, alignLog2, allowed, windows) : Space.of(universe, length, alignLog2, allowed, windows);
        }
    }

    @Test
    void placeFindsTheLowestBaseOrAMinimumBlockingSet() {
        place(seed("IntervalPlaceOracleTest.place", 41), 2000, Question::random);
    }

    @Test
    void placeAtCoarseAlignmentsAcrossThe64BitSpace() {
        place(seed("IntervalPlaceOracleTest.placeCoarse", 47), 2000, Question::coarse);
    }

    @Test
    void banksFindTheSmallestVectorOrAMinimalBlockingSet() {
        banks(seed("IntervalPlaceOracleTest.banks", 43), 2000, 3, Question::random);
    }

    @Test
    void banksAtCoarseAlignmentsAcrossThe64BitSpace() {
        banks(seed("IntervalPlaceOracleTest.banksCoarse", 53), 3000, 4, Question::coarse);
    }

    /**
     * One-byte banks, alignment 1: the highest slot is 2^64 - 1 itself. A window [1, 2^64 - 1] leaves only address 0, so two
     * banks do not fit and the window alone blocks them, leaving room for one; a window [0, 2^64 - 2] likewise leaves 2^64 - 1.
     */
    @Test
    void oneByteBanksAgainstAWindowThatEndsAtTheTop() {
        IntervalEngine engine = new IntervalEngine();
        for (Range w : List.of(new Range(1, U64.MAX), new Range(0, U64.MAX - 1))) {
            ReservedRegion win = Question.window(0, w.first(), w.last());
            BanksAnswer a = engine.placeBanks(new MultiPlaceQuery(2, 1, 0, Range.ALL, List.of(win)), Budget.unlimited());
            assertEquals(Verdict.INFEASIBLE, a.verdict(), w::toString);
            assertEquals(List.of(win), a.blockingWindows());
            assertEquals(List.of(), a.blockingLimits());
            assertTrue(a.evidence().get(1).startsWith("1 constraint(s) leave room for only 1 bank(s)"), a.evidence()::toString);
            BanksAnswer one = engine.placeBanks(new MultiPlaceQuery(1, 1, 0, Range.ALL, List.of(win)), Budget.unlimited());
            assertEquals(List.of(w.first() == 0 ? U64.MAX : 0L), one.bases());
        }
        // two windows leaving 0 and 2^64 - 1: both fit, at the two ends
        BanksAnswer ends = engine.placeBanks(new MultiPlaceQuery(2, 1, 0, Range.ALL, List.of(Question.window(0, 1, U64.MAX - 1))),
                Budget.unlimited());
        assertEquals(List.of(0L, U64.MAX), ends.bases());
    }

    private static void place(long seed, int rounds, java.util.function.Function<Random, Question> questions) {
        Random rnd = new Random(seed);
        IntervalEngine engine = new IntervalEngine();
        int found = 0;
        int infeasible = 0;
        for (int iter = 0; iter < rounds; iter++) {
            Question t = questions.apply(rnd);
            PlaceQuery q = new PlaceQuery(t.length(), t.alignLog2(), t.allowed(), t.windows());
            Space s = t.space();
            int all = LOW | HIGH | ((1 << (t.windows().size() + 2)) - 4);
            PlaceAnswer a = engine.place(q, Budget.unlimited());
            String ctx = "seed " + seed + " iteration " + iter + ": " + t;
            int lowest = s.lowest(all);
            if (lowest >= 0) {
                found++;
                assertEquals(Verdict.FOUND, a.verdict(), ctx);
                assertEquals(Range.ofSize(s.bases()[lowest], t.length()), a.block().orElseThrow(), ctx);
                continue;
            }
            infeasible++;
            assertEquals(Verdict.INFEASIBLE, a.verdict(), ctx);
            int core = subsetOf(t.windows(), a.blockingWindows(), a.blockingLimits());
            assertEquals(-1, s.lowest(core), ctx + ": the blocking set leaves room");
            for (int m = core; m != 0; m &= m - 1) {
                int without = core & ~Integer.lowestOneBit(m);
                assertTrue(s.lowest(without) >= 0, ctx + ": not minimal, member " + Integer.lowestOneBit(m) + " can go");
            }
            int size = Integer.bitCount(core);
            assertTrue(a.evidence().get(0).startsWith("no aligned base fits; " + size + " constraint(s) cover"), ctx + ": " + a.evidence());
            assertEquals("interval", a.engine());
            for (int sub = all; sub > 0; sub = (sub - 1) & all) {
                if (Integer.bitCount(sub) < size) {
                    assertTrue(s.fits(sub), ctx + ": a smaller blocking set exists: " + Integer.toBinaryString(sub));
                }
            }
        }
        assertTrue(found > rounds / 8 && infeasible > rounds / 8, "seed " + seed + ": found " + found + ", infeasible " + infeasible);
    }

    private static void banks(long seed, int rounds, int maxBanks, java.util.function.Function<Random, Question> questions) {
        Random rnd = new Random(seed);
        IntervalEngine engine = new IntervalEngine();
        int found = 0;
        int infeasible = 0;
        for (int iter = 0; iter < rounds; iter++) {
            Question t = questions.apply(rnd);
            int k = 1 + rnd.nextInt(maxBanks);
            MultiPlaceQuery q;
            try {
                q = new MultiPlaceQuery(k, t.length(), t.alignLog2(), t.allowed(), t.windows());
            } catch (IllegalArgumentException e) {
                continue; // the banks do not fit in 64 bits even without constraints: not a placement question
            }
            Space s = t.space();
            int all = LOW | HIGH | ((1 << (t.windows().size() + 2)) - 4);
            BanksAnswer a = engine.placeBanks(q, Budget.unlimited());
            String ctx = "seed " + seed + " iteration " + iter + ": " + k + " banks, " + t;
            long[] expected = s.smallestVector(all, k);
            if (expected != null) {
                found++;
                assertEquals(Verdict.FOUND, a.verdict(), ctx);
                assertArrayEquals(expected, a.baseArray(), ctx);
                continue;
            }
            infeasible++;
            assertEquals(Verdict.INFEASIBLE, a.verdict(), ctx);
            int core = subsetOf(t.windows(), a.blockingWindows(), a.blockingLimits());
            assertTrue(s.mostBanks(core) < k, ctx + ": the blocking set leaves room for " + s.mostBanks(core));
            for (int m = core; m != 0; m &= m - 1) {
                int without = core & ~Integer.lowestOneBit(m);
                assertTrue(s.mostBanks(without) >= k, ctx + ": not minimal, member " + Integer.lowestOneBit(m) + " can go");
            }
            assertEquals("first fit placed " + s.mostBanks(all) + " of " + k + " bank(s)", a.evidence().get(0), ctx);
            assertTrue(a.evidence().get(1).startsWith(Integer.bitCount(core) + " constraint(s) leave room for only " + s.mostBanks(core)
                    + " bank(s)"), ctx + ": " + a.evidence());
            assertEquals("interval", a.engine());
        }
        assertTrue(found > rounds / 8 && infeasible > rounds / 8, "seed " + seed + ": found " + found + ", infeasible " + infeasible);
    }
}
