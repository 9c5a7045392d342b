package org.iovacheck.format.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Sizes as QEMU 7.2 reads them. Every expected value here was measured on the real qemu-system-x86_64 7.2 (Debian
 * 1:7.2+dfsg-7+deb12u18) on 2026-12-01: -object memory-backend-ram,id=m,size=V with "info memdev" (qemu_strtosz), -global
 * q35-pcihost.pci-hole64-size=V with "info qtree", and -machine q35 -m V with "info memory_size_summary" (-m's rule; QEMU
 * then rounds RAM up to 8 KiB, which the q35/pc preset does, so the -m figures below are before that rounding and the
 * measured sizes are given next to them).
 */
class QemuSizeTest {
    private static long sz(String s) throws QemuSize.Refused {
        return QemuSize.strtosz(s).longValueExact();
    }

    private static String refused(String s) {
        return assertThrows(QemuSize.Refused.class, () -> QemuSize.strtosz(s), s).getMessage();
    }

    @Test
    void fractionsRoundToTheNearestByteAHalfUp() throws QemuSize.Refused {
        assertEquals(1024, sz("1.0000001K"), "was 1025 when a fraction of a byte rounded up");
        assertEquals(1536, sz("1.5K"));
        assertEquals(1536, sz("1.4999K"), "1535.8976 rounds to 1536");
        assertEquals(1025, sz("1.0005K"));
        assertEquals(1025, sz("1.00048828125K"), "exactly half a byte rounds up");
        assertEquals(1024, sz("1.000488281K"), "just under half a byte rounds down");
        assertEquals(1073741931L, sz("1.0000001G"), "-global q35-pcihost.pci-hole64-size=1.0000001G is 1073741931");
        assertEquals(1536, sz("1.5k"));
        assertEquals(2621440, sz("2.5M"));
        assertEquals(1024, sz("1.9999999999999999999K"), "strtod rounds the fraction to 1.0, which x86-64 converts to a 0 fraction");
        assertEquals(1024, sz("1." + "0".repeat(50) + "1K"), "a fraction below 2^-64 is 0");
        assertEquals(1, sz("1." + "0".repeat(400) + "1K"), "strtod underflows and QEMU skips the suffix unread");
    }

    @Test
    void theOtherFormsQemuTakes() throws QemuSize.Refused {
        assertEquals(1024, sz("1.K"), "no digit after the '.': the '.' is skipped");
        assertEquals(1, sz("1."));
        assertEquals(1, sz("1.0"), "a zero fraction needs no suffix");
        assertEquals(1, sz("1.0B"));
        assertEquals(1, sz("1.00000000000000000001"), "a fraction too small for 64 bits is 0");
        assertEquals(16384, sz("0x10K"), "hexadecimal with a suffix (QEMU 7.2 warns it is deprecated)");
        assertEquals(1024, sz("0x400"));
        assertEquals(267, sz("0x10B"), "B is a hex digit");
        assertEquals(30, sz("0x1E"), "E is a hex digit");
        assertEquals(18, sz("018"), "decimal, not octal");
        assertEquals(1024, sz("+1K"));
        assertEquals(1024, sz(" 1K"), "leading white space is skipped");
        assertEquals(0, sz("0.0001K"), "0.1024 bytes round to 0 (the RAM backend then refuses size 0)");
    }

    @Test
    void whatQemuRefuses() {
        assertEquals("is not a whole number of bytes (a fraction needs a K, M, G, T, P or E suffix)", refused("1.5"));
        assertEquals("is not a whole number of bytes (a fraction needs a K, M, G, T, P or E suffix)", refused("0.5B"));
        assertEquals("is not a size (QEMU refuses an exponent)", refused("1.5e0K"));
        assertEquals("is not a size", refused("1e3K"));
        assertEquals("is not a size (QEMU refuses a minus sign)", refused("-0"));
        assertEquals("is not a size (QEMU refuses a fraction of a hexadecimal number)", refused("0x1.8K"));
        assertEquals("is out of range", refused("18446744073709551616"));
        assertEquals("is out of range", refused("16E"));
        assertEquals("is not a size", refused("2G "), "nothing may follow the suffix");
        assertEquals("is not a size", refused("00x10"));
        assertEquals("is not a size", refused("0x"));
        assertEquals("has an unknown size suffix", refused("2X"));
        assertEquals("is not a size", refused(""));
    }

