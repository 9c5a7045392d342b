package org.iovacheck.engine.sat;

import java.util.Arrays;
import java.util.BitSet;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.U64;

/**
 * Immutable; a bank query's constraints as intervals of forbidden slots (constraint 0 the lowest base, 1 the highest end, 2 + w
 * the w-th window, as in {@link CoreMembers}), and the bound propagation the bank solver seeds its encoding with (its
 * explanations are minimised by {@link SlotCore} and checked by {@link RoomSweep}).
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
     * the constraint reaching furthest past it joins the seed and the slot moves past it. Blocked when some bank finds no slot.
     */
    Seed seed() {
        BitSet s = new BitSet(count);
        int[] all = new int[count];
        int n = 0;
        for (int c = 0; c < count; c++) {
            if (present[c]) {
                all[n++] = c;
            }
        }
        int[] order = SlotCore.byStartLongestFirst(from, to, Arrays.copyOf(all, n));
        long y = 0;
        int p = 0;
        int best = -1;
        long[] placed = new long[banks];
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
                    return new Seed(s, true, null);
                }
                y = to[best] + 1;
            }
            placed[bank] = y;
            if (bank + 1 < banks && U64.lt(yMax - y, stride)) {
                return new Seed(s, true, null);
            }
            y += stride;
        }
        return new Seed(s, false, placed);
    }

    /**
     * The constraints bound propagation ran into, whether it found fewer than K slots and, when not, the slots it found (the
     * first-fit placement; null when blocked).
     */
    record Seed(BitSet constraints, boolean blocked, long[] slots) {
    }
}
