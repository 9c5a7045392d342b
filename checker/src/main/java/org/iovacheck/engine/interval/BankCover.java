package org.iovacheck.engine.interval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * Mutable, single use; a minimal set of constraints (windows and limits) under which fewer than K banks fit, for a query
 * where first fit placed fewer than K. Works on slots y (base = y * 2^k): each constraint forbids one interval of slots, banks
 * need slots at least {@code slotStride} apart, and a free run of slots [a, b] holds floor((b - a) / stride) + 1 banks
 * (runs on either side of a forbidden interval are always a stride apart). The intervals are first reduced to a chain with
 * the same union (greedy cover: starts and ends strictly increasing), then each member is dropped when the capacity without
 * it stays below K; with the chain, a drop only merges the free runs on either side, so each test is O(1). Capacity only
 * grows when constraints go, so what remains is minimal.
 */
final class BankCover {
    private static final int LOW = 0;
    private static final int HIGH = 1;

    private final MultiPlaceQuery q;
    private final long yMax;
    private final long stride;
    private final int constraints;
    private final boolean[] present;
    private final long[] from;
    private final long[] to;

    BankCover(MultiPlaceQuery q) {
        this.q = q;
        this.yMax = q.highestSlot();
        this.stride = q.slotStride();
        this.constraints = 2 + q.forbidden().size();
        this.present = new boolean[constraints];
        this.from = new long[constraints];
        this.to = new long[constraints];
        int k = q.alignLog2();
        long span = q.length() - 1;
        long yLo = ceilShift(q.allowed().first(), k);
        if (yLo != 0) {
            set(LOW, 0, U64.lt(yMax, yLo) ? yMax : yLo - 1);
        }
        long hi = q.allowed().last();
        if (U64.lt(hi, span)) {
            set(HIGH, 0, yMax);
        } else if (U64.lt((hi - span) >>> k, yMax)) {
            set(HIGH, ((hi - span) >>> k) + 1, yMax);
        }
        for (int w = 0; w < q.forbidden().size(); w++) {
            long f = q.forbidden().get(w).range().first();
            long ys = ceilShift(U64.le(span, f) ? f - span : 0, k);
            long ye = U64.min(q.forbidden().get(w).range().last() >>> k, yMax);
            if (U64.le(ys, ye)) {
                set(2 + w, ys, ye);
            }
        }
    }

    private void set(int c, long f, long t) {
        present[c] = true;
        from[c] = f;
        to[c] = t;
    }

    private static long ceilShift(long x, int k) {
        return (x >>> k) + ((x & ((1L << k) - 1)) != 0 ? 1 : 0);
    }

    /** Banks that fit in the free slots [a, b] (0 when a > b), at most K. */
    private long capacity(long a, long b) {
        if (U64.lt(b, a)) {
            return 0;
        }
        long n = Long.divideUnsigned(b - a, stride);
        return U64.lt(n, q.banks() - 1L) ? n + 1 : q.banks();
    }

    /** Free slots strictly between chain members p and n (-1: the line's ends). */
    private long gap(int p, int n) {
        if (p >= 0 && to[p] == yMax) {
            return 0;
        }
        if (n >= 0 && from[n] == 0) {
            return 0;
        }
        long a = p < 0 ? 0 : to[p] + 1;
        long b = n < 0 ? yMax : from[n] - 1;
        return capacity(a, b);
    }

    /** The minimal blocking set: windows in the query's order of the chain, then limits. */
    Result minimalBlockingSet() {
        Integer[] order = new Integer[constraints];
        int n = 0;
        for (int c = 0; c < constraints; c++) {
            if (present[c]) {
                order[n++] = c;
            }
        }
        Arrays.sort(order, 0, n, (a, b) -> {
            int x = U64.compare(from[a], from[b]);
            return x != 0 ? x : -U64.compare(to[a], to[b]);
        });
        int[] chain = new int[n];
        int r = 0;
        int p = 0;
        while (p < n) {
            long frontier = from[order[p]];
            while (true) {
                int best = -1;
                while (p < n && U64.le(from[order[p]], frontier)) {
                    int c = order[p++];
                    if (best < 0 || U64.lt(to[best], to[c])) {
                        best = c;
                    }
                }
                if (best < 0 || U64.lt(to[best], frontier)) {
                    break;
                }
                chain[r++] = best;
                if (to[best] == yMax) {
                    p = n;
                    break;
                }
                frontier = to[best] + 1;
            }
        }
        int[] prev = new int[r];
        int[] next = new int[r];
        long total = 0;
        for (int i = 0; i < r; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < r ? i + 1 : -1;
            total += gap(i == 0 ? -1 : chain[i - 1], chain[i]);
        }
        total += gap(r == 0 ? -1 : chain[r - 1], -1);
        if (total >= q.banks()) {
            throw new IllegalStateException("interval engine: the constraints leave room for " + total + " bank(s) although first fit placed fewer: " + q);
        }
        boolean[] dropped = new boolean[r];
        int[] tryOrder = new int[r];
        int t = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < r; i++) {
                boolean limit = chain[i] < 2;
                if (limit == (pass == 1)) {
                    tryOrder[t++] = i;
                }
            }
        }
        for (int i : tryOrder) {
            int pc = prev[i] < 0 ? -1 : chain[prev[i]];
            int nc = next[i] < 0 ? -1 : chain[next[i]];
            long without = total - gap(pc, chain[i]) - gap(chain[i], nc) + gap(pc, nc);
            if (without < q.banks()) {
                total = without;
                dropped[i] = true;
                if (prev[i] >= 0) {
                    next[prev[i]] = next[i];
                }
                if (next[i] >= 0) {
                    prev[next[i]] = prev[i];
                }
            }
        }
        List<ReservedRegion> windows = new ArrayList<>();
        List<PlaceQuery.Limit> limits = new ArrayList<>();
        int members = 0;
        for (int i = 0; i < r; i++) {
            if (dropped[i]) {
                continue;
            }
            members++;
            if (chain[i] == LOW) {
                limits.add(PlaceQuery.Limit.LOWEST_BASE);
            } else if (chain[i] == HIGH) {
                limits.add(PlaceQuery.Limit.HIGHEST_END);
            } else {
                windows.add(q.forbidden().get(chain[i] - 2));
            }
        }
        if (members == 0) {
            throw new IllegalStateException("interval engine: an empty blocking set for " + q);
        }
        limits.sort(null);
        return new Result(windows, limits, total, r);
    }

    /** Immutable; the blocking windows (in address order) and limits, the banks they leave room for and the chain length. */
    record Result(List<ReservedRegion> windows, List<PlaceQuery.Limit> limits, long room, int chain) {
    }
}
