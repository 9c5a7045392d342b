package org.iovacheck.format.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.iovacheck.format.InputException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Small helpers over a {@link LineDom} tree: children by name, attributes, text, and libvirt's scaled integers. */
final class Xml {
    private Xml() {
    }

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    static List<Element> children(Element e, String name) {
        return children(e).stream().filter(c -> c.getTagName().equals(name)).toList();
    }

    /** The only child of that name, null when absent; two of them is an error. */
    static Element child(Element e, String name, String file) throws InputException {
        List<Element> l = children(e, name);
        if (l.size() > 1) {
            throw new InputException(file, LineDom.line(l.get(1)), "<" + name + "> given twice inside <" + e.getTagName() + ">");
        }
        return l.isEmpty() ? null : l.get(0);
    }

    static String attr(Element e, String name) {
        return e.hasAttribute(name) ? e.getAttribute(name).trim() : null;
    }

    static String text(Element e) {
        return e.getTextContent().trim();
    }

    /**
     * A libvirt scaled integer (docs/formatdomain.rst, "Memory Allocation"): the element's text in the unit of its unit attribute,
     * default KiB; b/byte/bytes, KB/MB/GB/TB/PB/EB (powers of 1000), k/KiB, M/MiB, G/GiB, T/TiB, P/PiB, E/EiB (powers of 1024), any case
 * (libvirt virScaleInteger, src/util/virutil.c: "b", "byte" and "bytes" in any case scale by 1; a one-letter suffix or one ending
     * in "iB" by powers of 1024; two letters ending in "b" or "B" by powers of 1000; anything else is "unknown suffix").
     */
    static long scaled(Element e, String file) throws InputException {
        return scaled(text(e), attr(e, "unit"), file, LineDom.line(e), e.getTagName());
    }

    static long scaled(String number, String unit, String file, int line, String what) throws InputException {
        BigInteger v;
        try {
            v = new BigInteger(number.trim());
        } catch (NumberFormatException ex) {
            throw new InputException(file, line, "<" + what + ">: '" + number + "' is not a whole number");
        }
        String u = unit == null ? "KiB" : unit;
        BigInteger scale = switch (u.toLowerCase(Locale.ROOT)) {
            case "b", "byte", "bytes" -> BigInteger.ONE;
            case "k", "kib" -> BigInteger.ONE.shiftLeft(10);
            case "m", "mib" -> BigInteger.ONE.shiftLeft(20);
            case "g", "gib" -> BigInteger.ONE.shiftLeft(30);
            case "t", "tib" -> BigInteger.ONE.shiftLeft(40);
            case "p", "pib" -> BigInteger.ONE.shiftLeft(50);
            case "e", "eib" -> BigInteger.ONE.shiftLeft(60);
            case "kb" -> BigInteger.TEN.pow(3);
            case "mb" -> BigInteger.TEN.pow(6);
            case "gb" -> BigInteger.TEN.pow(9);
            case "tb" -> BigInteger.TEN.pow(12);
            case "pb" -> BigInteger.TEN.pow(15);
            case "eb" -> BigInteger.TEN.pow(18);
            default -> throw new InputException(file, line, "<" + what + ">: unknown unit '" + u + "' (libvirt takes b, KiB, MiB, GiB, TiB, KB, MB, GB, TB ...)");
        };
        BigInteger bytes = v.multiply(scale);
        if (bytes.signum() < 0 || bytes.bitLength() > 63) {
            throw new InputException(file, line, "<" + what + ">: " + number + " " + u + " does not fit in 63 bits");
        }
        return bytes.longValue();
    }

    /**
     * An unsigned number as C's strtoull reads it for libvirt's virStrToLong_uip (src/util/virstring.c, under virXMLPropUInt in
     * src/util/virxml.c) and QEMU's qemu_strtou64 (util/cutils.c): in {@code base} (0: "0x"/"0X" hexadecimal, a leading "0"
     * octal, else decimal; 10 or 16 as given) after leading white space and an optional '+'; refused (-1) when no digit is read,
     * anything follows the digits (trailing space too) or a '-' is read (libvirt refuses it; QEMU wraps it to a value above
     * every bound iovacheck checks). Values of 2^63 and more are returned as Long.MAX_VALUE. {@code raw} is not trimmed.
     */
    static long cUnsigned(String raw, int base) {
        int i = 0;
        int n = raw.length();
        while (i < n && isCSpace(raw.charAt(i))) {
            i++;
        }
        if (i < n && (raw.charAt(i) == '+' || raw.charAt(i) == '-')) {
            if (raw.charAt(i) == '-') {
                return -1; // virStrToLong_uip: memchr(s, '-', p - s) refuses any minus sign, "-0" too
            }
            i++;
        }
        int b = base;
        if (i < n && raw.charAt(i) == '0') {
            if ((b == 0 || b == 16) && i + 2 < n && (raw.charAt(i + 1) == 'x' || raw.charAt(i + 1) == 'X')
                    && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                i += 2;
                b = 16;
            } else if (b == 0) {
                b = 8; // "0x" with no hex digit after it reads as 0 with "x..." left over: trailing junk below
            }
        } else if (b == 0) {
            b = 10;
        }
        int start = i;
        long v = 0;
        for (; i < n && raw.charAt(i) < 128 && Character.digit(raw.charAt(i), b) >= 0; i++) {
            v = v > (Long.MAX_VALUE - 15) / b ? Long.MAX_VALUE : v * b + Character.digit(raw.charAt(i), b);
        }
        return i == start || i != n ? -1 : v;
    }

    /** isspace in the C locale (what strtoull, strtol and strtod skip first): space, \t, \n, \v, \f, \r. */
    static boolean isCSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /**
     * A whole-number attribute that libvirt reads in base 10 (virXMLPropUInt/virXMLPropInt with base 10; <maxphysaddr bits
     * limit> in src/conf/cpu_conf.c virCPUDefParseXML): no 0x, leading zeros are decimal, nothing may follow the digits.
     */
    static int decimalAttr(Element e, String name, String file, int line, String what, int min, int max) throws InputException {
        String raw = e.getAttribute(name);
        long v = cUnsigned(raw, 10);
        if (v < 0) {
            throw new InputException(file, line, what + ": '" + raw + "' is not a number (libvirt reads it in decimal)");
        }
        if (v < min || v > max) {
            throw new InputException(file, line, what + " " + raw + " is outside " + min + ".." + max);
        }
        return (int) v;
    }

    static int integer(String s, String file, int line, String what, int min, int max) throws InputException {
        try {
            long v = s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            if (v < min || v > max) {
                throw new InputException(file, line, what + " " + s + " is outside " + min + ".." + max);
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new InputException(file, line, what + ": '" + s + "' is not a number");
        }
    }
}
