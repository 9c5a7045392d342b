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

    private static void assertProblem(String text, int line, String fragment) {
        InputException e = assertThrows(InputException.class, () -> SysfsParser.parse(text, "rr", 1, "1"));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("rr:" + line + ": "), e.getMessage());
        assertTrue(e.problem().contains(fragment), e.problem());
    }
}
