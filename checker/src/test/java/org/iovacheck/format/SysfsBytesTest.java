package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte reader of sysfs dumps (issue 16): lines as the kernel prints them take a fast path, every other line the general
 * reader; both must read the same regions, and a file read from disk must give the regions of its text with file and line.
 */
class SysfsBytesTest {
    @TempDir
    Path dir;

    private static final String[] TYPES = {"reserved", "msi", "direct", "direct-relaxable"};

    @Test
    void kernelLinesAndTheSameLinesWrittenOtherwiseReadAlike() throws InputException {
        Random rnd = new Random(Seeds.seed("SysfsBytesTest.paths"));
        for (int c = 0; c < 300; c++) {
            StringBuilder canonical = new StringBuilder();
            StringBuilder other = new StringBuilder();
            List<ReservedRegion> want = new ArrayList<>();
            int n = rnd.nextInt(30);
            int line = 1;
            for (int i = 0; i < n; i++) {
                long a = rnd.nextLong();
                long b = rnd.nextLong();
                if (Long.compareUnsigned(a, b) > 0) {
                    long t = a;
                    a = b;
                    b = t;
                }
                String type = TYPES[rnd.nextInt(TYPES.length)];
                // the kernel's form (%016llx) or short hex: both canonical
                String fa = rnd.nextBoolean() ? String.format("0x%016x", a) : "0x" + Long.toHexString(a);
                String fb = rnd.nextBoolean() ? String.format("0x%016x", b) : "0X" + Long.toHexString(b).toUpperCase();
                canonical.append(fa).append(' ').append(fb).append(' ').append(type).append('\n');
                // the general reader's forms: tabs, several spaces, CR LF, a comment, a blank line before
                switch (rnd.nextInt(4)) {
                    case 0 -> other.append(fa).append('\t').append(fb).append("  ").append(type).append("\r\n");
                    case 1 -> other.append("  ").append(fa).append(' ').append(fb).append(' ').append(type).append(" # note\n");
                    case 2 -> other.append(fa).append(' ').append(fb).append(' ').append(type).append('#').append('\n');
                    default -> other.append(fa).append(' ').append(fb).append(' ').append(type).append('\n');
                }
                RegionType t = switch (type) {
                    case "reserved" -> RegionType.RESERVED;
                    case "msi" -> RegionType.MSI;
                    case "direct" -> RegionType.DIRECT;
                    default -> RegionType.DIRECT_RELAXABLE;
                };
                want.add(new ReservedRegion(new Range(a, b), t, "9", null, new Source("rr", line++)));
            }
            assertEquals(want, SysfsParser.parse(canonical.toString(), "rr", 1, "9"), "case " + c + ":\n" + canonical);
            assertEquals(want, SysfsParser.parse(other.toString(), "rr", 1, "9"), "case " + c + ":\n" + other);
        }
    }

    @Test
    void kernelShapedLinesThatAreWrongGetTheGeneralReadersMessage() {
        assertProblem("0x1 0x2 msi\n0x0000000000000010 0x0000000000000002 msi\n", 2, "first address 0x0000000000000010 is above last address 0x0000000000000002");
        assertProblem("0x1 0x2 msi\n0x1 0x2 bogus\n", 2, "unknown region type 'bogus'");
        assertProblem("0x1 0x2 msi\n0x1 0x2 Msi\n", 2, "unknown region type 'Msi'");
        assertProblem("0x1 0x2 msi\n0x1 0x2 \n", 2, "found 2 fields");
        assertProblem("0x1 0x10000000000000000 msi\n", 1, "does not fit in 64 bits");
        assertProblem("0x1 0x2 msi\n0x1 0x2 r\u00e9served\n", 2, "unknown region type 'r\u00e9served'");
        assertProblem("0x1 0x2", 1, "found 2 fields");
    }

    private static void assertProblem(String text, int line, String fragment) {
        InputException e = assertThrows(InputException.class, () -> SysfsParser.parse(text, "rr", 1, "1"));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().contains(fragment), e.problem());
    }

    @Test
    void aFileIsReadFromItsBytesWithFileAndLine() throws Exception {
        Path f = dir.resolve("reserved_regions");
        Files.write(f, "0x0000000008000000 0x00000000080fffff msi\n# c\n0x00000000fee00000 0x00000000feefffff msi\n\0\0"
                .getBytes(StandardCharsets.US_ASCII));
        List<ReservedRegion> rs = HostLoader.load(f).groups().get(0).regions();
        assertEquals(List.of(new ReservedRegion(new Range(0x8000000L, 0x80fffffL), RegionType.MSI, "reserved_regions", null, new Source(f.toString(), 1)),
                new ReservedRegion(new Range(0xfee00000L, 0xfeefffffL), RegionType.MSI, "reserved_regions", null, new Source(f.toString(), 3))), rs);
        Files.write(f, "0x1 0x2 msi\n0x3 0x4 msi\r0x5 0x6 msi\n".getBytes(StandardCharsets.US_ASCII));
        InputException cr = assertThrows(InputException.class, () -> HostLoader.load(f));
        assertEquals(2, cr.line(), cr.getMessage());
        Files.write(f, "0x1 0x2 msi\n0x3 0x4 \u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        InputException utf = assertThrows(InputException.class, () -> HostLoader.load(f));
        assertEquals(2, utf.line(), utf.getMessage());
        assertTrue(utf.problem().contains("not UTF-8"), utf.problem());
    }
}
