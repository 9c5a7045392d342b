package org.iovacheck.crosscheck;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.iovacheck.engine.Conflicts;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;

/** The oracle at small address widths: answers by visiting every address or every base, with nothing but comparisons. */
final class BruteForce {
    private BruteForce() {
    }

    /** Every pair sharing an address below {@code limit}, with the first and last shared address, in the canonical order. */
    static List<Conflict> conflicts(CheckQuery q, long limit) {
        List<Conflict> out = new ArrayList<>();
        for (GuestRegion g : q.mapped()) {
            for (ReservedRegion r : q.exclusions()) {
                long first = -1;
                long last = -1;
                for (long a = 0; a < limit; a++) {
                    if (in(g.range(), a) && in(r.range(), a)) {
                        if (first < 0) {
                            first = a;
                        }
                        last = a;
                    }
                }
                if (first >= 0) {
                    out.add(new Conflict(g, r, new Range(first, last)));
                }
            }
        }
        out.sort(Conflicts.ORDER);
        return out;
    }

    /** The lowest admissible base below {@code limit}, if any; limit is small, so no sum here can wrap (limits compare unsigned). */
    static OptionalLong lowestBase(PlaceQuery q, long limit) {
        long align = q.alignLog2() < 62 ? 1L << q.alignLog2() : limit;
        for (long x = 0; x < limit; x += align) {
            long end = x + q.length() - 1;
            if (Long.compareUnsigned(x, q.allowed().first()) < 0 || Long.compareUnsigned(end, q.allowed().last()) > 0) {
                continue;
            }
            boolean free = true;
            for (ReservedRegion w : q.forbidden()) {
                if (!(end < w.range().first() || x > w.range().last())) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return OptionalLong.of(x);
            }
        }
        return OptionalLong.empty();
    }

    private static boolean in(Range r, long a) {
        return a >= r.first() && a <= r.last();
    }
}
