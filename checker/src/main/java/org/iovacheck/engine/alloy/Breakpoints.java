package org.iovacheck.engine.alloy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * Immutable; the sorted distinct boundaries (first, and last + 1 up to 2^64) of some ranges: a range becomes the index span
 * [lo, hi) with lo &lt; hi, and two ranges overlap (or touch) iff their spans do.
 */
public record Breakpoints(List<BigInteger> points) {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    public Breakpoints {
        points = List.copyOf(points);
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i - 1).compareTo(points.get(i)) >= 0) {
                throw new IllegalArgumentException("breakpoints must be strictly increasing at index " + i);
            }
        }
    }

    /** The boundaries of the given ranges; a single point 0 when there are none (an ordering needs one element). */
    public static Breakpoints of(Collection<Range> ranges) {
        TreeSet<BigInteger> set = new TreeSet<>();
        for (Range r : ranges) {
            set.add(U64.toBig(r.first()));
            set.add(end(r));
        }
        if (set.isEmpty()) {
            set.add(BigInteger.ZERO);
        }
        return new Breakpoints(new ArrayList<>(set));
    }

    public int size() {
        return points.size();
    }

    /** Index of the breakpoint at r's first address. */
    public int lo(Range r) {
        return indexOf(U64.toBig(r.first()));
    }

    /** Index of the breakpoint just after r's last address. */
    public int hi(Range r) {
        return indexOf(end(r));
    }

    /** The address breakpoint i stands for, as 0x-hex (2^64 prints as 0x10000000000000000). */
    public String label(int i) {
        return "0x" + points.get(i).toString(16);
    }

    private int indexOf(BigInteger v) {
        int i = java.util.Collections.binarySearch(points, v);
        if (i < 0) {
            throw new IllegalArgumentException("0x" + v.toString(16) + " is not a breakpoint");
        }
        return i;
    }

    private static BigInteger end(Range r) {
        return r.last() == U64.MAX ? TWO_64 : U64.toBig(r.last()).add(BigInteger.ONE);
    }
}
