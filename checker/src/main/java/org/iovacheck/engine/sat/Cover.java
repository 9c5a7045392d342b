package org.iovacheck.engine.sat;

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
        boolean[] alone = new boolean[from.length];
        boolean[] gap = new boolean[1];
        CoverageSweep.run(from, to, members, end, (point, count, positionSum) -> {
            if (count == 0) {
                gap[0] = true;
            } else if (count == 1) {
                alone[members[(int) positionSum]] = true;
            }
        });
        return new Cover(!gap[0], alone);
    }

    /** True when every point of [0, end] lies in some member. */
    boolean complete() {
        return complete;
    }

    /** True when member i covers some point that no other member covers. */
    boolean alone(int i) {
        return alone[i];
    }
}
