package org.iovacheck.preset;

/** Sizes written as VMM command lines take them: 4G, 2144M, 64K, or plain bytes. */
public final class SizeText {
    private SizeText() {
    }

    public static String of(long bytes) {
        if (bytes != 0 && (bytes & ((1L << 40) - 1)) == 0) {
            return Long.toUnsignedString(bytes >>> 40) + "T";
        }
        if (bytes != 0 && (bytes & ((1L << 30) - 1)) == 0) {
            return Long.toUnsignedString(bytes >>> 30) + "G";
        }
        if (bytes != 0 && (bytes & ((1L << 20) - 1)) == 0) {
            return Long.toUnsignedString(bytes >>> 20) + "M";
        }
        if (bytes != 0 && (bytes & ((1L << 10) - 1)) == 0) {
            return Long.toUnsignedString(bytes >>> 10) + "K";
        }
        return Long.toUnsignedString(bytes);
    }

    /** Like {@link #of} but a byte count always carries the B suffix, for VMMs that read a bare number as MiB (QEMU -m, kvmtool -m). */
    public static String withUnit(long bytes) {
        String s = of(bytes);
        return Character.isDigit(s.charAt(s.length() - 1)) ? s + "B" : s;
    }
}
