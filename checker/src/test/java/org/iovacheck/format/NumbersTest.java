package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.iovacheck.model.Range;
import org.iovacheck.model.U64;
import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void sizesInTheFormsUsersWrite() {
        assertEquals(4L << 30, Numbers.size("4G"));
        assertEquals(2144L << 20, Numbers.size("2144M"));
        assertEquals(0x86010000L, Numbers.size("0x86010000"));
        assertEquals(1L << 40, Numbers.size("1T"));
        assertEquals(1L << 40, Numbers.size("1TiB"));
        assertEquals(512L << 10, Numbers.size("512k"));
        assertEquals(4096, Numbers.size("4096"));
        assertEquals(8L << 60, Numbers.size("8E"));
        assertEquals(0xbL, Numbers.size("0xb"));
    }

    @Test
    void badSizes() {
        assertThrows(IllegalArgumentException.class, () -> Numbers.size("16E"));
        assertThrows(IllegalArgumentException.class, () -> Numbers.size("0"));
        assertThrows(IllegalArgumentException.class, () -> Numbers.size("4X"));
        assertThrows(IllegalArgumentException.class, () -> Numbers.size("-1G"));
        assertThrows(IllegalArgumentException.class, () -> Numbers.size(""));
    }

    @Test
    void addressesAndRanges() {
        assertEquals(U64.MAX, Numbers.address("0xffffffffffffffff"));
        assertEquals(U64.MAX, Numbers.address("18446744073709551615"));
        assertThrows(IllegalArgumentException.class, () -> Numbers.address("18446744073709551616"));
        assertEquals(new Range(0x8000000L, 0x80fffffL), Numbers.range("0x8000000-0x80fffff"));
        assertThrows(IllegalArgumentException.class, () -> Numbers.range("0x10-0x1"));
        assertThrows(IllegalArgumentException.class, () -> Numbers.range("0x10"));
    }

    private static void assertMessage(Runnable r, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void addressForms() {
        assertEquals(16, Numbers.address(" 0x10 "));
        assertEquals(31, Numbers.address("0X1F"));
        assertEquals(10, Numbers.address("10"));
        assertEquals(0, Numbers.address("0"));
        assertEquals(0x100000000L, Numbers.address("0x1_0000_0000"), "'_' groups digits (docs/formats.md)");
        assertEquals(Long.MIN_VALUE, Numbers.address("0x8000000000000000"));
        assertEquals(Long.MIN_VALUE, Numbers.address("9223372036854775808"));
        assertMessage(() -> Numbers.address(""), "empty address");
        assertMessage(() -> Numbers.address("  "), "empty address");
        assertMessage(() -> Numbers.address("0x"), "'0x' has no hex digits");
        assertMessage(() -> Numbers.address("0X"), "'0X' has no hex digits");
        assertMessage(() -> Numbers.address("0xg"), "'0xg' is not a number (use 0x-prefixed hex or decimal)");
        assertMessage(() -> Numbers.address("ff"), "'ff' is not a number");
        assertMessage(() -> Numbers.address("-1"), "'-1' does not fit in 64 bits");
        assertMessage(() -> Numbers.address("0x-1"), "does not fit in 64 bits");
        assertMessage(() -> Numbers.address("0x10000000000000000"), "'0x10000000000000000' does not fit in 64 bits");
    }

    @Test
    void sizeSuffixes() {
        assertEquals(4L << 30, Numbers.size("4GiB"));
        assertEquals(4L << 30, Numbers.size("4GB"));
        assertEquals(4L << 30, Numbers.size("4gib"));
        assertEquals(4L << 30, Numbers.size(" 4G "));
        assertEquals(1, Numbers.size("1B"));
        assertEquals(1, Numbers.size("1"));
        assertEquals(1L << 10, Numbers.size("1K"));
        assertEquals(1L << 20, Numbers.size("1M"));
        assertEquals(1L << 50, Numbers.size("1P"));
        assertEquals(1L << 60, Numbers.size("1E"));
        assertEquals(15L << 60, Numbers.size("15E"), "below 2^64 in u64");
        assertEquals(0x10bL, Numbers.size("0x10B"), "B is a hex digit after 0x, not bytes");
        assertEquals(0x10bL, Numbers.size("0X10B"));
        assertEquals(Long.MIN_VALUE, Numbers.size("0x8000000000000000"));
        assertEquals(0x8000000000000000L, Numbers.size("8E"));
        assertMessage(() -> Numbers.size("0x10K"), "'0x10K' is not a size (examples: 4G, 2144M, 0x86010000)");
        assertMessage(() -> Numbers.size("K"), "'K' is not a size");
        assertMessage(() -> Numbers.size("B"), "'B' is not a size");
        assertMessage(() -> Numbers.size("iB"), "'iB' is not a size");
        assertMessage(() -> Numbers.size("4X"), "'4X' is not a size");
        assertMessage(() -> Numbers.size("0K"), "size '0K' is zero");
        assertMessage(() -> Numbers.size("0"), "size '0' is zero");
        assertMessage(() -> Numbers.size("16E"), "size '16E' does not fit in 64 bits");
        assertMessage(() -> Numbers.size("16384P"), "does not fit in 64 bits");
        assertMessage(() -> Numbers.size("0x10000000000000000"), "is not a size");
    }

    @Test
    void rangesAndWholeNumbers() {
        assertEquals(new Range(0x10, 0x10), Numbers.range("0x10-0x10"));
        assertEquals(new Range(0x10, 0x20), Numbers.range("0x10 - 0x20"));
        assertEquals(new Range(16, 32), Numbers.range("16-32"));
        assertEquals(new Range(Long.MIN_VALUE, U64.MAX), Numbers.range("0x8000000000000000-0xffffffffffffffff"));
        assertMessage(() -> Numbers.range("0xffffffffffffffff-0x8000000000000000"), "first is above last");
        assertMessage(() -> Numbers.range("0x10-0x1"), "range '0x10-0x1': first is above last");
        assertMessage(() -> Numbers.range("-0x10"), "'-0x10' is not a range (expected FIRST-LAST, e.g. 0x8000000-0x80fffff)");
        assertMessage(() -> Numbers.range("0x10-"), "'0x10-' is not a range");
        assertMessage(() -> Numbers.range("0x10"), "'0x10' is not a range");
        assertMessage(() -> Numbers.range("1-2-3"), "'2-3' is not a number");
        assertEquals(1, Numbers.intIn(" 1 ", 1, 64));
        assertEquals(64, Numbers.intIn("64", 1, 64));
        assertMessage(() -> Numbers.intIn("0", 1, 64), "0 is outside 1..64");
        assertMessage(() -> Numbers.intIn("65", 1, 64), "65 is outside 1..64");
        assertMessage(() -> Numbers.intIn("4.5", 1, 64), "'4.5' is not a whole number");
        assertMessage(() -> Numbers.intIn("", 1, 64), "'' is not a whole number");
    }
}
