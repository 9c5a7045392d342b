package org.iovacheck.format.config;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A size as QEMU 7.2 reads it on its command line: qemu_strtosz (util/cutils.c do_strtosz, unit 1024, default suffix B), which
 * -object sizes, -global and -machine size properties and -m maxmem use, and -m size's legacy rule on top of it (softmmu/vl.c
 * parse_memory_options). Checked against the real qemu-system-x86_64 7.2 (QemuSizeTest lists the measurements).
 */
final class QemuSize {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private QemuSize() {
    }

    /** Why QEMU refuses a size: the message iovacheck prints after the value. */
    static final class Refused extends Exception {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * The value of {@code s} as qemu_strtosz gives it, 0 to 2^64-1. do_strtosz, step by step: a decimal integer (strtoull: leading
     * white space and a sign skipped, no '-' allowed, no digit refused, above 2^64-1 refused); "0x" reparses it as hexadecimal,
     * with no fraction allowed (so "0x10B" is 0x10b bytes: B and E are hex digits); a '.' then reads the fraction with strtod
     * (an exponent refuses the whole value; no digit after the '.' is a fraction of 0 with the '.' skipped) and keeps it as a
     * 64-bit binary fraction, truncated; then one suffix B, K, M, G, T, P or E in either case (powers of 1024; none means bytes);
     * bytes with a nonzero fraction are refused; otherwise the product is exact and rounded to the nearest byte, a half up;
     * nothing may follow.
     */
    static BigInteger strtosz(String s) throws Refused {
        int n = s.length();
        int i = 0;
        while (i < n && Xml.isCSpace(s.charAt(i))) {
            i++;
        }
        boolean minus = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            minus = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        if (i == digits) {
            throw new Refused("is not a size");
        }
        if (minus) {
            throw new Refused("is not a size (QEMU refuses a minus sign)");
        }
        BigInteger val = new BigInteger(s.substring(digits, i));
        BigInteger valf = BigInteger.ZERO;
        if (i - digits == 1 && val.signum() == 0 && i < n && (s.charAt(i) == 'x' || s.charAt(i) == 'X')) { // "0x", not "00x"
            int h = i + 1;
            while (h < n && Character.digit(s.charAt(h), 16) >= 0 && s.charAt(h) < 128) {
                h++;
            }
            if (h == i + 1) {
                throw new Refused("is not a size"); // strtoull reads "0", and "x..." is left over
            }
            val = new BigInteger(s.substring(i + 1, h), 16);
            i = h;
            if (i < n && s.charAt(i) == '.') {
                throw new Refused("is not a size (QEMU refuses a fraction of a hexadecimal number)");
            }
        } else if (i < n && s.charAt(i) == '.') {
            int f = i;
            int j = f + 1;
            while (j < n && isDigit(s.charAt(j))) {
                j++;
            }
            if (j == f + 1) {
                i = f + 1; // strtod reads nothing: do_strtosz skips the '.' and goes on ("1.K" is 1 KiB)
            } else {
                if (hasExponent(s, j)) {
                    throw new Refused("is not a size (QEMU refuses an exponent)");
                }
                String frac = s.substring(f + 1, j);
                double d = Double.parseDouble("0." + frac);
                if ((d == 0 && !frac.matches("0*")) || (d != 0 && d < Double.MIN_NORMAL)) {
                    // glibc strtod underflows (ERANGE); do_strtosz then steps one character past the digits, so the character
                    // after them (the suffix) is skipped unread and the fraction is 0: QEMU reads "1.<400 zeros>1K" as 1 byte
                    if (j >= n) {
                        throw new Refused("is not a size (a fraction this small makes QEMU read past the value)");
                    }
                    i = j + 1;
                } else {
                    i = j;
                    // (uint64_t)(fraction * 0x1p64); a fraction that strtod rounds to 1.0 converts to 0 on x86-64 (measured:
                    // 1.9999999999999999999K is 1024 bytes)
                    valf = d == 1.0 ? BigInteger.ZERO : new BigDecimal(d).multiply(new BigDecimal(TWO_64)).toBigInteger();
                }
            }
        }
        if (val.compareTo(TWO_64) >= 0) {
            throw new Refused("is out of range");
        }
        int idx = i < n ? "BKMGTPE".indexOf(Character.toUpperCase(s.charAt(i))) : -1;
        BigInteger mul = BigInteger.ONE;
        if (idx >= 0 && s.charAt(i) < 128) {
            mul = BigInteger.ONE.shiftLeft(10 * idx);
            i++;
        }
        if (i != n) {
            throw new Refused(n - i == 1 && Character.isLetter(s.charAt(i)) ? "has an unknown size suffix" : "is not a size");
        }
        if (mul.equals(BigInteger.ONE)) {
            if (valf.signum() != 0) {
                throw new Refused("is not a whole number of bytes (a fraction needs a K, M, G, T, P or E suffix)");
            }
            return val;
        }
        BigInteger f = valf.multiply(mul); // 64.64 fixed point times the scale: the whole part, and a half or more rounds up
        BigInteger v = val.multiply(mul).add(f.shiftRight(64)).add(f.testBit(63) ? BigInteger.ONE : BigInteger.ZERO);
        if (v.compareTo(TWO_64) >= 0) {
            throw new Refused("is out of range");
        }
        return v;
    }

    /**
     * The guest RAM of {@code -m size=s} (softmmu/vl.c parse_memory_options): qemu_strtosz reads it as bytes first, and 0 means
     * QEMU's default RAM (returned as 0); a value that ends in a digit is then read again with "M" appended (legacy MiB), so
     * "-m 1.5" is refused (a fraction of a byte) while "-m 1.0" is 1 MiB and "-m 1.5G" 1.5 GiB.
     */
    static BigInteger memSize(String s) throws Refused {
        if (strtosz(s).signum() == 0) {
            return BigInteger.ZERO;
        }
        return isDigit(s.charAt(s.length() - 1)) ? strtosz(s + "M") : strtosz(s);
    }

    /** Whether strtod would read an exponent at {@code at}: e or E, an optional sign, a digit. */
    private static boolean hasExponent(String s, int at) {
        if (at >= s.length() || (s.charAt(at) != 'e' && s.charAt(at) != 'E')) {
            return false;
        }
        int k = at + 1;
        if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
            k++;
        }
        return k < s.length() && isDigit(s.charAt(k));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