    @Test
    void minusMReadsBytesFirstThenLegacyMiB() throws QemuSize.Refused {
        assertEquals(1610612736L, QemuSize.memSize("1.5G").longValueExact());
        assertEquals(1048576, QemuSize.memSize("1.0").longValueExact());
        assertEquals(16L << 20, QemuSize.memSize("0x10").longValueExact(), "read again as 0x10M");
        assertEquals(16L << 20, QemuSize.memSize("0x10M").longValueExact());
        assertEquals(1048576, QemuSize.memSize("1.0000001M").longValueExact());
        assertEquals(1L << 30, QemuSize.memSize("1.9999999999999999999G").longValueExact());
        assertEquals(1073741825L, QemuSize.memSize("1.000000001G").longValueExact(), "measured 1073750016 after the 8 KiB rounding");
        assertEquals(102912, QemuSize.memSize("100.5K").longValueExact(), "measured 106496 after the 8 KiB rounding");
        assertEquals(1024, QemuSize.memSize("1.K").longValueExact(), "measured 8192 after the 8 KiB rounding");
        assertEquals(30, QemuSize.memSize("0x1E").longValueExact(), "ends in a letter: bytes; measured 8192 after rounding");
        assertEquals(10L << 20, QemuSize.memSize("10").longValueExact());
        assertEquals(2L << 30, QemuSize.memSize(" 2G").longValueExact());
        for (String zero : new String[] {"0", "0.0", "0K", "0.0001K"}) {
            assertEquals(BigInteger.ZERO, QemuSize.memSize(zero), zero + ": QEMU's default RAM (measured 134217728)");
        }
        assertThrows(QemuSize.Refused.class, () -> QemuSize.memSize("1.5"), "a fraction of a byte in the first reading");
        assertThrows(QemuSize.Refused.class, () -> QemuSize.memSize("1.0000001"));
        assertThrows(QemuSize.Refused.class, () -> QemuSize.memSize("2G "));
    }

    /** Measured on QEMU 7.2 as above (-object memory-backend-ram,id=m0,size=V, "info memdev"), 2026-12-01. */
    @Test
    void whiteSpaceAndExponentsAsQemuReadsThem() throws QemuSize.Refused {
        for (String ws : new String[] {" ", "\t", "\n", "\u000b", "\f", "\r"}) {
            assertEquals(1024, sz(ws + "1K"), "C isspace before the number is skipped: " + (int) ws.charAt(0));
        }
        for (String other : new String[] {"\b", "\u000e", "\u001f"}) {
            refused(other + "1K");
        }
        // strtod would read an exponent, which QEMU refuses; an 'e' without a digit after it is the E (exbibyte) suffix
        for (String exp : new String[] {"1.5e3K", "1.5E+3K", "1.5e-1K", "1.5E1"}) {
            assertEquals("is not a size (QEMU refuses an exponent)", refused(exp), exp);
        }
        for (String notExp : new String[] {"1.5e+", "1.5e+K", "1.5+3K", "1.5-3K"}) {
            assertEquals("is not a size", refused(notExp), notExp + ": no exponent (no e, or no digit after its sign); the rest is left over");
        }
        assertEquals("has an unknown size suffix", refused("1.5eK"), "E is the suffix and K is left over");
        assertEquals(3L << 59, sz("1.5e"), "1.5 EiB (QEMU then fails to allocate it, after reading the size)");
        assertEquals(3L << 59, sz("1.5E"));
        assertEquals(1L << 60, sz("1.0e"));
    }

    /** Measured on QEMU 7.2 as above, 2026-12-01. */
    @Test
    void hexadecimalAfterWhiteSpaceOrASignAndASubnormalFraction() throws QemuSize.Refused {
        assertEquals(16, sz(" 0x10"), "strtoull skips the space and reads 0x");
        assertEquals(16, sz("+0x10"));
        refused("1x10");
        refused("00x10");
        refused("1.e3K");
        // a fraction below the smallest normal double (about 2.2e-308) but above 0: glibc's strtod reports ERANGE, as for 0
        assertEquals(1, sz("1." + "0".repeat(310) + "1K"), "the suffix is skipped unread");
    }
}
