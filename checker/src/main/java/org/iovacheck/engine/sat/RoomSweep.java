package org.iovacheck.engine.sat;

import java.util.Arrays;
import org.iovacheck.model.U64;

/**
 * Immutable; the banks (at most K) that fit in slots [0, yMax] under a set of slot intervals, and for every member the banks
 * that fit without that member alone, from one sweep over coverage counts, O(n log n) (sorting) and linear after. Free runs
 * are the maximal runs of slots no member covers, each holding floor(length / stride) + 1 banks; runs add up because every
 * interval not at an end of the line spans at least stride - 1 slots (checked here; BankSlots). Dropping member m frees the
 * slots only m covers; each maximal run of slots that are free or covered by m alone, holding some of the latter, becomes one
 * free run, replacing the free runs it swallows. Sums are kept per run capped at K, which decides "at least K" exactly.
 */
final class RoomSweep {
    private static final byte FREE = 0;
    private static final byte ALONE = 1;
    private static final byte SHARED = 2;

    private final long room;
    private final long[] without;

    private RoomSweep(long room, long[] without) {
        this.room = room;
        this.without = without;
    }

    /** The sweep over intervals [from[c], to[c]] (slots at most yMax) of the constraints {@code members}. */
    static RoomSweep of(long[] from, long[] to, int[] members, long yMax, long stride, int banks) {
        int n = members.length;
        for (int j = 0; j < n; j++) {
            int c = members[j];
            if (U64.lt(to[c], from[c]) || U64.lt(yMax, to[c])) {
                throw new SatInternalError("constraint " + c + " is not an interval of slots within [0, " + Long.toUnsignedString(yMax) + "]");
            }
            if (from[c] != 0 && to[c] != yMax && U64.lt(to[c] - from[c] + 2, stride)) {
                throw new SatInternalError("constraint " + c + " forbids fewer than stride - 1 slots: the free slots on its two sides "
                        + "would not be a stride apart, and free runs would not add up");
            }
        }
        // Blocks: maximal runs of slots with one kind (free, covered by one member alone, shared), in address order.
        long[] first = new long[2 * n + 1];
        byte[] kind = new byte[2 * n + 1];
        int[] owner = new int[2 * n + 1];
        int[] count = new int[1];
        CoverageSweep.run(from, to, members, yMax, (point, covering, positionSum) -> {
            byte k = covering == 0 ? FREE : covering == 1 ? ALONE : SHARED;
            int o = covering == 1 ? (int) positionSum : -1;
            int t = count[0];
            if (t == 0 || kind[t - 1] != k || owner[t - 1] != o) {
                first[t] = point;
                kind[t] = k;
                owner[t] = o;
                count[0] = t + 1;
            }
        });
        int blocks = count[0];
        Runs runs = new Runs(first, blocks, yMax, stride, banks);
        long room = 0;
        for (int t = 0; t < blocks; t++) {
            if (kind[t] == FREE) {
                room += runs.fit(t, t);
            }
        }
        // Per member: the open run of blocks [runFirst, runLast] that dropping it would free, what it has swallowed so far.
        int[] runFirst = new int[n];
        int[] runLast = new int[n];
        long[] swallowed = new long[n];
        long[] gained = new long[n];
        Arrays.fill(runLast, -2);
        for (int t = 0; t < blocks; t++) {
            if (kind[t] != ALONE) {
                continue;
            }
            int m = owner[t];
            if (runLast[m] != t - 1) {
                if (runLast[m] >= 0) {
                    gained[m] += runs.fit(runFirst[m], runLast[m]);
                }
                runFirst[m] = t;
                if (t > 0 && kind[t - 1] == FREE) {
                    runFirst[m] = t - 1;
                    swallowed[m] += runs.fit(t - 1, t - 1);
                }
            }
            runLast[m] = t;
            if (t + 1 < blocks && kind[t + 1] == FREE) {
                runLast[m] = t + 1;
                swallowed[m] += runs.fit(t + 1, t + 1);
            }
        }
        long[] without = new long[n];
        for (int j = 0; j < n; j++) {
            if (runLast[j] >= 0) {
                gained[j] += runs.fit(runFirst[j], runLast[j]);
            }
            without[j] = Math.min(banks, room - swallowed[j] + gained[j]);
        }
        return new RoomSweep(Math.min(banks, room), without);
    }

    /** Banks that fit under all members, at most K. */
    long room() {
        return room;
    }

    /** Banks that fit under all members but the j-th of the list given to {@link #of}, at most K. */
    long roomWithout(int j) {
        return without[j];
    }

    /** Immutable; banks (at most K) in the slots of blocks [s, e] taken as one free run. */
    private record Runs(long[] first, int blocks, long yMax, long stride, int banks) {
        long fit(int s, int e) {
            long last = e + 1 < blocks ? first[e + 1] - 1 : yMax;
            long k = Long.divideUnsigned(last - first[s], stride);
            return U64.lt(k, banks) ? k + 1 : banks;
        }
    }
}
