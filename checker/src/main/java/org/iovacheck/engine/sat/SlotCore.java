package org.iovacheck.engine.sat;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.iovacheck.model.PrimitiveSort;
import org.iovacheck.model.U64;

/**
 * Stateless; a minimal blocking subset of slot intervals (banks need free slots a stride apart, K of them) in O(n log n):
 * intervals contained in another go first (the union, hence the room, is unchanged), which leaves a family whose starts and
 * ends both strictly increase; in such a family a member's points not covered by others lie between its two neighbours'
 * ends, so dropping it merges the free runs on either side into one and the room without it is three run sizes away, O(1).
 * Each member is dropped in turn (windows before limits) when the room stays below K. Room only grows as members go, so a
 * member kept was needed in a superset of the result and is needed in the result: it is minimal.
 */
final class SlotCore {
    private SlotCore() {
    }

    /**
     * A minimal subset of {@code subset} under which fewer than {@code banks} banks fit in slots [0, yMax], sorted by constraint
     * index; empty when the budget runs out. Constraints 0 and 1 are the limits (dropped last), the rest windows.
     *
     * @throws SatInternalError when the subset itself leaves room for every bank, or the bare line does not (every bank query
     *         guarantees room for its banks without constraints)
     */
    static Optional<int[]> minimal(long[] from, long[] to, int[] subset, long yMax, long stride, int banks, BooleanSupplier expired) {
        Gaps g = new Gaps(from, to, yMax, stride, banks);
        if (g.between(-1, -1) < banks) {
            throw new SatInternalError("slots [0, " + Long.toUnsignedString(yMax) + "] a stride of " + stride + " apart hold fewer than "
                    + banks + " banks without any constraint");
        }
        int[] sorted = byStartLongestFirst(from, to, subset);
        int[] p = new int[sorted.length];
        int n = 0;
        for (int c : sorted) {
            if (n == 0 || U64.lt(to[p[n - 1]], to[c])) {
                p[n++] = c;
            }
        }
        int[] prev = new int[n];
        int[] next = new int[n];
        long room = 0;
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            room += g.between(i == 0 ? -1 : p[i - 1], p[i]);
        }
        room += g.between(n == 0 ? -1 : p[n - 1], -1);
        if (room >= banks) {
            throw new SatInternalError("arithmetic finds room for every bank past the refuted constraints " + Arrays.toString(subset));
        }
        boolean[] dropped = new boolean[n];
        int tried = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < n; i++) {
                if ((p[i] < 2) != (pass == 1)) {
                    continue;
                }
                if (++tried % 4096 == 0 && expired.getAsBoolean()) {
                    return Optional.empty();
                }
                int before = prev[i] < 0 ? -1 : p[prev[i]];
                int after = next[i] < 0 ? -1 : p[next[i]];
                long without = room - g.between(before, p[i]) - g.between(p[i], after) + g.between(before, after);
                if (without < banks) {
                    room = without;
                    dropped[i] = true;
                    if (prev[i] >= 0) {
                        next[prev[i]] = next[i];
                    }
                    if (next[i] >= 0) {
                        prev[next[i]] = prev[i];
                    }
                }
            }
        }
        int m = 0;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            if (!dropped[i]) {
                out[m++] = p[i];
            }
        }
        int[] members = Arrays.copyOf(out, m);
        Arrays.sort(members);
        return Optional.of(members);
    }

    /** The constraints sorted by first slot, ties by last slot descending, then by index: one primitive sort, ties boxed. */
    static int[] byStartLongestFirst(long[] from, long[] to, int[] members) {
        long[] keys = new long[members.length];
        int[] order = members.clone();
        for (int i = 0; i < order.length; i++) {
            keys[i] = from[order[i]] ^ Long.MIN_VALUE;
        }
        PrimitiveSort.byKey(keys, order);
        for (int a = 0; a < order.length; ) {
            int b = a + 1;
            while (b < order.length && keys[b] == keys[a]) {
                b++;
            }
            if (b - a > 1) {
                Integer[] tie = new Integer[b - a];
                for (int i = a; i < b; i++) {
                    tie[i - a] = order[i];
                }
                Arrays.sort(tie, (x, y) -> {
                    int c = U64.compare(to[y], to[x]);
                    return c != 0 ? c : Integer.compare(x, y);
                });
                for (int i = a; i < b; i++) {
                    order[i] = tie[i - a];
                }
            }
            a = b;
        }
        return order;
    }

    /** Immutable; the banks (at most K) that fit in the free slots strictly between two constraints. */
    private record Gaps(long[] from, long[] to, long yMax, long stride, int banks) {
        /** Banks in the free slots after constraint p (-1: from slot 0) and before constraint n (-1: up to yMax). */
        long between(int p, int n) {
            if (p >= 0 && to[p] == yMax || n >= 0 && from[n] == 0) {
                return 0;
            }
            long a = p < 0 ? 0 : to[p] + 1;
            long b = n < 0 ? yMax : from[n] - 1;
            if (U64.lt(b, a)) {
                return 0;
            }
            long k = Long.divideUnsigned(b - a, stride);
            return U64.lt(k, banks) ? k + 1 : banks;
        }
    }
}
