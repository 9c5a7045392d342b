package org.iovacheck.bench;

import java.util.List;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * Renders an instance as an SMT-LIB 2 script in QF_BV over 64-bit vectors, the way a user would write it for a solver CLI.
 * Placement: a base x with its low bits zero, inside the allowed range, and before or after every window. Check: an address a
 * inside some guest region and inside some window. Constants are folded here (e.g. lo - length), so the solver sees only
 * unsigned comparisons of x with literals. The script asks for the model value, which the bench validates.
 */
final class SmtLibText {
    private SmtLibText() {
    }

    static String of(Instance in) {
        return in.check() != null ? check(in.check()) : place(in.place());
    }

    static String place(PlaceQuery q) {
        StringBuilder sb = header("x", 96 * q.forbidden().size());
        sb.append("(assert (= (bvand x ").append(bv(q.alignment() - 1)).append(") ").append(bv(0)).append("))\n");
        long span = q.length() - 1;
        Range allowed = q.allowed();
        if (U64.lt(allowed.last(), span)) {
            sb.append("(assert false)\n");
        } else {
            sb.append("(assert (bvule ").append(bv(allowed.first())).append(" x))\n");
            sb.append("(assert (bvule x ").append(bv(allowed.last() - span)).append("))\n");
        }
        for (ReservedRegion w : q.forbidden()) {
            Range r = w.range();
            boolean before = U64.le(q.length(), r.first());
            boolean after = r.last() != U64.MAX;
            sb.append("(assert (or");
            if (before) {
                sb.append(" (bvule x ").append(bv(r.first() - q.length())).append(')');
            }
            if (after) {
                sb.append(" (bvuge x ").append(bv(r.last() + 1)).append(')');
            }
            sb.append(before || after ? "))\n" : " false))\n");
        }
        return footer(sb, "x");
    }

    static String check(CheckQuery q) {
        StringBuilder sb = header("a", 80 * q.exclusions().size());
        sb.append("(assert (or");
        for (GuestRegion g : q.mapped()) {
            within(sb, g.range());
        }
        sb.append("))\n(assert (or");
        for (ReservedRegion w : q.exclusions()) {
            within(sb, w.range());
        }
        sb.append("))\n");
        return footer(sb, "a");
    }

    /** A script with nothing to decide: what remains of its wall time is the solver's start-up. */
    static String trivial() {
        return footer(header("x", 0), "x");
    }

    private static void within(StringBuilder sb, Range r) {
        sb.append("\n  (and (bvule ").append(bv(r.first())).append(" a) (bvule a ").append(bv(r.last())).append("))");
    }

    private static StringBuilder header(String var, int sizeHint) {
        StringBuilder sb = new StringBuilder(256 + sizeHint);
        sb.append("(set-option :produce-models true)\n(set-logic QF_BV)\n(declare-const ").append(var).append(" (_ BitVec 64))\n");
        return sb;
    }

    private static String footer(StringBuilder sb, String var) {
        return sb.append("(check-sat)\n(get-value (").append(var).append("))\n").toString();
    }

    static String bv(long v) {
        return String.format("#x%016x", v);
    }

    /** Parses a model line such as {@code ((x #x0000000214e00000))}; null when the text holds no 64-bit literal. */
    static Long parseValue(List<String> lines) {
        for (String line : lines) {
            int i = line.indexOf("#x");
            if (i >= 0 && line.length() >= i + 18) {
                return Long.parseUnsignedLong(line.substring(i + 2, i + 18), 16);
            }
        }
        return null;
    }
}
