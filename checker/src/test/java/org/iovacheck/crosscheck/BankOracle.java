package org.iovacheck.crosscheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.iovacheck.engine.BanksAnswer;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.Verdict;
import org.iovacheck.engine.interval.IntervalEngine;
import org.iovacheck.engine.sat.SatEngine;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * Oracles for several-bank placement, each independent of the engines: brute-force enumeration of every ascending vector of
 * aligned bases in a small space, a dynamic program over one small space ("can j banks fit at or above x"), and a naive
 * bank-after-bank search that rescans every window for wide spaces. {@link #compare} runs both engines against them.
 */
final class BankOracle {
    static final List<Engine> ENGINES = List.of(new IntervalEngine(), new SatEngine());

    private BankOracle() {
    }

    /** One bank at {@code x} alone: aligned, within 64 bits and the allowed range, meeting no window (direct arithmetic). */
    static boolean single(MultiPlaceQuery q, long x) {
        if ((x & (q.alignment() - 1)) != 0 || !U64.addFits(x, q.length() - 1)) {
            return false;
        }
        long end = x + q.length() - 1;
        if (U64.lt(x, q.allowed().first()) || U64.lt(q.allowed().last(), end)) {
            return false;
        }
        for (ReservedRegion w : q.forbidden()) {
            if (U64.le(w.range().first(), end) && U64.le(x, w.range().last())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every ascending vector of K (at most 3) bases below {@code space} whose banks do not overlap, in lexicographic order; the
     * first whose banks are each admissible, or empty. Complete when the allowed range lies below {@code space}.
     */
    static Optional<long[]> lowestByEnumeration(MultiPlaceQuery q, int space) {
        int k = q.banks();
        if (k > 3) {
            throw new IllegalArgumentException("enumeration is for at most 3 banks");
        }
        boolean[] ok = new boolean[space];
        for (int x = 0; x < space; x++) {
            ok[x] = single(q, x);
        }
        long len = q.length();
        for (int a = 0; a < space; a++) {
            if (!ok[a]) {
                continue;
            }
            if (k == 1) {
                return Optional.of(new long[] {a});
            }
            for (long b = a + len; b < space; b++) {
                if (!ok[(int) b]) {
                    continue;
                }
                if (k == 2) {
                    return Optional.of(new long[] {a, b});
                }
                for (long c = b + len; c < space; c++) {
                    if (ok[(int) c]) {
                        return Optional.of(new long[] {a, b, c});
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Dynamic program over bases below {@code bound}: can all K banks fit? Complete when every solution has one below the bound. */
    static boolean feasibleByDp(MultiPlaceQuery q, int bound) {
        int k = q.banks();
        long len = q.length();
        boolean[][] f = new boolean[bound + 1][k + 1];
        for (int x = bound; x >= 0; x--) {
            f[x][0] = true;
            for (int j = 1; j <= k; j++) {
                boolean here = false;
                if (x < bound && single(q, x)) {
                    long after = x + len;
                    here = after > bound ? j == 1 : f[(int) after][j - 1];
                }
                f[x][j] = here || (x < bound && f[x + 1][j]);
            }
        }
        return f[0][k];
    }

    /** Bank after bank, the lowest base at or above the previous bank's end that meets no window, rescanning every window. */
    static Optional<long[]> lowestByRescan(MultiPlaceQuery q) {
        long[] out = new long[q.banks()];
        long mask = q.alignment() - 1;
        long x = q.allowed().first();
        for (int i = 0; i < q.banks(); i++) {
            while (true) {
                if ((x & mask) != 0) {
                    if (!U64.addFits(x, mask)) {
                        return Optional.empty();
                    }
                    x = (x + mask) & ~mask;
                }
                if (!U64.addFits(x, q.length() - 1) || U64.lt(q.allowed().last(), x + q.length() - 1)) {
                    return Optional.empty();
                }
                long end = x + q.length() - 1;
                long jump = 0;
                boolean hit = false;
                for (ReservedRegion w : q.forbidden()) {
                    if (U64.le(w.range().first(), end) && U64.le(x, w.range().last())) {
                        jump = hit ? U64.max(jump, w.range().last()) : w.range().last();
                        hit = true;
                    }
                }
                if (!hit) {
                    break;
                }
                if (jump == U64.MAX) {
                    return Optional.empty();
                }
                x = jump + 1;
            }
            out[i] = x;
            if (i + 1 < q.banks()) {
                if (x + q.length() - 1 == U64.MAX) {
                    return Optional.empty();
                }
                x = x + q.length();
            }
        }
        return Optional.of(out);
    }

    /** The query restricted to some windows and limits, without member {@code drop} (limits count after the windows). */
    static MultiPlaceQuery sub(MultiPlaceQuery q, List<ReservedRegion> windows, List<PlaceQuery.Limit> limits, int drop) {
        Restriction r = Restriction.of(q.allowed(), windows, limits, drop);
        return new MultiPlaceQuery(q.banks(), q.length(), q.alignLog2(), r.allowed(), r.windows());
    }

    /**
     * Both engines decide, agree with the expected lowest vector (empty: nothing fits), and every blocking set is infeasible on
     * its own and feasible without any one member, as {@code feasible} judges. Returns the verdict.
     */
    static Verdict compare(MultiPlaceQuery q, Optional<long[]> expected, Predicate<MultiPlaceQuery> feasible, String context) {
        Verdict v = expected.isPresent() ? Verdict.FOUND : Verdict.INFEASIBLE;
        for (Engine e : ENGINES) {
            BanksAnswer a = e.placeBanks(q, Budget.unlimited());
            String ctx = context + ": engine " + e.name() + " on " + q + " windows " + q.forbidden().stream().map(w -> w.range().toString()).toList()
                    + " expected " + expected.map(BankOracle::hex).orElse("none") + ", answer " + a;
            assertNotEquals(Verdict.UNKNOWN, a.verdict(), ctx);
            assertEquals(v, a.verdict(), ctx);
            if (a.verdict() == Verdict.FOUND) {
                assertArrayEquals(expected.get(), a.baseArray(), ctx);
                assertTrue(q.admits(a.baseArray()), ctx);
                continue;
            }
            MultiPlaceQuery core = sub(q, a.blockingWindows(), a.blockingLimits(), -1);
            assertFalse(feasible.test(core), ctx + ": the blocking set leaves room");
            int size = a.blockingWindows().size() + a.blockingLimits().size();
            for (int drop = 0; drop < size; drop++) {
                assertTrue(feasible.test(sub(q, a.blockingWindows(), a.blockingLimits(), drop)),
                        ctx + ": the blocking set is not minimal, member " + drop);
            }
        }
        return v;
    }

    static String hex(long[] v) {
        return Arrays.stream(v).mapToObj(Long::toHexString).toList().toString();
    }
}
