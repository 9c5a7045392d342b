package org.iovacheck.format.config;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.iovacheck.format.InputException;

/**
 * QEMU's option-list syntax (util/qemu-option.c): "a=b,c=d" where ",," stands for a literal comma and a leading element
 * without '=' is the implied key (machine type, CPU model, device driver); sizes as qemu_strtosz reads them.
 */
final class QemuOpts {
    private QemuOpts() {
    }

    /** Splits an option value into keys and values; the implied first key gets the given name. A repeated key is an error. */
    static Map<String, String> parse(String value, String impliedKey, String option, String file) throws InputException {
        Map<String, String> out = new LinkedHashMap<>();
        StringBuilder cur = new StringBuilder();
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',') {
                if (i + 1 < value.length() && value.charAt(i + 1) == ',') {
                    cur.append(',');
                    i++;
                    continue;
                }
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String k;
            String v;
            if (eq < 0) {
                if (i == 0 && impliedKey != null) {
                    k = impliedKey;
                    v = p;
                } else {
                    k = p;
                    v = "on";
                }
            } else {
                k = p.substring(0, eq);
                v = p.substring(eq + 1);
            }
            if (k.isEmpty()) {
                // QEMU: "Invalid parameter ''" (util/qemu-option.c)
                throw new InputException(file, 0, option + " " + value + ": a property without a name (" + p + ")");
            }
            if (out.put(k, v) != null) {
                throw new InputException(file, 0, option + " " + value + ": '" + k + "' given twice");
            }
        }
        return out;
    }

    /**
     * A size as qemu_strtosz reads it (util/cutils.c): a decimal number, possibly with a fraction, and an optional suffix B, K, M, G,
     * T, P or E (either case, powers of 1024); without a suffix the given default unit applies (MiB for -m size, bytes elsewhere).
     */
    static long size(String s, long defaultUnit, String what, String file) throws InputException {
        String t = s.trim();
        long unit = defaultUnit;
        boolean scaled = false;
        if (!t.isEmpty() && Character.isLetter(t.charAt(t.length() - 1))) {
            int idx = "BKMGTPE".indexOf(Character.toUpperCase(t.charAt(t.length() - 1)));
            if (idx < 0) {
                throw new InputException(file, 0, what + ": '" + s + "' has an unknown size suffix");
            }
            unit = 1L << (10 * idx);
            scaled = idx > 0;
            t = t.substring(0, t.length() - 1);
        }
        // decimal digits and an optional fraction only (QEMU 7.2 refuses "1e3" where BigDecimal would read 1000)
        if (!t.matches("[+-]?[0-9]+(\\.[0-9]+)?")) {
            throw new InputException(file, 0, what + ": '" + s + "' is not a size");
        }
        try {
            BigDecimal n = new BigDecimal(t);
            // a fraction needs a K..E suffix: QEMU reads a bare number (even -m's MiB) as bytes first and refuses a part of a byte
            if (!scaled && n.stripTrailingZeros().scale() > 0) {
                throw new InputException(file, 0, what + ": '" + s + "' is not a whole number of bytes (a fraction needs a K, M, G, T, P or E suffix)");
            }
            BigDecimal v = n.multiply(BigDecimal.valueOf(unit));
            if (v.signum() < 0 || v.toBigInteger().bitLength() > 63) {
                throw new InputException(file, 0, what + ": '" + s + "' is out of range");
            }
            return v.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InputException(file, 0, what + ": '" + s + "' is not a size");
        }
    }

    static boolean bool(String v, String what, String file) throws InputException {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "yes", "true", "y" -> true;
            case "off", "no", "false", "n" -> false;
            default -> throw new InputException(file, 0, what + ": '" + v + "' is not on or off");
        };
    }
}
