package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
