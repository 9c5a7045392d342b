package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * The sysfs reader (its fast path for kernel-shaped lines and its general reader) against a reference written from the format
 * alone, on seeded random lines that are kernel-shaped or nearly so: hex fields of 0 to 20 digits in either case with and
 * without leading zeros, other prefixes, stray characters, tabs, CR LF, comments, stray separators, lines cut short anywhere,
 * and type words of a real type's length or one off. Every line must give the reference's region, or an error at its line when the reference refuses it.
 */
class SysfsLineOracleTest {
    private static final String[] TYPES = {"reserved", "msi", "direct", "direct-relaxable"};
    private static final String[] OTHER_TYPES = {"Msi", "msx", "ms", "msii", "reservex", "reserve", "abc", "direct-", "direct-relaxablE",
        "direct_relaxable", "-", "", "msi-", "zzzzzzzz"};
    private static final String HEX = "0123456789abcdefABCDEF";

    /** The reference reading of one line: null for a line with no fields, else {first, last, type ordinal}; "error" otherwise. */
    static Object reference(String line) {
        int hash = line.indexOf('#');
        String content = hash >= 0 ? line.substring(0, hash) : line;
        String[] f = content.trim().isEmpty() ? new String[0] : content.replaceAll("^[ \t\r]+", "").split("[ \t\r]+");
        if (f.length == 0) {
            return null;
        }
        if (f.length != 3) {
            return "error";
        }
        Long first = address(f[0]);
        Long last = address(f[1]);
        if (first == null || last == null || Long.compareUnsigned(last, first) < 0) {
            return "error";
        }
        for (RegionType t : RegionType.values()) {
            if (List.of(TYPES).contains(t.label()) && t.label().equals(f[2])) {
                return List.of(first, last, (long) t.ordinal());
            }
        }
        return "error";
    }

    private static Long address(String s) {
        if (!s.matches("0[xX][0-9a-fA-F]+")) {
            return null;
        }
        String digits = s.substring(2).replaceFirst("^0+", "");
        if (digits.length() > 16) {
            return null;
        }
        return digits.isEmpty() ? 0L : Long.parseUnsignedLong(digits, 16);
    }

    private static String hexField(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int p = rnd.nextInt(40);
        sb.append(p < 36 ? "0x" : p < 38 ? "0X" : p == 38 ? "x" : "0");
        int zeros = rnd.nextInt(4) == 0 ? rnd.nextInt(5) : 0;
        sb.append("0".repeat(zeros));
        int n = rnd.nextInt(8) == 0 ? rnd.nextInt(21) : rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(16) : 16 - zeros;
        for (int i = 0; i < n; i++) {
            sb.append(rnd.nextInt(3) == 0 ? HEX.charAt(rnd.nextInt(HEX.length())) : "0123456789abcdef".charAt(rnd.nextInt(16)));
        }
        if (rnd.nextInt(60) == 0) {
            sb.insert(rnd.nextInt(sb.length() + 1), "gz-_"
                    .charAt(rnd.nextInt(4)));
        }
        return sb.toString();
    }

    private static String separator(Random rnd) {
        return switch (rnd.nextInt(40)) {
            case 0 -> "  ";
            case 1 -> "\t";
            case 2 -> "";
            case 3 -> "-";
            case 4 -> ",";
            default -> " ";
        };
    }

    private static String line(Random rnd) {
        StringBuilder sb = new StringBuilder();
        if (rnd.nextInt(15) == 0) {
            sb.append(rnd.nextBoolean() ? " " : "\t");
        }
        sb.append(hexField(rnd)).append(separator(rnd)).append(hexField(rnd)).append(separator(rnd));
        sb.append(rnd.nextInt(8) == 0 ? OTHER_TYPES[rnd.nextInt(OTHER_TYPES.length)] : TYPES[rnd.nextInt(TYPES.length)]);
        switch (rnd.nextInt(24)) {
            case 0 -> sb.append(' ');
            case 1 -> sb.append(" # a comment");
            case 2 -> sb.append("#");
            case 3 -> sb.append('\r');
            case 4 -> sb.append(" extra");
            default -> { }
        }
        if (rnd.nextInt(30) == 0) {
            return rnd.nextBoolean() ? "# " + sb : "";
        }
        if (rnd.nextInt(20) == 0) {
            // a line cut short anywhere, as a truncated copy leaves it (inside a field, after a separator, after "0x")
            sb.setLength(rnd.nextInt(sb.length() + 1));
        }
        return sb.toString();
    }

    @Test
    void everyLineReadsAsTheReferenceSays() {
        Random rnd = new Random(Seeds.seed("SysfsLineOracleTest.lines"));
        int regions = 0;
        int errors = 0;
        for (int c = 0; c < 4000; c++) {
            String line = line(rnd);
            // the line alone, then after a kernel line and before another (line numbers and the fast path's resumption)
            String before = "0x0000000000001000 0x0000000000001fff reserved\n";
            String after = "\n0x00000000fee00000 0x00000000feefffff msi";
            Object want = reference(line);
            for (String text : new String[] {line, before + line + after, before + line + "\n"}) {
                int at = text.startsWith(before) ? 2 : 1;
                try {
                    List<ReservedRegion> got = SysfsParser.parse(text, "rr", 1, "7");
                    if ("error".equals(want)) {
                        fail("case " + c + ": '" + line + "' was read as " + got);
                    }
                    List<List<Long>> rows = new ArrayList<>();
                    for (ReservedRegion r : got) {
                        rows.add(List.of(r.range().first(), r.range().last(), (long) r.type().ordinal(), (long) r.source().line()));
                    }
                    List<List<Long>> expected = new ArrayList<>();
                    if (at == 2) {
                        expected.add(List.of(0x1000L, 0x1fffL, (long) RegionType.RESERVED.ordinal(), 1L));
                    }
                    if (want != null) {
                        @SuppressWarnings("unchecked")
                        List<Long> w = (List<Long>) want;
                        expected.add(List.of(w.get(0), w.get(1), w.get(2), (long) at));
                    }
                    if (text.endsWith(after)) {
                        expected.add(List.of(0xfee00000L, 0xfeefffffL, (long) RegionType.MSI.ordinal(), 3L));
                    }
                    assertEquals(expected, rows, "case " + c + ": '" + line + "' in '" + text + "'");
                    regions += want == null ? 0 : 1;
                } catch (InputException e) {
                    if (!"error".equals(want)) {
                        fail("case " + c + ": '" + line + "' refused: " + e.getMessage());
                    }
                    assertEquals(at, e.line(), e.getMessage());
                    errors++;
                }
            }
        }
        // both outcomes occur often
        assertEquals(true, regions > 3000 && errors > 1500, regions + " regions, " + errors + " errors");
    }
}
