package org.iovacheck.model;

import java.util.List;

/**
 * Immutable; the single-block placement question: find the lowest base x, a multiple of 2^alignLog2, such that the block
 * [x, x+length-1] lies within {@code allowed} and intersects no forbidden window. {@code length} is unsigned and non-zero.
 */
public record PlaceQuery(long length, int alignLog2, Range allowed, List<ReservedRegion> forbidden) {
    /** The two limits a placement answer can name besides windows: the allowed range's first and last address. */
    public enum Limit {
        /** The block may not start below {@code allowed.first()}. */
        LOWEST_BASE,
        /** The block may not end above {@code allowed.last()}. */
        HIGHEST_END
    }

    public PlaceQuery {
        if (length == 0) {
            throw new IllegalArgumentException("the block length must be non-zero");
        }
        if (alignLog2 < 0 || alignLog2 > 63) {
            throw new IllegalArgumentException("alignment must be 2^0..2^63, got 2^" + alignLog2);
        }
        if (allowed == null) {
            throw new IllegalArgumentException("the allowed range is required");
        }
        forbidden = List.copyOf(forbidden);
    }

    public long alignment() {
        return 1L << alignLog2;
    }

    /** True when the block at {@code base} is aligned, fits in 64 bits and in the allowed range, and misses every window. */
    public boolean admits(long base) {
        if ((base & (alignment() - 1)) != 0 || !U64.addFits(base, length - 1)) {
            return false;
        }
        Range block = Range.ofSize(base, length);
        if (!allowed.contains(block)) {
            return false;
        }
        for (ReservedRegion w : forbidden) {
            if (w.range().overlaps(block)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "place " + U64.sizeOfSpan(length - 1) + " aligned to 2^" + alignLog2 + " within " + allowed + " avoiding "
                + forbidden.size() + " window(s)";
    }
}
