package org.iovacheck.model;

import java.math.BigInteger;

/** Unsigned 64-bit address arithmetic on {@code long}: every value 0..2^64-1 is an address; nothing wraps silently. */
public final class U64 {
    public static final long MAX = -1L;
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private U64() {
    }

    public static int compare(long a, long b) {
        return Long.compareUnsigned(a, b);
    }

    public static boolean lt(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    public static boolean le(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0;
    }

    public static long min(long a, long b) {
        return le(a, b) ? a : b;
    }

    public static long max(long a, long b) {
        return le(a, b) ? b : a;
    }

    /** a + b, or throws ArithmeticException when the sum exceeds 2^64-1. */
    public static long addExact(long a, long b) {
        long s = a + b;
        if (lt(s, a)) {
            throw new ArithmeticException("address overflow: " + hex(a) + " + " + hex(b));
        }
        return s;
    }

    /** True when a + b does not exceed 2^64-1. */
    public static boolean addFits(long a, long b) {
        return le(b, MAX - a);
    }

    /** 0x-prefixed, 16 hex digits, as sysfs prints addresses. */
    public static String hex(long v) {
        String s = Long.toHexString(v);
        return "0x" + "0".repeat(16 - s.length()) + s;
    }

    /** 0x-prefixed hex without padding. */
    public static String shortHex(long v) {
        return "0x" + Long.toHexString(v);
    }

    public static BigInteger toBig(long v) {
        return v >= 0 ? BigInteger.valueOf(v) : BigInteger.valueOf(v).add(TWO_64);
    }

    /** Exact value of a BigInteger in 0..2^64-1, else ArithmeticException. */
    public static long fromBig(BigInteger b) {
        if (b.signum() < 0 || b.bitLength() > 64) {
            throw new ArithmeticException("not a 64-bit unsigned value: " + b);
        }
        return b.longValue();
    }

    /** 2^bits - 1 for bits in 1..64. */
    public static long maskBits(int bits) {
        if (bits < 1 || bits > 64) {
            throw new IllegalArgumentException("bits must be 1..64: " + bits);
        }
        return bits == 64 ? MAX : (1L << bits) - 1;
    }

    /** Rounds v up to a multiple of align (a power of two); throws ArithmeticException on overflow. */
    public static long alignUp(long v, long align) {
        if (align == 0 || (align & (align - 1)) != 0) {
            throw new IllegalArgumentException("alignment must be a power of two: " + shortHex(align));
        }
        long mask = align - 1;
        return addExact(v, mask) & ~mask;
    }

    public static long alignDown(long v, long align) {
        if (align == 0 || (align & (align - 1)) != 0) {
            throw new IllegalArgumentException("alignment must be a power of two: " + shortHex(align));
        }
        return v & ~(align - 1);
    }

    /** Human size of a byte count given as count-1 (so 2^64 is representable): 4 GiB, 1 MiB, 0x1234 bytes. */
    public static String sizeOfSpan(long lengthMinusOne) {
        BigInteger n = toBig(lengthMinusOne).add(BigInteger.ONE);
        String[] units = {"EiB", "PiB", "TiB", "GiB", "MiB", "KiB"};
        int[] shifts = {60, 50, 40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            BigInteger unit = BigInteger.ONE.shiftLeft(shifts[i]);
            if (n.compareTo(unit) >= 0 && n.mod(unit).signum() == 0) {
                return n.divide(unit) + " " + units[i];
            }
        }
        return n.compareTo(BigInteger.valueOf(1024)) < 0 ? n + " bytes" : "0x" + n.toString(16) + " bytes";
    }
}
