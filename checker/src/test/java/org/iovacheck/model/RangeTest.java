package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RangeTest {
    @Test
    void wholeSpaceIsOneRange() {
        assertEquals(BigInteger.ONE.shiftLeft(64), Range.ALL.length());
        assertTrue(Range.ALL.contains(U64.MAX));
        assertTrue(Range.ALL.contains(0));
        assertEquals("16 EiB", U64.sizeOfSpan(Range.ALL.lengthMinusOne()));
    }

    @Test
    void unsignedOrderAboveTwoToThe63() {
        Range high = new Range(0x8000000000000000L, U64.MAX);
        Range low = new Range(0, 0x7fffffffffffffffL);
        assertFalse(high.overlaps(low));
        assertTrue(high.touches(low));
        assertTrue(low.compareTo(high) < 0);
        assertThrows(IllegalArgumentException.class, () -> new Range(U64.MAX, 0));
    }

    @Test
    void ofSizeRejectsOverflowAndAcceptsTheLastByte() {
        assertEquals(new Range(U64.MAX, U64.MAX), Range.ofSize(U64.MAX, 1));
        assertThrows(ArithmeticException.class, () -> Range.ofSize(U64.MAX, 2));
        assertThrows(ArithmeticException.class, () -> Range.ofSize(0xfffffffffffff000L, 0x2000));
        assertEquals(new Range(0xfffffffffffff000L, U64.MAX), Range.ofSize(0xfffffffffffff000L, 0x1000));
    }

    @Test
    void touchAtTheTopDoesNotWrap() {
        Range top = new Range(0xff, U64.MAX);
        Range bottom = new Range(0, 0x10);
        assertFalse(top.touches(bottom), "the top of the space must not wrap around to address 0");
    }

    @Test
    void intersectionIsExact() {
        Range a = new Range(0x40000000L, 0x13fffffffL);
        Range b = new Range(0xc6010000L, 0xc601ffffL);
        assertEquals(b, a.intersect(b));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.intersect(new Range(0x140000000L, 0x140000000L)));
        assertTrue(e.getMessage().endsWith("do not overlap"), e.getMessage());
    }

    @Test
    void exhaustiveAgainstSetSemanticsAt4Bits() {
        for (int a = 0; a < 16; a++) {
            for (int b = a; b < 16; b++) {
                for (int c = 0; c < 16; c++) {
                    for (int d = c; d < 16; d++) {
                        Range x = new Range(a, b);
                        Range y = new Range(c, d);
                        boolean common = false;
                        for (int p = 0; p < 16; p++) {
                            common |= p >= a && p <= b && p >= c && p <= d;
                        }
                        boolean touch = common || b + 1 == c || d + 1 == a;
                        assertEquals(common, x.overlaps(y), x + " " + y);
                        assertEquals(touch, x.touches(y), x + " " + y);
                        assertEquals(a <= c && d <= b, x.contains(y), x + " " + y);
                    }
                }
            }
        }
    }

    /**
     * Every pair of ranges in a 12-address window, placed at the bottom of the space, across the signed boundary 2^63 and at
     * the top, against set semantics on the offsets: the operations must not depend on where the window sits.
     */
    @Test
    void exhaustiveWindowsAtTheBottomAcrossTwoToThe63AndAtTheTop() {
        long[] bases = {0, 0x7ffffffffffffffaL, U64.MAX - 11};
        for (long base : bases) {
            for (int a = 0; a < 12; a++) {
                for (int b = a; b < 12; b++) {
                    Range x = new Range(base + a, base + b);
                    assertEquals(b - a, x.lengthMinusOne());
                    assertEquals(BigInteger.valueOf(b - a + 1), x.length());
                    for (int p = 0; p < 12; p++) {
                        assertEquals(p >= a && p <= b, x.contains(base + p), x + " " + p);
                    }
                    for (int c = 0; c < 12; c++) {
                        for (int d = c; d < 12; d++) {
                            Range y = new Range(base + c, base + d);
                            String w = x + " " + y;
                            boolean common = Math.max(a, c) <= Math.min(b, d);
                            assertEquals(common, x.overlaps(y), w);
                            assertEquals(common || b + 1 == c || d + 1 == a, x.touches(y), w);
                            assertEquals(a <= c && d <= b, x.contains(y), w);
                            assertEquals(new Range(base + Math.min(a, c), base + Math.max(b, d)), x.span(y), w);
                            if (common) {
                                assertEquals(new Range(base + Math.max(a, c), base + Math.min(b, d)), x.intersect(y), w);
                            }
                            int order = a != c ? Integer.compare(a, c) : Integer.compare(b, d);
                            assertEquals(order, Integer.signum(x.compareTo(y)), w);
                        }
                    }
                }
            }
        }
    }

    @Test
    void rangesMeetingOnlyAtTheTopOrBottomOfTheSpace() {
        Range top = new Range(U64.MAX, U64.MAX);
        Range bottom = new Range(0, 0);
        assertFalse(top.touches(bottom));
        assertFalse(bottom.touches(top));
        assertTrue(new Range(0, U64.MAX - 1).touches(top));
        assertTrue(top.touches(new Range(5, U64.MAX - 1)));
        assertTrue(Range.ALL.contains(top) && Range.ALL.contains(bottom));
        assertEquals(Range.ALL, top.span(bottom));
        assertEquals(U64.MAX, Range.ALL.lengthMinusOne());
        assertEquals(new Range(0x1000, 0x1fff), Range.ofSize(0x1000, 0x1000));
        assertThrows(IllegalArgumentException.class, () -> Range.ofSize(0x1000, 0));
        assertEquals("0x0000000000001000-0x0000000000001fff", new Range(0x1000, 0x1fff).toString());
    }
}
