package org.iovacheck.format;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;

/**
 * Reads the text of a sysfs {@code reserved_regions} file: lines "0x%016llx 0x%016llx TYPE", ends inclusive,
 * TYPE one of direct, direct-relaxable, reserved, msi. Blank lines and '#' comments are skipped. Linear time, no regex.
 */
public final class SysfsParser {
    private SysfsParser() {
    }

    /**
     * Parses {@code text}; {@code firstLine} is the 1-based line number of its first line in {@code file}
     * (greater than 1 when the text is embedded in a host file).
     */
    public static List<ReservedRegion> parse(CharSequence chars, String file, int firstLine, String group) throws InputException {
        // A String (a final class) so that charAt binds statically: the C1-only JIT the launcher uses inlines it then.
        String text = chars.toString();
        List<ReservedRegion> out = new ArrayList<>();
        int n = text.length();
        int pos = 0;
        int line = firstLine;
        int[] from = new int[3];
        int[] to = new int[3];
        while (pos < n) {
            int end = pos;
            while (end < n && text.charAt(end) != '\n') {
                end++;
            }
            int count = 0;
            int i = pos;
            while (i < end) {
                char c = text.charAt(i);
                if (c == ' ' || c == '\t' || c == '\r') {
                    i++;
                    continue;
                }
                if (c == '#') {
                    break;
                }
                int s = i;
                while (i < end) {
                    char d = text.charAt(i);
                    if (d == ' ' || d == '\t' || d == '\r' || d == '#') {
                        break;
                    }
                    i++;
                }
                if (count < 3) {
                    from[count] = s;
                    to[count] = i;
                }
                count++;
            }
            if (count != 0) {
                if (count != 3) {
                    throw new InputException(file, line, "expected '<first> <last> <type>' (as sysfs prints reserved_regions), found "
                            + count + " field" + (count == 1 ? "" : "s"));
                }
                long first = hex(text, from[0], to[0], file, line);
                long last = hex(text, from[1], to[1], file, line);
                if (U64.lt(last, first)) {
                    throw new InputException(file, line, "first address " + text.subSequence(from[0], to[0])
                            + " is above last address " + text.subSequence(from[1], to[1]));
                }
                RegionType type = type(text, from[2], to[2]);
                if (type == null) {
                    throw new InputException(file, line, "unknown region type '" + text.subSequence(from[2], to[2])
                            + "' (sysfs types: direct, direct-relaxable, reserved, msi)");
                }
                out.add(new ReservedRegion(new Range(first, last), type, group, null, new Source(file, line)));
            }
            pos = end + 1;
            line++;
        }
        return out;
    }

    private static RegionType type(String t, int from, int to) {
        for (RegionType r : SYSFS_TYPES) {
            String l = r.label();
            if (l.length() == to - from) {
                boolean eq = true;
                for (int k = 0; k < l.length() && eq; k++) {
                    eq = l.charAt(k) == t.charAt(from + k);
                }
                if (eq) {
                    return r;
                }
            }
        }
        return null;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static final RegionType[] SYSFS_TYPES = {RegionType.RESERVED, RegionType.MSI, RegionType.DIRECT, RegionType.DIRECT_RELAXABLE};

    private static long hex(String t, int from, int to, String file, int line) throws InputException {
        int len = to - from;
        if (len <= 2 || t.charAt(from) != '0' || (t.charAt(from + 1) != 'x' && t.charAt(from + 1) != 'X')) {
            throw new InputException(file, line, "'" + t.subSequence(from, to) + "' is not a 0x-prefixed hexadecimal address");
        }
        long v = 0;
        int digits = 0;
        for (int i = from + 2; i < to; i++) {
            int d = hexDigit(t.charAt(i));
            if (d < 0) {
                throw new InputException(file, line, "'" + t.subSequence(from, to) + "' is not a 0x-prefixed hexadecimal address");
            }
            if (digits > 0 || d != 0) {
                digits++;
            }
            if (digits > 16) {
                throw new InputException(file, line, "address " + t.subSequence(from, to) + " does not fit in 64 bits");
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
