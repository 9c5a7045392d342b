package org.iovacheck.format.config;

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
     * A size as QEMU 7.2 reads it ({@link QemuSize}): with {@code defaultUnit} 1 as qemu_strtosz (util/cutils.c) reads it (bytes
     * without a suffix), with 1 MiB by -m size's rule (softmmu/vl.c parse_memory_options; 0 means QEMU's default RAM). A refusal
     * names the value; a size of 2^63 bytes or more is out of iovacheck's range.
     */
    static long size(String s, long defaultUnit, String what, String file) throws InputException {
        if (defaultUnit != 1 && defaultUnit != 1L << 20) {
            throw new IllegalArgumentException("QEMU sizes are bytes, or -m's MiB");
        }
        java.math.BigInteger v;
        try {
            v = defaultUnit == 1 ? QemuSize.strtosz(s) : QemuSize.memSize(s);
        } catch (QemuSize.Refused r) {
            throw new InputException(file, 0, what + ": '" + s + "' " + r.getMessage());
        }
        if (v.bitLength() > 63) {
            throw new InputException(file, 0, what + ": '" + s + "' is out of range");
        }
        return v.longValueExact();
    }

    /**
     * An integer property as QEMU 7.2 reads it: qemu_strtou64 in base 0 (util/cutils.c; the option visitors and -m's slots call it
     * so), so 0x is hexadecimal and a leading 0 octal (measured: "-m slots=010" is 8 slots, "-cpu phys-bits=050" 40 bits,
     * "-device intel-iommu,aw-bits=060" 48 bits); {@code min..max} is the range iovacheck models.
     */
    static int integer(String s, String what, String file, int min, int max) throws InputException {
        long v = Xml.cUnsigned(s, 0);
        if (v < 0) {
            throw new InputException(file, 0, what + ": '" + s + "' is not a number");
        }
        if (v < min || v > max) {
            throw new InputException(file, 0, what + " " + s + " is outside " + min + ".." + max);
        }
        return (int) v;
    }

    static boolean bool(String v, String what, String file) throws InputException {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "yes", "true", "y" -> true;
            case "off", "no", "false", "n" -> false;
            default -> throw new InputException(file, 0, what + ": '" + v + "' is not on or off");
        };
    }
}
