package org.iovacheck.format;

import java.math.BigInteger;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/** Parsing of addresses (0x-hex or decimal), sizes with binary suffixes (4G, 2144M, 0x86010000) and ranges (A-B, inclusive). */
public final class Numbers {
    private Numbers() {
    }

    /** An unsigned 64-bit address: 0x-prefixed hex or decimal; IllegalArgumentException with a readable message otherwise. */
    public static long address(String s) {
        String t = s.trim().replace("_", "");
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        BigInteger v;
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                if (t.length() == 2) {
                    throw new IllegalArgumentException("'" + s + "' has no hex digits");
                }
                v = new BigInteger(t.substring(2), 16);
            } else {
                v = new BigInteger(t, 10);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a number (use 0x-prefixed hex or decimal)");
        }
        if (v.signum() < 0 || v.bitLength() > 64) {
            throw new IllegalArgumentException("'" + s + "' does not fit in 64 bits");
        }
        return v.longValue();
    }

    /** A byte count: a number with an optional K, M, G, T, P or E suffix (powers of 1024, optional "iB"/"B"); never zero. */
    public static long size(String s) {
        String t = s.trim();
        String up = t.toUpperCase(java.util.Locale.ROOT);
        if (up.endsWith("IB")) {
            up = up.substring(0, up.length() - 2);
        } else if (up.endsWith("B") && !up.startsWith("0X")) {
            up = up.substring(0, up.length() - 1);
        }
        int shift = 0;
        if (!up.isEmpty() && !up.startsWith("0X")) {
            char c = up.charAt(up.length() - 1);
            int idx = "KMGTPE".indexOf(c);
            if (idx >= 0) {
                shift = 10 * (idx + 1);
                up = up.substring(0, up.length() - 1);
            }
        }
        long base;
        try {
            base = address(up.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + s + "' is not a size (examples: 4G, 2144M, 0x86010000)");
        }
        BigInteger v = U64.toBig(base).shiftLeft(shift);
        if (v.bitLength() > 64) {
            throw new IllegalArgumentException("size '" + s + "' does not fit in 64 bits");
        }
        if (v.signum() == 0) {
            throw new IllegalArgumentException("size '" + s + "' is zero");
        }
        return v.longValue();
    }

    /** "FIRST-LAST", both inclusive. */
    public static Range range(String s) {
        int dash = s.indexOf('-');
        if (dash <= 0 || dash == s.length() - 1) {
            throw new IllegalArgumentException("'" + s + "' is not a range (expected FIRST-LAST, e.g. 0x8000000-0x80fffff)");
        }
        long a = address(s.substring(0, dash));
        long b = address(s.substring(dash + 1));
        if (U64.lt(b, a)) {
            throw new IllegalArgumentException("range '" + s + "': first is above last");
        }
        return new Range(a, b);
    }

    /** A whole number within [min, max]. */
    public static int intIn(String s, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a whole number");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(v + " is outside " + min + ".." + max);
        }
        return v;
    }
}
