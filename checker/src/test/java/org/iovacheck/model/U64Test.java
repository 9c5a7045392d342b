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
}
