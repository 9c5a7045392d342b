package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;
import org.junit.jupiter.api.Test;

class SysfsParserTest {
    @Test
    void readsTheKernelFormat() throws InputException {
        String text = "0x0000000008000000 0x00000000080fffff msi\n0x00000000c6010000 0x00000000c601ffff msi\n"
                + "0x0000000001000000 0x0000000010ffffff direct-relaxable\n0x0000000000000000 0x0000000000ffffff direct\n"
                + "0x000000fd00000000 0x000000ffffffffff reserved\n";
        List<ReservedRegion> rs = SysfsParser.parse(text, "f", 1, "7");
        assertEquals(5, rs.size());
        assertEquals(new Range(0x8000000L, 0x80fffffL), rs.get(0).range());
        assertEquals(RegionType.MSI, rs.get(0).type());
        assertEquals(RegionType.DIRECT_RELAXABLE, rs.get(2).type());
        assertEquals(RegionType.DIRECT, rs.get(3).type());
        assertEquals(RegionType.RESERVED, rs.get(4).type());
        assertEquals("7", rs.get(4).group());
        assertEquals(5, rs.get(4).source().line());
    }

    @Test
    void acceptsTheTopOfTheSpaceAndShortHex() throws InputException {
        List<ReservedRegion> rs = SysfsParser.parse("0xfffffffffffff000 0xffffffffffffffff reserved\r\n0x0 0x0 msi", "f", 1, "1");
        assertEquals(new Range(0xfffffffffffff000L, U64.MAX), rs.get(0).range());
        assertEquals(new Range(0, 0), rs.get(1).range());
    }

    @Test
    void lineNumbersCountFromTheEmbeddingOffset() {
        InputException e = assertThrows(InputException.class,
                () -> SysfsParser.parse("0x1 0x2 msi\n\n0x3 0x4 bogus\n", "host.yaml", 10, "1"));
        assertEquals("host.yaml", e.file());
        assertEquals(12, e.line());
        assertTrue(e.problem().contains("unknown region type 'bogus'"), e.problem());
    }

    @Test
    void badLinesAreNamed() {
        assertProblem("0x1 0x2\n", 1, "found 2 fields");
        assertProblem("0x1 0x2 msi extra\n", 1, "found 4 fields");
        assertProblem("0x10 0x2 msi\n", 1, "is above last address");
        assertProblem("0x1 0x10000000000000000 msi\n", 1, "does not fit in 64 bits");
        assertProblem("\n0x1 12 msi\n", 2, "not a 0x-prefixed hexadecimal address");
        assertProblem("0xg 0x1 msi\n", 1, "not a 0x-prefixed hexadecimal address");
        assertProblem("0x 0x1 msi\n", 1, "not a 0x-prefixed hexadecimal address");
    }

    @Test
    void leadingZerosBeyondSixteenDigitsAreStillSixtyFourBit() throws InputException {
        assertEquals(1, SysfsParser.parse("0x00000000000000000001 0x1 msi", "f", 1, "1").get(0).range().first());
    }

    /** Regression (issue 11): a type of a real type's length but other letters is not that type. */
    @Test
    void anUnknownTypeOfARealTypesLengthIsRefused() {
        for (String t : new String[] {"abc", "msx", "ms", "msii", "reservex", "xeserved", "reserve", "dirext", "directx",
                "direct-relaxablx", "Direct", "MSI", "direct_relaxable"}) {
            assertProblem("0x0 0x0 msi\n\n0x1000 0x1fff " + t + "\n", 3, "unknown region type '" + t + "'");
        }
    }

    @Test
    void fieldsAreSeparatedBySpacesTabsAndEndAtAComment() throws InputException {
        List<ReservedRegion> rs = SysfsParser.parse("\t0x1000\t0x1FFF  reserved # trailing\n# whole line\n   \n0XABCDEF00 0xabcdef0f msi#x\n"
                + "0x0000000000000000 0x0000000000000fff direct\r\n0x2000 0x2fff direct-relaxable", "f", 1, "g");
        assertEquals(4, rs.size());
        assertEquals(new Range(0x1000, 0x1fff), rs.get(0).range());
        assertEquals(RegionType.RESERVED, rs.get(0).type());
        assertEquals(new Range(0xabcdef00L, 0xabcdef0fL), rs.get(1).range());
        assertEquals(RegionType.MSI, rs.get(1).type());
        assertEquals(4, rs.get(1).source().line());
        assertEquals(RegionType.DIRECT, rs.get(2).type());
        assertEquals(RegionType.DIRECT_RELAXABLE, rs.get(3).type());
        assertEquals(6, rs.get(3).source().line());
        assertEquals("f", rs.get(3).source().file());
        assertEquals("g", rs.get(3).group());
        assertEquals(null, rs.get(3).name());
        assertEquals(List.of(), SysfsParser.parse("", "f", 1, "g"), "an empty file is a group without regions");
        assertEquals(List.of(), SysfsParser.parse("\n# only a comment\n", "f", 1, "g"));
    }

    @Test
    void everyHexDigitAndNothingElse() throws InputException {
        assertEquals(0x0123456789abcdefL, SysfsParser.parse("0x0123456789abcdef 0x0123456789abcdef msi", "f", 1, "1").get(0).range().first());
        assertEquals(0xfedcba9876543210L, SysfsParser.parse("0xFEDCBA9876543210 0xffffffffffffffff msi", "f", 1, "1").get(0).range().first());
        assertEquals(0xAFL, SysfsParser.parse("0xaF 0xAf msi", "f", 1, "1").get(0).range().last());
        // the characters just outside each digit range
        for (String bad : new String[] {"0x/", "0x:", "0x@", "0xG", "0x`", "0xg", "1x10", "x10", "0", "0y1", "00x1"}) {
            assertProblem(bad + " 0x1 msi\n", 1, "'" + bad + "' is not a 0x-prefixed hexadecimal address");
        }
        assertProblem("0x10000000000000000 0x1 msi\n", 1, "address 0x10000000000000000 does not fit in 64 bits");
        assertProblem("0x0 0x msi\n", 1, "'0x' is not a 0x-prefixed hexadecimal address");
        assertProblem("0x0 0x1 msi\n0x1 0X msi\n", 2, "'0X' is not a 0x-prefixed hexadecimal address");
        assertProblem("0x1 0x0 msi\n", 1, "first address 0x1 is above last address 0x0");
        assertProblem("0x1\n", 1, "found 1 field");
        assertTrue(assertThrows(InputException.class, () -> SysfsParser.parse("0x1\n", "rr", 1, "1")).problem().endsWith("found 1 field"));
        assertProblem("0x1 0x2 msi a b c d\n", 1, "found 7 fields");
    }

    @Test
    void theTopBitIsUnsigned() throws InputException {
        // first 2^63 is below last 2^64-1 in u64, although negative as a Java long
        ReservedRegion r = SysfsParser.parse("0x8000000000000000 0xffffffffffffffff reserved", "f", 1, "1").get(0);
        assertEquals(new Range(0x8000000000000000L, U64.MAX), r.range());
        assertProblem("0xffffffffffffffff 0x8000000000000000 reserved\n", 1, "is above last address");
        assertProblem("0x8000000000000000 0x7fffffffffffffff reserved\n", 1, "is above last address");
    }

    private static void assertProblem(String text, int line, String fragment) {
        InputException e = assertThrows(InputException.class, () -> SysfsParser.parse(text, "rr", 1, "1"));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("rr:" + line + ": "), e.getMessage());
        assertTrue(e.problem().contains(fragment), e.problem());
    }
}
