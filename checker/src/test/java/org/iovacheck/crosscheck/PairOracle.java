package org.iovacheck.crosscheck;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.iovacheck.engine.Conflicts;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * Naive oracles valid at any width: every guest/excluded pair tested on its own, and the lowest base chosen among the only
 * candidates a lowest base can be (the aligned lowest limit, or the aligned address just past a window), each tested against
 * every window. Quadratic, independent of both engines' algorithms.
 */
final class PairOracle {
    private PairOracle() {
    }

    static List<Conflict> conflicts(CheckQuery q) {
        List<Conflict> out = new ArrayList<>();
        for (GuestRegion g : q.mapped()) {
            for (ReservedRegion r : q.exclusions()) {
                if (g.range().overlaps(r.range())) {
                    out.add(Conflict.of(g, r));
                }
            }
        }
        out.sort(Conflicts.ORDER);
        return out;
    }

    /** The lowest admissible base, if any. */
    static OptionalLong lowestBase(PlaceQuery q) {
        List<Long> candidates = new ArrayList<>();
        candidates.add(q.allowed().first());
        for (ReservedRegion w : q.forbidden()) {
            if (w.range().last() != U64.MAX) {
                candidates.add(w.range().last() + 1);
            }
        }
        long mask = q.alignment() - 1;
        OptionalLong best = OptionalLong.empty();
        for (long c : candidates) {
            if (!U64.addFits(c, mask)) {
                continue;
            }
            long x = (c + mask) & ~mask;
            if (admissible(q, x) && (best.isEmpty() || U64.lt(x, best.getAsLong()))) {
                best = OptionalLong.of(x);
            }
        }
        return best;
    }

    private static boolean admissible(PlaceQuery q, long x) {
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
}
