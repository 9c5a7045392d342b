package org.iovacheck.engine.sat;

import java.util.Arrays;

/**
 * Immutable; coordinate compression of [0, end] by sorted distinct unsigned cut points 0 = c_0 < c_1 < ..., with one order
 * variable per segment but the last: "the value lies in segment j or below" (numbered from {@code firstVariable}).
 */
final class Breakpoints {
    private final long[] cuts;
    private final long end;
    private final int firstVariable;

    private Breakpoints(long[] cuts, long end, int firstVariable) {
        this.cuts = cuts;
        this.end = end;
        this.firstVariable = firstVariable;
    }

    /** Cut points (unsigned, at most {@code end}; 0 is always one) collected in {@code points[0..count)}. */
    static Breakpoints of(long[] points, int count, long end, int firstVariable) {
        long[] flipped = new long[count + 1];
        int n = 0;
        flipped[n++] = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            if (Long.compareUnsigned(points[i], end) > 0) {
                throw new IllegalArgumentException("cut point above the end of the line");
            }
            flipped[n++] = points[i] ^ Long.MIN_VALUE;
        }
        Arrays.sort(flipped, 0, n);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || flipped[m - 1] != flipped[i]) {
                flipped[m++] = flipped[i];
            }
        }
        long[] cuts = new long[m];
        for (int i = 0; i < m; i++) {
            cuts[i] = flipped[i] ^ Long.MIN_VALUE;
        }
        return new Breakpoints(cuts, end, firstVariable);
    }

    int segments() {
        return cuts.length;
    }

    /** Number of order variables: one per segment but the last. */
    int variables() {
        return cuts.length - 1;
    }

    /** The segment holding value v (unsigned, at most end). */
    int segmentOf(long v) {
        long key = v ^ Long.MIN_VALUE;
        int lo = 0;
        int hi = cuts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if ((cuts[mid] ^ Long.MIN_VALUE) <= key) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    long first(int segment) {
        return cuts[segment];
    }

    long last(int segment) {
        return segment + 1 < cuts.length ? cuts[segment + 1] - 1 : end;
    }

    /** The literal "value is in segment j or below", for j below the last segment. */
    int atOrBelow(int segment) {
        if (segment < 0 || segment >= cuts.length - 1) {
            throw new IllegalArgumentException("no order variable for segment " + segment);
        }
        return firstVariable + segment;
    }

    /** Adds the chain "at or below j implies at or below j+1". */
    void addChain(SatSession s) {
        for (int j = 0; j + 1 < variables(); j++) {
            s.add(-atOrBelow(j), atOrBelow(j + 1));
        }
    }

    /**
     * Clause literals saying "the value lies outside segments [from, to]": at or below from-1, or above to. Either part is
     * absent at the line's ends, so the result may be empty (nothing lies outside).
     */
    int[] outside(int from, int to) {
        IntPair p = new IntPair();
        if (from > 0) {
            p.add(atOrBelow(from - 1));
        }
        if (to < cuts.length - 1) {
            p.add(-atOrBelow(to));
        }
        return p.toArray();
    }

    /** The segment the model puts the value in: the lowest one whose order variable is true (the chain makes them monotone). */
    int decode(SatSession s) {
        int lo = 0;
        int hi = cuts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s.value(atOrBelow(mid))) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Mutable; up to two literals. */
    private static final class IntPair {
        private final int[] a = new int[2];
        private int n;

        void add(int v) {
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
