package org.iovacheck.engine.sat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;
import org.sat4j.core.VecInt;
import org.sat4j.minisat.SolverFactory;
import org.sat4j.specs.ContradictionException;
import org.sat4j.specs.ISolver;
import org.sat4j.specs.TimeoutException;

/**
 * Mutable, single use; the differential oracle for small widths only: addresses as W Boolean bits, the block end by a
 * ripple-carry adder, every bound by a comparator circuit (Tseitin-encoded), solved by SAT4J. The lowest (or highest) value
 * comes from fixing bits from the most significant down under assumptions. Exponentially slower than the order encoding at
 * real widths; it shares no code with the engines.
 */
final class BitLevelOracle {
    private final int width;
    private final ISolver solver = SolverFactory.newDefault();
    private int vars;
    private final int top;
    private boolean broken;

    BitLevelOracle(int width) {
        this.width = width;
        solver.newVar(4096);
        top = ++vars;
        clause(top);
    }

    /** The lowest admissible base of a placement whose every number is below 2^width, if any. */
    static OptionalLong lowestBase(PlaceQuery q, int width) {
        BitLevelOracle o = new BitLevelOracle(width);
        int[] x = o.bits();
        for (int i = 0; i < Math.min(q.alignLog2(), width); i++) {
            o.clause(-x[i]);
        }
        int[] end = o.addConst(x, q.length() - 1);
        o.clause(-o.lessThan(x, q.allowed().first()));
        o.clause(-o.greaterThan(end, q.allowed().last()));
        for (ReservedRegion w : q.forbidden()) {
            o.clause(o.lessThan(end, w.range().first()), o.greaterThan(x, w.range().last()));
        }
        return o.extreme(x, true);
    }

    /** The first and last address shared by a guest and an excluded range below 2^width, if they share any. */
    static Range overlap(GuestRegion g, ReservedRegion r, int width) {
        BitLevelOracle o = new BitLevelOracle(width);
        int[] a = o.bits();
        for (Range in : List.of(g.range(), r.range())) {
            o.clause(-o.lessThan(a, in.first()));
            o.clause(-o.greaterThan(a, in.last()));
        }
        OptionalLong lo = o.extreme(a, true);
        if (lo.isEmpty()) {
            return null;
        }
        return new Range(lo.getAsLong(), o.extreme(a, false).orElseThrow());
    }

    private int[] bits() {
        int[] b = new int[width];
        for (int i = 0; i < width; i++) {
            b[i] = ++vars;
        }
        return b;
    }

    /** v + k as width bits; the carry out of the top bit must be 0 (the sum stays below 2^width). */
    private int[] addConst(int[] v, long k) {
        if (Long.compareUnsigned(k, 1L << width) >= 0) {
            clause(-top);
        }
        int[] s = new int[width];
        int carry = -top;
        for (int i = 0; i < width; i++) {
            boolean kb = (k >>> i & 1) == 1;
            int x = xor(v[i], carry);
            s[i] = kb ? -x : x;
            carry = kb ? or(v[i], carry) : and(v[i], carry);
        }
        clause(-carry);
        return s;
    }

    /** A literal true iff value(v) < k, built from the least significant bit up. */
    private int lessThan(int[] v, long k) {
        if (Long.compareUnsigned(k, 1L << width) >= 0) {
            return top;
        }
        int lt = -top;
        for (int i = 0; i < width; i++) {
            lt = (k >>> i & 1) == 1 ? or(-v[i], lt) : and(-v[i], lt);
        }
        return lt;
    }

    /** A literal true iff value(v) > k. */
    private int greaterThan(int[] v, long k) {
        if (Long.compareUnsigned(k, 1L << width) >= 0) {
            return -top;
        }
        int gt = -top;
        for (int i = 0; i < width; i++) {
            gt = (k >>> i & 1) == 1 ? and(v[i], gt) : or(v[i], gt);
        }
        return gt;
    }

    private int and(int a, int b) {
        int g = ++vars;
        clause(-g, a);
        clause(-g, b);
        clause(g, -a, -b);
        return g;
    }

    private int or(int a, int b) {
        return -and(-a, -b);
    }

    private int xor(int a, int b) {
        int g = ++vars;
        clause(-g, a, b);
        clause(-g, -a, -b);
        clause(g, -a, b);
        clause(g, a, -b);
        return g;
    }

    private void clause(int... lits) {
        try {
            solver.addClause(new VecInt(lits));
        } catch (ContradictionException e) {
            broken = true;
        }
    }

    /** The least (or greatest) value of v over all models: each bit fixed from the top under assumptions. */
    private OptionalLong extreme(int[] v, boolean least) {
        try {
            if (broken || !solver.isSatisfiable()) {
                return OptionalLong.empty();
            }
            List<Integer> fixed = new ArrayList<>();
            long value = 0;
            for (int i = width - 1; i >= 0; i--) {
                int preferred = least ? -v[i] : v[i];
                fixed.add(preferred);
                if (!solver.isSatisfiable(vec(fixed))) {
                    fixed.set(fixed.size() - 1, -preferred);
                }
                if (fixed.get(fixed.size() - 1) > 0) {
                    value |= 1L << i;
                }
            }
            return OptionalLong.of(value);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the bit-level oracle timed out", e);
        }
    }

    private static VecInt vec(List<Integer> lits) {
        int[] a = new int[lits.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = lits.get(i);
        }
        return new VecInt(a);
    }
}
