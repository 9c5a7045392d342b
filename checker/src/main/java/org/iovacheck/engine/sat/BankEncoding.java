package org.iovacheck.engine.sat;

import java.util.Arrays;

/**
 * Immutable; the CNF for K ascending banks over slots y (base = y * 2^k) under one subset S of the constraints, each constraint
 * forbidding one interval [from, to] of slots.
 *
 * <p>Domains. Bank i (0-based) ranges over D_i = { c + t * stride : c in C, 0 <= t <= i } within
 * [i * stride, yMax - (K-1-i) * stride], where C = {0} and every to + 1 of S. This is exact for S and every subset of S: when
 * banks fit at all, the left-packed placement (first fit, bank after bank) fits, and it puts each bank at the end of a
 * forbidden interval plus whole strides; it is also the componentwise smallest placement. Breakpoints of windows alone are
 * not enough once several movable banks constrain one another, so the domains carry the shifted copies (Soh et al. 2010).
 * The smaller encoding {@link #forSet} is exact for S itself only: it keeps c + t * stride for t &gt; 0 only when
 * c, c + stride, ..., c + t * stride are all free under S (the only way first fit reaches it), which is what a refutation or
 * a lowest vector needs; explanations, which drop constraints, use {@link #forSubsets}.
 *
 * <p>Clauses. Order encoding per bank (literal (i, j) = "y_i &lt;= D_i[j]", chained), one clause per constraint and bank
 * ("below from or above to", tagged with the constraint), and the ascending non-overlap y_{i+1} &gt;= y_i + stride as order
 * implications between consecutive banks (symmetry breaking makes the other pairs follow).
 */
final class BankEncoding {
    private final int banks;
    private final long stride;
    private final int[] subset;
    private final long[][] domain;
    private final int[] firstVar;
    private final int variables;
    private final int[] literals;
    private final int[] starts;
    private final int[] tags;

    private BankEncoding(int banks, long stride, int[] subset, long[][] domain, int[] firstVar, int variables, int[] literals, int[] starts,
                         int[] tags) {
        this.banks = banks;
        this.stride = stride;
        this.subset = subset;
        this.domain = domain;
        this.firstVar = firstVar;
        this.variables = variables;
        this.literals = literals;
        this.starts = starts;
        this.tags = tags;
    }

    /** Exact for S and all its subsets (see the class comment); null past the size budget of {@code maxValues} domain values. */
    static BankEncoding forSubsets(int banks, long stride, long yMax, long[] from, long[] to, int[] subset, long maxValues) {
        return of(banks, stride, yMax, from, to, subset, maxValues, false);
    }

    /** Exact for S itself (see the class comment); null past the size budget of {@code maxValues} domain values. */
    static BankEncoding forSet(int banks, long stride, long yMax, long[] from, long[] to, int[] subset, long maxValues) {
        return of(banks, stride, yMax, from, to, subset, maxValues, true);
    }

