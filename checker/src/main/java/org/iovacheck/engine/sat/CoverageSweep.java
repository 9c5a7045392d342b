package org.iovacheck.engine.sat;

import java.util.Arrays;
import org.iovacheck.model.PrimitiveSort;

/**
 * The coverage-count sweep of inclusive unsigned intervals over the line [0, end], shared by {@link Cover} and
 * {@link RoomSweep}: at 0 and at every point where some member starts or stops, in address order, how many members cover
 * it and the sum of their positions in the member list (the position itself when exactly one does). O(k log k).
 */
final class CoverageSweep {
    private CoverageSweep() {
    }

    /** Receives each point of the sweep, its cover count and the sum of the covering members' positions. */
    interface Visitor {
        void at(long point, long count, long positionSum);
    }

    /** Sweeps intervals [from[c], to[c]] of the constraints {@code members} (each ends at or below {@code end}). */
    static void run(long[] from, long[] to, int[] members, long end, Visitor visitor) {
        int n = members.length;
        long[] starts = new long[n];
        int[] startOf = new int[n];
        long[] stops = new long[n];
        int[] stopOf = new int[n];
        int nStops = 0;
        for (int j = 0; j < n; j++) {
            int c = members[j];
            starts[j] = from[c] ^ Long.MIN_VALUE;
            startOf[j] = j;
            if (to[c] != end) {
                stops[nStops] = (to[c] + 1) ^ Long.MIN_VALUE;
                stopOf[nStops++] = j;
            }
        }
        PrimitiveSort.byKey(starts, startOf);
        long[] stopKeys = Arrays.copyOf(stops, nStops);
        int[] stopIds = Arrays.copyOf(stopOf, nStops);
        PrimitiveSort.byKey(stopKeys, stopIds);
        int a = 0;
        int b = 0;
        long count = 0;
        long positionSum = 0;
        long point = Long.MIN_VALUE;
        while (true) {
            while (a < n && starts[a] == point) {
                count++;
                positionSum += startOf[a++];
            }
            while (b < nStops && stopKeys[b] == point) {
                count--;
                positionSum -= stopIds[b++];
            }
            visitor.at(point ^ Long.MIN_VALUE, count, positionSum);
            if (a >= n && b >= nStops) {
                return;
            }
            point = a < n && (b >= nStops || starts[a] < stopKeys[b]) ? starts[a] : stopKeys[b];
        }
    }
}
