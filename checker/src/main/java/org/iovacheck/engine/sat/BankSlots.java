package org.iovacheck.engine.sat;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.U64;

/**
 * Immutable; a bank query's constraints as intervals of forbidden slots (constraint 0 the lowest base, 1 the highest end, 2 + w
 * the w-th window, as in {@link CoreMembers}), and the slot arithmetic the bank solver seeds its encoding with and checks its
 * explanations by.
 */
final class BankSlots {
    final int banks;
    final int k;
    final long yMax;
    final long stride;
    final int count;
    private final boolean[] present;
    private final long[] from;
    private final long[] to;

    BankSlots(MultiPlaceQuery q) {
        this.banks = q.banks();
        this.k = q.alignLog2();
        this.yMax = q.highestSlot();
        this.stride = q.slotStride();
        this.count = 2 + q.forbidden().size();
        this.present = new boolean[count];
        this.from = new long[count];
        this.to = new long[count];
        long yLo = ceilShift(q.allowed().first());
        if (yLo != 0) {
            set(CoreMembers.LOW, 0, U64.lt(yMax, yLo) ? yMax : yLo - 1);
        }
        long span = q.length() - 1;
        long hi = q.allowed().last();
        if (U64.lt(hi, span)) {
            set(CoreMembers.HIGH, 0, yMax);
        } else {
            long yHi = (hi - span) >>> k;
            if (U64.lt(yHi, yMax)) {
                set(CoreMembers.HIGH, yHi + 1, yMax);
            }
        }
        for (int i = 0; i < q.forbidden().size(); i++) {
            long f = q.forbidden().get(i).range().first();
            long ys = ceilShift(U64.le(span, f) ? f - span : 0);
            long ye = U64.min(q.forbidden().get(i).range().last() >>> k, yMax);
            if (U64.le(ys, ye)) {
                set(2 + i, ys, ye);
            }
        }
    }

    private void set(int i, long f, long t) {
        present[i] = true;
        from[i] = f;
        to[i] = t;
    }

    private long ceilShift(long x) {
        return (x >>> k) + ((x & ((1L << k) - 1)) != 0 ? 1 : 0);
    }

    /** The first forbidden slot of each constraint (meaningful where {@link #constrains} holds); shared, not to be changed. */
    long[] from() {
        return from;
    }

    /** The last forbidden slot of each constraint; shared, not to be changed. */
    long[] to() {
        return to;
    }

    /** True when constraint c forbids some slot (a window wholly outside the slot range forbids none). */
    boolean constrains(int c) {
        return present[c];
    }

    /** True when constraint c forbids slot y. */
    boolean forbids(int c, long y) {
        return present[c] && U64.le(from[c], y) && U64.le(y, to[c]);
    }

    /** How many constraints forbid some slot. */
    int constraining() {
        int n = 0;
        for (boolean p : present) {
            n += p ? 1 : 0;
        }
        return n;
    }

    /**
     * Bound propagation from slot 0, bank after bank, as unit propagation would run it: whenever the current slot is forbidden,
     * the constraint reaching furthest past it joins the seed and the slot moves past it.
     */
    BitSet seed() {
        BitSet s = new BitSet(count);
        Integer[] order = new Integer[count];
        int n = 0;
        for (int c = 0; c < count; c++) {
            if (present[c]) {
                order[n++] = c;
            }
        }
        Arrays.sort(order, 0, n, (a, b) -> U64.compare(from[a], from[b]));
        long y = 0;
        int p = 0;
        int best = -1;
        for (int bank = 0; bank < banks; bank++) {
            while (true) {
                while (p < n && U64.le(from[order[p]], y)) {
                    int c = order[p++];
                    if (best < 0 || U64.lt(to[best], to[c])) {
                        best = c;
                    }
                }
                if (best < 0 || U64.lt(to[best], y)) {
                    break;
                }
                s.set(best);
                if (to[best] == yMax) {
                    return s;
                }
                y = to[best] + 1;
            }
            if (U64.lt(yMax - y, stride)) {
                return s;
            }
            y += stride;
        }
        return s;
    }

    /**
     * Banks that fit (at most K) under the constraints {@code sorted} (by start) not marked off: the free runs of slots between
     * the union of their intervals, each holding floor(length / stride) + 1 banks (runs on either side of an interval are
     * always a stride apart, so runs add up).
     */
    long room(int[] sorted, boolean[] off) {
        long total = 0;
        long next = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (off[i]) {
                continue;
            }
            int c = sorted[i];
            if (U64.lt(next, from[c])) {
                total += fit(next, from[c] - 1);
                if (total >= banks) {
                    return banks;
                }
            }
            if (to[c] == yMax) {
                return total;
            }
            next = U64.max(next, to[c] + 1);
        }
        return Math.min(banks, total + fit(next, yMax));
    }

    /** The constraints {@code members} sorted by their first forbidden slot. */
    int[] byStart(int[] members) {
        Integer[] boxed = new Integer[members.length];
        for (int i = 0; i < members.length; i++) {
            boxed[i] = members[i];
        }
        Arrays.sort(boxed, (a, b) -> U64.compare(from[a], from[b]));
        int[] out = new int[members.length];
        for (int i = 0; i < members.length; i++) {
            out[i] = boxed[i];
        }
        return out;
    }

    /**
     * A minimal blocking subset by deletion: each constraint in turn (windows before limits) is left out for good when the
     * rest still leave room for fewer than K banks. Room only grows as constraints go, so what remains is minimal. Empty when
     * the budget runs out.
     */
    Optional<int[]> deletionCore(int[] subset, BooleanSupplier expired) {
        int[] sorted = byStart(subset);
        boolean[] off = new boolean[sorted.length];
        if (room(sorted, off) >= banks) {
            throw new SatInternalError("arithmetic finds room for every bank past the refuted constraints " + Arrays.toString(subset));
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < sorted.length; i++) {
                if ((sorted[i] < 2) != (pass == 1)) {
                    continue;
                }
                if (i % 64 == 0 && expired.getAsBoolean()) {
                    return Optional.empty();
                }
                off[i] = true;
                if (room(sorted, off) >= banks) {
                    off[i] = false;
                }
            }
        }
        int n = 0;
        int[] out = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            if (!off[i]) {
                out[n++] = sorted[i];
            }
        }
        int[] members = Arrays.copyOf(out, n);
        Arrays.sort(members);
        return Optional.of(members);
    }

    private long fit(long a, long b) {
        long n = Long.divideUnsigned(b - a, stride);
        return U64.lt(n, banks) ? n + 1 : banks;
    }
}