    private static BankEncoding of(int banks, long stride, long yMax, long[] from, long[] to, int[] subset, long maxValues, boolean pruned) {
        long[] cuts = new long[subset.length + 1];
        int nc = 0;
        cuts[nc++] = 0;
        for (int c : subset) {
            if (Long.compareUnsigned(to[c], yMax) < 0) {
                cuts[nc++] = to[c] + 1;
            }
        }
        cuts = sortedDistinct(cuts, nc);
        long estimate = pruned ? (long) cuts.length * banks : (long) cuts.length * banks * (banks + 1L) / 2;
        if (estimate > maxValues) {
            return null;
        }
        Coverage cover = pruned ? new Coverage(from, to, subset) : null;
        long[][] domain = new long[banks][];
        boolean noPlace = false;
        int[] firstVar = new int[banks];
        int var = 1;
        for (int i = 0; i < banks; i++) {
            long min = i * stride;
            long max = yMax - (banks - 1L - i) * stride;
            long[] vals = new long[cuts.length * (i + 1)];
            int n = 0;
            for (long c : cuts) {
                long v = c;
                for (int t = 0; t <= i; t++) {
                    if (Long.compareUnsigned(v, max) > 0) {
                        break;
                    }
                    if (Long.compareUnsigned(v, min) >= 0) {
                        vals[n++] = v;
                    }
                    if (t < i) {
                        if (Long.compareUnsigned(stride, yMax - v) > 0 || (cover != null && cover.covers(v))) {
                            break;
                        }
                        v += stride;
                        if (cover != null && cover.covers(v)) {
                            break;
                        }
                    }
                }
            }
            domain[i] = sortedDistinct(vals, n);
            if (domain[i].length == 0) {
                if (!pruned) {
                    throw new SatInternalError("bank " + i + " has an empty domain (the query guarantees room without constraints)");
                }
                noPlace = true;
                domain[i] = new long[] {min};
            }
            firstVar[i] = var;
            var += domain[i].length - 1;
        }
        Builder b = new Builder();
        if (noPlace) {
            b.add(-1);
        }
        for (int i = 0; i < banks; i++) {
            for (int j = 0; j + 2 < domain[i].length; j++) {
                b.add(-1, -(firstVar[i] + j), firstVar[i] + j + 1);
            }
        }
        for (int i = 0; i + 1 < banks; i++) {
            long[] lo = domain[i];
            long[] hi = domain[i + 1];
            int prevIdx = Integer.MIN_VALUE;
            for (int j = hi.length - 1; j >= 0; j--) {
                int idx = Long.compareUnsigned(hi[j], stride) < 0 ? -1 : atMost(lo, hi[j] - stride);
                if (idx == prevIdx) {
                    continue;
                }
                prevIdx = idx;
                if (idx == lo.length - 1) {
                    continue;
                }
                boolean premise = j < hi.length - 1;
                if (idx < 0) {
                    b.add(-1, premise ? new int[] {-(firstVar[i + 1] + j)} : new int[0]);
                } else if (premise) {
                    b.add(-1, -(firstVar[i + 1] + j), firstVar[i] + idx);
                } else {
                    b.add(-1, firstVar[i] + idx);
                }
            }
        }
        for (int c : subset) {
            for (int i = 0; i < banks; i++) {
                long[] d = domain[i];
                int a = atLeast(d, from[c]);
                int z = atMost(d, to[c]);
                if (a > z || a < 0 || z < 0) {
                    continue;
                }
                int[] clause = new int[(a > 0 ? 1 : 0) + (z < d.length - 1 ? 1 : 0)];
                int p = 0;
                if (a > 0) {
                    clause[p++] = firstVar[i] + a - 1;
                }
                if (z < d.length - 1) {
                    clause[p] = -(firstVar[i] + z);
                }
                b.add(c, clause);
            }
        }
        return new BankEncoding(banks, stride, subset.clone(), domain, firstVar, var - 1, b.literals(), b.starts(), b.tags());
    }

