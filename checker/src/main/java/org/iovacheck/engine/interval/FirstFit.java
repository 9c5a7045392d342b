package org.iovacheck.engine.interval;

import java.util.List;
import org.iovacheck.engine.Budget;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * Mutable; walks merged, sorted windows left to right and finds the lowest aligned start of a block of span+1 bytes, at or
 * after a given point, that meets no window and ends at or below {@code hi}. Successive seeks must not go backwards.
 */
final class FirstFit {
    enum Outcome { FOUND, NONE, EXPIRED }

    private static final int POLL = 4096;
    private final List<Range> runs;
    private final long mask;
    private final long span;
    private final long hi;
    private int i;
    private long steps;
    private long base;

    FirstFit(List<Range> runs, long alignment, long length, long hi) {
        this.runs = runs;
        this.mask = alignment - 1;
        this.span = length - 1;
        this.hi = hi;
    }

    /** Seeks the lowest fitting start at or after {@code from}; on FOUND, {@link #base()} holds it. */
    Outcome seek(long from, Budget budget) {
        long x = from;
        if ((x & mask) != 0) {
            if (!U64.addFits(x, mask)) {
                return Outcome.NONE;
            }
            x = (x + mask) & ~mask;
        }
        while (true) {
            if (++steps % POLL == 0 && budget.expired()) {
                return Outcome.EXPIRED;
            }
            if (!U64.addFits(x, span) || U64.lt(hi, x + span)) {
                return Outcome.NONE;
            }
            while (i < runs.size() && U64.lt(runs.get(i).last(), x)) {
                i++;
            }
            if (i == runs.size() || U64.lt(x + span, runs.get(i).first())) {
                base = x;
                return Outcome.FOUND;
            }
            long after = runs.get(i).last();
            if (after == U64.MAX || !U64.addFits(after + 1, mask)) {
                return Outcome.NONE;
            }
            x = (after + 1 + mask) & ~mask;
            i++;
        }
    }

    long base() {
        return base;
    }

    long steps() {
        return steps;
    }
}
