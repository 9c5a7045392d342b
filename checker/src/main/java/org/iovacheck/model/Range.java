package org.iovacheck.model;

import java.math.BigInteger;

/** Immutable; an inclusive range [first, last] of unsigned 64-bit addresses with first <= last (the whole 2^64 space is one range). */
public record Range(long first, long last) implements Comparable<Range> {
    public static final Range ALL = new Range(0, U64.MAX);

    public Range {
        if (U64.lt(last, first)) {
            throw new IllegalArgumentException("range first " + U64.hex(first) + " is above last " + U64.hex(last));
        }
    }

    // equals and hashCode written out, with the values the record's generated ones give: those link through an
    // invokedynamic bootstrap on first use, which costs a short run (one check) about a millisecond each on JDK 17.
    @Override
    public boolean equals(Object o) {
        return o instanceof Range r && first == r.first && last == r.last;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(first) + Long.hashCode(last);
    }

    /** [base, base+size-1]; size is unsigned and non-zero; throws ArithmeticException if the end passes 2^64-1. */
    public static Range ofSize(long base, long size) {
        if (size == 0) {
            throw new IllegalArgumentException("empty range at " + U64.hex(base));
        }
        return new Range(base, U64.addExact(base, size - 1));
    }

    public boolean contains(long a) {
        return U64.le(first, a) && U64.le(a, last);
    }

    public boolean contains(Range r) {
        return U64.le(first, r.first) && U64.le(r.last, last);
    }

    public boolean overlaps(Range r) {
        return U64.le(first, r.last) && U64.le(r.first, last);
    }

    /** Overlapping or adjacent with no gap (the kernel's merge condition). */
    public boolean touches(Range r) {
        if (overlaps(r)) {
            return true;
        }
        return (last != U64.MAX && last + 1 == r.first) || (r.last != U64.MAX && r.last + 1 == first);
    }

    /** The common part; callers first test {@link #overlaps}. */
    public Range intersect(Range r) {
        if (!overlaps(r)) {
            throw new IllegalArgumentException(this + " and " + r + " do not overlap");
        }
        return new Range(U64.max(first, r.first), U64.min(last, r.last));
    }

    public Range span(Range r) {
        return new Range(U64.min(first, r.first), U64.max(last, r.last));
    }

    /** last - first, the length minus one (never overflows). */
    public long lengthMinusOne() {
        return last - first;
    }

    public BigInteger length() {
        return U64.toBig(last - first).add(BigInteger.ONE);
    }

    @Override
    public int compareTo(Range o) {
        int c = U64.compare(first, o.first);
        return c != 0 ? c : U64.compare(last, o.last);
    }

    @Override
    public String toString() {
        return U64.hex(first) + "-" + U64.hex(last);
    }
}
