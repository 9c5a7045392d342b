package org.iovacheck.engine.sat;

import java.util.Arrays;

/**
 * Immutable; how a set of inclusive unsigned intervals covers the line [0, end]: whether every point is covered, and which
 * members cover some point alone (exactly the members no sub-cover can do without). One sweep, O(k log k).
 */
final class Cover {
    private final boolean complete;
    private final boolean[] alone;

    private Cover(boolean complete, boolean[] alone) {
        this.complete = complete;
        this.alone = alone;
    }

    /** The cover of [0, end] by intervals [from[i], to[i]] for the listed members (indices into from/to). */
    static Cover of(long[] from, long[] to, int[] members, long end) {
        int k = members.length;
        long[] starts = new long[k];
        long[] stops = new long[k];
        long[] startId = new long[k];
        long[] stopId = new long[k];
        int nStops = 0;
        for (int j = 0; j < k; j++) {
            int i = members[j];
            starts[j] = from[i] ^ Long.MIN_VALUE;
            startId[j] = i;
            if (to[i] != end) {
                stops[nStops] = (to[i] + 1) ^ Long.MIN_VALUE;
                stopId[nStops++] = i;
            }
        }
        sortPairs(starts, startId, k);
        sortPairs(stops, stopId, nStops);
        boolean[] alone = new boolean[from.length];
        boolean complete = true;
        int a = 0;
        int b = 0;
        long count = 0;
        long idSum = 0;
        long point = Long.MIN_VALUE;
        while (true) {
            while (a < k && starts[a] == point) {
                count++;
                idSum += startId[a++];
            }
            while (b < nStops && stops[b] == point) {
                count--;
                idSum -= stopId[b++];
            }
            if (count == 0) {
                complete = false;
            } else if (count == 1) {
                alone[(int) idSum] = true;
            }
            long next = Long.MAX_VALUE;
            boolean more = false;
            if (a < k) {
                next = starts[a];
                more = true;
            }
            if (b < nStops && (!more || stops[b] < next)) {
                next = stops[b];
                more = true;
            }
            if (!more) {
                break;
            }
            point = next;
        }
        return new Cover(complete, alone);
    }

    /** True when every point of [0, end] lies in some member. */
    boolean complete() {
        return complete;
    }

    /** True when member i covers some point that no other member covers. */
    boolean alone(int i) {
        return alone[i];
    }

    private static void sortPairs(long[] keys, long[] ids, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Long.compare(keys[x], keys[y]));
        long[] k2 = new long[n];
        long[] i2 = new long[n];
        for (int i = 0; i < n; i++) {
            k2[i] = keys[order[i]];
            i2[i] = ids[order[i]];
        }
        System.arraycopy(k2, 0, keys, 0, n);
        System.arraycopy(i2, 0, ids, 0, n);
    }
}
