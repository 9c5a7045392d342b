package org.iovacheck.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Immutable; excluded ranges sorted by first address with a running maximum of last addresses, so "which range, if any, meets
 * [a, b]" costs two binary searches. Built once, asked many times (the candidate layouts of a search).
 */
public final class ExclusionIndex {
    private final ReservedRegion[] byFirst;
    private final long[] firsts;
    private final long[] prefixMaxLast;

    public ExclusionIndex(List<ReservedRegion> exclusions) {
        byFirst = exclusions.toArray(new ReservedRegion[0]);
        Arrays.sort(byFirst, (x, y) -> Long.compareUnsigned(x.range().first(), y.range().first()));
        firsts = new long[byFirst.length];
        prefixMaxLast = new long[byFirst.length];
        long max = 0;
        for (int i = 0; i < byFirst.length; i++) {
            firsts[i] = byFirst[i].range().first();
            max = i == 0 ? byFirst[i].range().last() : U64.max(max, byFirst[i].range().last());
            prefixMaxLast[i] = max;
        }
    }

    /** An excluded range that meets r (the one earliest in first-address order whose end reaches r), or empty. */
    public Optional<ReservedRegion> firstMeeting(Range r) {
        int end = upperBound(r.last());
        if (end == 0 || U64.lt(prefixMaxLast[end - 1], r.first())) {
            return Optional.empty();
        }
        int lo = 0;
        int hi = end - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (U64.le(r.first(), prefixMaxLast[mid])) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return Optional.of(byFirst[lo]);
    }

    /** The first conflict of a layout's mapped regions, or empty when none meets an excluded range. */
    public Optional<Conflict> firstConflict(List<GuestRegion> mapped) {
        for (GuestRegion g : mapped) {
            Optional<ReservedRegion> r = firstMeeting(g.range());
            if (r.isPresent()) {
                return Optional.of(Conflict.of(g, r.get()));
            }
        }
        return Optional.empty();
    }

    private int upperBound(long v) {
        return upperBound(firsts, v);
    }

    /** Number of entries of an unsigned-sorted array that are at most v. */
    public static int upperBound(long[] firsts, long v) {
        int lo = 0;
        int hi = firsts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (U64.le(firsts[mid], v)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
