package org.iovacheck.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * Immutable; the room movable RAM banks have: the allowed range [minBase, maxEnd] minus the forbidden windows, as gaps whose
 * starts are aligned up. Banks of a length that is a multiple of the alignment pack a gap from its aligned start, so the most
 * banks of length L that fit are the sum over gaps of floor(gap length / L) (exact arithmetic, no engine).
 */
record BankGaps(List<long[]> gaps) {
    BankGaps {
        gaps = List.copyOf(gaps);
    }

    /** The gaps ([aligned start, last] pairs, ascending) of [minBase, maxEnd] that no window touches. */
    static BankGaps of(long minBase, long maxEnd, long align, List<ReservedRegion> forbidden) {
        List<ReservedRegion> ws = new ArrayList<>(forbidden);
        ws.sort(Comparator.comparing((ReservedRegion w) -> w.range().first(), Long::compareUnsigned));
        List<long[]> out = new ArrayList<>();
        long cur = minBase;
        boolean open = true;
        for (ReservedRegion w : ws) {
            if (!open) {
                break;
            }
            long f = w.range().first();
            long l = w.range().last();
            if (U64.lt(l, cur)) {
                continue;
            }
            if (U64.lt(cur, f)) {
                add(out, cur, U64.min(f - 1, maxEnd), align);
            }
            if (!U64.lt(l, maxEnd) || l == U64.MAX) {
                open = false;
            } else {
                cur = U64.max(cur, l + 1);
            }
        }
        if (open && U64.le(cur, maxEnd)) {
            add(out, cur, maxEnd, align);
        }
        return new BankGaps(out);
    }

    private static void add(List<long[]> out, long first, long last, long align) {
        if (U64.lt(last, first)) {
            return;
        }
        long r = Long.remainderUnsigned(first, align);
        if (r != 0) {
            if (!U64.addFits(first, align - r)) {
                return;
            }
            first += align - r;
        }
        if (U64.le(first, last)) {
            out.add(new long[] {first, last});
        }
    }

    /** How many banks of {@code len} bytes fit in one gap: floor((last - start + 1) / len), unsigned, 2^64 handled. */
    static long fit(long[] gap, long len) {
        long m1 = gap[1] - gap[0];
        if (m1 == U64.MAX) {
            long q = Long.divideUnsigned(U64.MAX, len);
            return Long.remainderUnsigned(U64.MAX, len) == len - 1 ? q + 1 : q;
        }
        return Long.divideUnsigned(m1 + 1, len);
    }

    /** The most banks of {@code len} bytes that fit in all gaps, saturating at {@code atMost}. */
    long capacity(long len, long atMost) {
        long n = 0;
        for (long[] g : gaps) {
            long f = fit(g, len);
            if (U64.le(atMost - n, f)) {
                return atMost;
            }
            n += f;
        }
        return n;
    }

    /**
     * The largest multiple of {@code step} (a power of two) such that {@code k} banks of that length fit and k times it does not
     * pass 2^64 - 1, or 0 when not even {@code step} fits k times. capacity is non-increasing in the length, so bisection is exact.
     */
    long largestLength(long step, long k) {
        long top = 0;
        for (long[] g : gaps) {
            long f = fit(g, step);
            top = U64.max(top, f);
        }
        top = U64.min(top, Long.divideUnsigned(Long.divideUnsigned(U64.MAX, k), step));
        if (top == 0 || capacity(step, k) < k) {
            return 0;
        }
        long lo = 1;
        long hi = top;
        while (U64.lt(lo, hi)) {
            long mid = lo + (hi - lo + 1) / 2;
            if (capacity(mid * step, k) >= k) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo * step;
    }

    /** How many gaps there are. */
    int count() {
        return gaps.size();
    }
}
