package org.iovacheck.preset.firmware;

import java.util.ArrayList;
import java.util.List;

/**
 * Immutable; what QEMU's x86 machine (hw/i386/pc.c pc_memory_init) tells the guest firmware: the e820 RAM and reserved
 * entries ("etc/e820"), the end of the memory hot-plug area ("etc/reserved-memory-end", 0 when there is none), the vCPU vendor
 * and its CPUID phys-bits (after host-phys-bits-limit).
 */
public record X86Platform(long below4g, long aboveStart, long aboveSize, long reservedMemoryEnd, boolean amdHtReserved, boolean amd,
                          int physBits) {
    public static final long FOUR_GIB = 1L << 32;
    public static final long GIB = 1L << 30;
    /** AMD_HT_START and the 12 GiB up to 1 TiB QEMU adds to the e820 as reserved (pc_memory_init). */
    public static final long AMD_HT_START = 0xfd00000000L;
    public static final long AMD_HT_END_EXCL = 0x10000000000L;

    /** The e820 entries as [base, end) pairs: the HT reservation (when QEMU adds it), RAM below 4 GiB, RAM above. */
    public List<long[]> e820() {
        List<long[]> out = new ArrayList<>();
        if (amdHtReserved) {
            out.add(new long[] {AMD_HT_START, AMD_HT_END_EXCL});
        }
        if (below4g != 0) {
            out.add(new long[] {0, below4g});
        }
        if (aboveSize != 0) {
            out.add(new long[] {aboveStart, aboveStart + aboveSize});
        }
        return out;
    }

    /** The highest exclusive end of the RAM entries, at least 4 GiB (OVMF PlatformGetFirstNonAddressCB). */
    public long ramEnd() {
        long end = FOUR_GIB;
        if (aboveSize != 0 && Long.compareUnsigned(aboveStart + aboveSize, end) > 0) {
            end = aboveStart + aboveSize;
        }
        return end;
    }

    /**
     * Whether the firmware's CPUID phys-bits check accepts the value: OVMF PlatformAddressWidthFromCpuid and SeaBIOS
     * qemu_detect_phys_bits (src/fw/paravirt.c) both trust 41 and more, 36 or 39 on Intel, 40 on AMD (QEMU's old default
     * of 40 says nothing about the host).
     */
    public static boolean quirkValid(int physBits, boolean amd) {
        if (physBits >= 41) {
            return true;
        }
        return amd ? physBits == 40 : physBits == 36 || physBits == 39;
    }
}
