package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class U64Test {
    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(64);

    @Test
    void addExactMatchesBigIntegerOnEdgeAndRandomValues() {
        long seed = Long.getLong("iovacheck.seed", System.nanoTime());
        Random rnd = new Random(seed);
        long[] edges = {0, 1, 2, Long.MAX_VALUE, Long.MIN_VALUE, U64.MAX, U64.MAX - 1, 0x7fffffffffffffffL - 1};
        for (int i = 0; i < 20000; i++) {
            long a = i < 64 ? edges[i % 8] : rnd.nextLong();
            long b = i < 64 ? edges[i / 8] : rnd.nextLong();
            BigInteger sum = U64.toBig(a).add(U64.toBig(b));
            if (sum.compareTo(MOD) >= 0) {
                final long fa = a;
                final long fb = b;
                assertThrows(ArithmeticException.class, () -> U64.addExact(fa, fb), "seed " + seed);
                assertTrue(!U64.addFits(a, b), "seed " + seed);
            } else {
                assertEquals(sum.longValue(), U64.addExact(a, b), "seed " + seed);
                assertTrue(U64.addFits(a, b), "seed " + seed);
            }
            assertEquals(U64.toBig(a).compareTo(U64.toBig(b)), Integer.signum(U64.compare(a, b)), "seed " + seed);
        }
    }

    @Test
    void alignUpAndMask() {
        assertEquals(0x80000000L, U64.alignUp(0x40000001L, 1L << 31));
        assertEquals(0x40000000L, U64.alignUp(0x40000000L, 1L << 30));
        assertThrows(ArithmeticException.class, () -> U64.alignUp(U64.MAX - 5, 16));
        assertThrows(IllegalArgumentException.class, () -> U64.alignUp(5, 3));
        assertEquals(U64.MAX, U64.maskBits(64));
        assertEquals(0x7fffffffffL, U64.maskBits(39));
    }

    @Test
    void hexIsSixteenDigits() {
        assertEquals("0x00000000c6010000", U64.hex(0xc6010000L));
        assertEquals("0xffffffffffffffff", U64.hex(U64.MAX));
    }

    @Test
    void unsignedOrderTreatsTheHighHalfAsLarge() {
        assertTrue(U64.lt(0x7fffffffffffffffL, 0x8000000000000000L));
        assertTrue(!U64.lt(5, 5));
        assertTrue(U64.le(5, 5));
        assertTrue(!U64.le(U64.MAX, 0));
        assertEquals(0x7fffffffffffffffL, U64.min(0x7fffffffffffffffL, U64.MAX));
        assertEquals(U64.MAX, U64.max(0x7fffffffffffffffL, U64.MAX));
        assertEquals(U64.MAX, U64.max(U64.MAX, 1));
        assertEquals(1, U64.min(U64.MAX, 1));
    }

    @Test
    void bigIntegerConversionCoversExactlyZeroToTwoToThe64Minus1() {
        assertEquals(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), U64.toBig(U64.MAX));
        assertEquals(BigInteger.ONE.shiftLeft(63), U64.toBig(Long.MIN_VALUE));
        assertEquals(BigInteger.ZERO, U64.toBig(0));
        assertEquals(U64.MAX, U64.fromBig(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)));
        assertEquals(0, U64.fromBig(BigInteger.ZERO));
        assertEquals(Long.MIN_VALUE, U64.fromBig(BigInteger.ONE.shiftLeft(63)));
        assertThrows(ArithmeticException.class, () -> U64.fromBig(BigInteger.ONE.shiftLeft(64)));
        assertThrows(ArithmeticException.class, () -> U64.fromBig(BigInteger.ONE.negate()));
    }

    @Test
    void maskBitsIsDefinedForOneToSixtyFourBitsOnly() {
        assertEquals(1, U64.maskBits(1));
        assertEquals(0x7fffffffffffffffL, U64.maskBits(63));
        assertThrows(IllegalArgumentException.class, () -> U64.maskBits(0));
        assertThrows(IllegalArgumentException.class, () -> U64.maskBits(65));
    }

    @Test
    void alignDownClearsTheLowBitsAndRefusesNonPowersOfTwo() {
        assertEquals(0x1000, U64.alignDown(0x1fff, 0x1000));
        assertEquals(0x2000, U64.alignDown(0x2000, 0x1000));
        assertEquals(0xfffffffffffff000L, U64.alignDown(U64.MAX, 0x1000));
        assertEquals(0x8000000000000000L, U64.alignDown(U64.MAX, Long.MIN_VALUE));
        assertEquals(7, U64.alignDown(7, 1));
        assertThrows(IllegalArgumentException.class, () -> U64.alignDown(5, 0));
        assertThrows(IllegalArgumentException.class, () -> U64.alignDown(5, 0x3000));
        assertThrows(IllegalArgumentException.class, () -> U64.alignUp(5, 0));
        assertEquals(0xfffffffffffff000L, U64.alignUp(0xffffffffffffe001L, 0x1000));
        assertEquals(U64.MAX, U64.alignUp(U64.MAX, 1));
    }

    @Test
    void sizeOfSpanNamesTheLargestExactUnit() {
        assertEquals("2 bytes", U64.sizeOfSpan(1));
        assertEquals("1023 bytes", U64.sizeOfSpan(1022));
        assertEquals("1 KiB", U64.sizeOfSpan(1023));
        assertEquals("0x401 bytes", U64.sizeOfSpan(1024));
        assertEquals("3 KiB", U64.sizeOfSpan(3 * 1024 - 1));
        assertEquals("1025 KiB", U64.sizeOfSpan(1025 * 1024 - 1));
        assertEquals("1 MiB", U64.sizeOfSpan((1 << 20) - 1));
        assertEquals("4 GiB", U64.sizeOfSpan(0xffffffffL));
        assertEquals("1 TiB", U64.sizeOfSpan((1L << 40) - 1));
        assertEquals("1 PiB", U64.sizeOfSpan((1L << 50) - 1));
        assertEquals("8 EiB", U64.sizeOfSpan(Long.MAX_VALUE));
        assertEquals("0x8000000000000001 bytes", U64.sizeOfSpan(Long.MIN_VALUE));
    }

    @Test
    void shortHexHasNoPadding() {
        assertEquals("0x0", U64.shortHex(0));
        assertEquals("0xffffffffffffffff", U64.shortHex(U64.MAX));
        assertEquals("0x0000000000000000", U64.hex(0));
    }
}