    /** Index of the largest value at most v, or -1. */
    private static int atMost(long[] d, long v) {
        int lo = 0;
        int hi = d.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(d[mid], v) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    /** Index of the smallest value at least v, or -1. */
    private static int atLeast(long[] d, long v) {
        int i = atMost(d, v);
        if (i >= 0 && d[i] == v) {
            return i;
        }
        return i + 1 < d.length ? i + 1 : -1;
    }

    private static long[] sortedDistinct(long[] a, int n) {
        long[] f = new long[n];
        for (int i = 0; i < n; i++) {
            f[i] = a[i] ^ Long.MIN_VALUE;
        }
        Arrays.sort(f);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || f[m - 1] != f[i]) {
                f[m++] = f[i];
            }
        }
        long[] out = new long[m];
        for (int i = 0; i < m; i++) {
            out[i] = f[i] ^ Long.MIN_VALUE;
        }
        return out;
    }

    int variables() {
        return variables;
    }

    int clauses() {
        return starts.length - 1;
    }

    /** Total number of domain values over all banks. */
    long values() {
        long n = 0;
        for (long[] d : domain) {
            n += d.length;
        }
        return n;
    }

    int[] clause(int i) {
        return Arrays.copyOfRange(literals, starts[i], starts[i + 1]);
    }

    /**
     * The constraint a clause encodes, or -1 for the order chain and the non-overlap clauses (and, in the encoding exact for S
     * only, the empty clause that says some bank has no candidate slot left at all).
     */
    int tag(int i) {
        return tags[i];
    }

    int[] subset() {
        return subset.clone();
    }

    /** Loads every clause into the session. */
    void load(SatSession s) {
        for (int i = 0; i < clauses(); i++) {
            s.add(clause(i));
        }
    }

    /** The slot of each bank in the session's model. */
    long[] decode(SatSession s) {
        long[] y = new long[banks];
        for (int i = 0; i < banks; i++) {
            long[] d = domain[i];
            int lo = 0;
            int hi = d.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (s.value(firstVar[i] + mid)) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            y[i] = d[lo];
        }
        return y;
    }

    /** True when every slot of {@code y} is a domain value of its bank. */
    boolean inDomain(long[] y) {
        for (int i = 0; i < banks; i++) {
            int j = atMost(domain[i], y[i]);
            if (j < 0 || domain[i][j] != y[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The clause "some bank lies below its slot in {@code y}" (slots must be domain values); empty when every bank already sits
     * at its lowest domain value.
     */
    int[] someBankLower(long[] y) {
        int[] out = new int[banks];
        int n = 0;
        for (int i = 0; i < banks; i++) {
            int j = atMost(domain[i], y[i]);
            if (j < 0 || domain[i][j] != y[i]) {
                throw new IllegalArgumentException("slot " + Long.toUnsignedString(y[i]) + " is not in the domain of bank " + i);
            }
            if (j > 0) {
                out[n++] = firstVar[i] + j - 1;
            }
        }
        return Arrays.copyOf(out, n);
    }

    long stride() {
        return stride;
    }

    /** Immutable; whether a slot lies in some interval of S: intervals sorted by start with the running largest end. */
    private static final class Coverage {
        private final long[] starts;
        private final long[] reach;

        Coverage(long[] from, long[] to, int[] subset) {
            long[][] iv = new long[subset.length][];
            for (int i = 0; i < subset.length; i++) {
                iv[i] = new long[] {from[subset[i]], to[subset[i]]};
            }
            Arrays.sort(iv, (a, b) -> Long.compareUnsigned(a[0], b[0]));
            starts = new long[iv.length];
            reach = new long[iv.length];
            for (int i = 0; i < iv.length; i++) {
                starts[i] = iv[i][0];
                reach[i] = i == 0 || Long.compareUnsigned(reach[i - 1], iv[i][1]) < 0 ? iv[i][1] : reach[i - 1];
            }
        }

        boolean covers(long v) {
            int i = atMost(starts, v);
            return i >= 0 && Long.compareUnsigned(v, reach[i]) <= 0;
        }
    }

    /** Mutable; clauses with tags in flat arrays. */
    private static final class Builder {
        private int[] lits = new int[1024];
        private int used;
        private int[] starts = new int[257];
        private int[] tags = new int[256];
        private int n;

        void add(int tag, int... clause) {
            if (used + clause.length > lits.length) {
                lits = Arrays.copyOf(lits, Math.max(2 * lits.length, used + clause.length));
            }
            System.arraycopy(clause, 0, lits, used, clause.length);
            used += clause.length;
            if (n + 1 >= tags.length) {
                tags = Arrays.copyOf(tags, 2 * tags.length);
                starts = Arrays.copyOf(starts, 2 * tags.length + 1);
            }
            tags[n] = tag;
            starts[++n] = used;
        }

        int[] literals() {
            return Arrays.copyOf(lits, used);
        }

        int[] starts() {
            return Arrays.copyOf(starts, n + 1);
        }

        int[] tags() {
            return Arrays.copyOf(tags, n);
        }
    }
}
