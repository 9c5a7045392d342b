package org.iovacheck.format;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.iovacheck.model.RegionTable;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * Reads the text of a sysfs {@code reserved_regions} file: lines "0x%016llx 0x%016llx TYPE", ends inclusive,
 * TYPE one of direct, direct-relaxable, reserved, msi. Blank lines and '#' comments are skipped. Linear time, no regex, read
 * from the bytes into a {@link RegionTable} (a region costs about 25 bytes, its source line an int).
 */
public final class SysfsParser {
    private SysfsParser() {
    }

    /**
     * Parses {@code text}; {@code firstLine} is the 1-based line number of its first line in {@code file}
     * (greater than 1 when the text is embedded in a host file).
     */
    public static List<ReservedRegion> parse(CharSequence chars, String file, int firstLine, String group) throws InputException {
        byte[] b = chars.toString().getBytes(StandardCharsets.UTF_8);
        return parse(b, b.length, file, firstLine, group);
    }

    /**
     * Parses the UTF-8 text {@code bytes[0, n)} (checked by {@link TextFiles#checkText}) straight from its bytes into a
     * {@link RegionTable}: no String per line or per region, one row of primitive columns per region.
     */
    public static RegionTable parse(byte[] text, int n, String file, int firstLine, String group) throws InputException {
        // A line as sysfs prints it takes 43 bytes or more ("0x%016llx 0x%016llx msi"): no counting pass; the builder grows
        // for shorter lines.
        RegionTable.Builder out = new RegionTable.Builder(n / 40 + 16);
        int origin = out.origin(group, null, file);
        int pos = 0;
        int line = firstLine;
        int[] from = new int[3];
        int[] to = new int[3];
        while (pos < n) {
            int end = canonical(text, pos, n, out, origin, line);
            if (end >= 0) {
                pos = end + 1;
                line++;
                continue;
            }
            end = pos;
            while (end < n && text[end] != '\n') {
                end++;
            }
            int count = 0;
            int i = pos;
            while (i < end) {
                byte c = text[i];
                if (c == ' ' || c == '\t' || c == '\r') {
                    i++;
                    continue;
                }
                if (c == '#') {
                    break;
                }
                int s = i;
                while (i < end) {
                    byte d = text[i];
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
                    throw new InputException(file, line, "first address " + token(text, from[0], to[0])
                            + " is above last address " + token(text, from[1], to[1]));
                }
                RegionType type = type(text, from[2], to[2]);
                if (type == null) {
                    throw new InputException(file, line, "unknown region type '" + token(text, from[2], to[2])
                            + "' (sysfs types: direct, direct-relaxable, reserved, msi)");
                }
                out.add(first, last, type, origin, line);
            }
            pos = end + 1;
            line++;
        }
        return out.build();
    }

    /**
     * The fast path for a line exactly as the kernel prints it: "0x" and 1 to 16 hex digits, one space, the same, one space,
     * a type, then a line feed or the end. Adds the region and returns the index of the line's end; returns -1 (adding
     * nothing) for any other line, which the general reader then reads or refuses with its message. Every line this
     * accepts the general reader reads the same way.
     */
    private static int canonical(byte[] t, int pos, int n, RegionTable.Builder out, int origin, int line) {
        int p = pos;
        long first = 0;
        long last = 0;
        for (int field = 0; field < 2; field++) {
            if (p + 2 >= n || t[p] != '0' || (t[p + 1] != 'x' && t[p + 1] != 'X')) {
                return -1;
            }
            p += 2;
            long v = 0;
            int s = p;
            int d;
            while (p < n && (d = HEX[t[p] & 0xff]) >= 0) {
                v = (v << 4) | d;
                p++;
            }
            if (p == s || p - s > 16 || p >= n || t[p] != ' ') {
                return -1;
            }
            p++;
            if (field == 0) {
                first = v;
            } else {
                last = v;
            }
        }
        int s = p;
        while (p < n && t[p] != '\n') {
            p++;
        }
        // the type is compared byte for byte with the sysfs labels: anything else (CR, a comment, a stray byte) is no type here
        RegionType type = type(t, s, p);
        if (type == null || U64.lt(last, first)) {
            return -1;
        }
        out.add(first, last, type, origin, line);
        return p;
    }

    private static final byte[] HEX = new byte[256];

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int c = 0; c < 256; c++) {
            if (c < 128) {
                HEX[c] = (byte) hexDigit((byte) c);
            }
        }
    }

    /** A field as the user wrote it, for a message. */
    private static String token(byte[] t, int from, int to) {
        return new String(t, from, to - from, StandardCharsets.UTF_8);
    }

    private static RegionType type(byte[] t, int from, int to) {
        for (RegionType r : SYSFS_TYPES) {
            String l = r.label();
            if (l.length() == to - from) {
                boolean eq = true;
                for (int k = 0; k < l.length() && eq; k++) {
                    eq = l.charAt(k) == t[from + k];
                }
                if (eq) {
                    return r;
                }
            }
        }
        return null;
    }

    private static int hexDigit(byte c) {
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

    private static long hex(byte[] t, int from, int to, String file, int line) throws InputException {
        int len = to - from;
        if (len <= 2 || t[from] != '0' || (t[from + 1] != 'x' && t[from + 1] != 'X')) {
            throw new InputException(file, line, "'" + token(t, from, to) + "' is not a 0x-prefixed hexadecimal address");
        }
        long v = 0;
        int digits = 0;
        for (int i = from + 2; i < to; i++) {
            int d = hexDigit(t[i]);
            if (d < 0) {
                throw new InputException(file, line, "'" + token(t, from, to) + "' is not a 0x-prefixed hexadecimal address");
            }
            if (digits > 0 || d != 0) {
                digits++;
            }
            if (digits > 16) {
                throw new InputException(file, line, "address " + token(t, from, to) + " does not fit in 64 bits");
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
