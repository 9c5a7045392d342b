package org.iovacheck.preset;

import static org.iovacheck.preset.Layouts.assertRefused;
import static org.iovacheck.preset.Layouts.assertRegion;
import static org.iovacheck.preset.Layouts.has;
import static org.iovacheck.preset.Layouts.layout;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 3: the VMMs this machine cannot install (kvmtool, crosvm, cloud-hypervisor, Firecracker are not in Debian 12;
 * Xen needs its hypervisor) pinned at the RAM sizes where their layout changes. Every expected number is computed here from the
 * constant as the VMM's source writes it (file and constant named; versions in docs/presets.md), not from the preset's code.
 */
class OtherVmmBoundariesTest {
    private static final long M = 1L << 20;
    private static final long G = 1L << 30;
    private static final long FOUR_G = 1L << 32;

    private static String mib(long bytes) {
        return (bytes >>> 20) + "M";
    }

    @Test
    void crosvmX86SplitsAt4GMinusTheGap() throws InputException {
        // x86_64/src/lib.rs: MEM_32BIT_GAP_SIZE = 768 MiB; low RAM ends at 4 GiB - 768 MiB
        long gapStart = FOUR_G - 768 * M;
        GuestLayout at = layout(new CrosvmX86(), "ram=" + mib(gapStart));
        assertRegion(at, "ram-below-4g", GuestKind.RAM, 0, gapStart - 1);
        assertFalse(has(at, "ram-above-4g"));
        GuestLayout over = layout(new CrosvmX86(), "ram=" + mib(gapStart + M));
        assertRegion(over, "ram-above-4g", GuestKind.RAM, FOUR_G, FOUR_G + M - 1);
    }

    @Test
    void crosvmAarch64RamFromTwoGibToTheIpaLimit() throws InputException {
        // aarch64/src/lib.rs: AARCH64_PHYS_MEM_START = 0x80000000; KVM refuses a slot beyond 2^ipa-bits
        long base = 0x80000000L;
        long most = (1L << 40) - base;
        assertRegion(layout(new CrosvmAarch64(), "ram=" + mib(most)), "ram", GuestKind.RAM, base, (1L << 40) - 1);
        assertRefused(new CrosvmAarch64(), "beyond the 40", "ram=" + mib(most + M));
    }

    @Test
    void cloudHypervisorX86SplitsAtThe32BitReservedStart() throws InputException {
        // arch/src/x86_64/layout.rs: MEM_32BIT_RESERVED_START = 0xc000_0000, RAM_64BIT_START = 4 GiB
        long reserved = 0xc000_0000L;
        assertFalse(has(layout(new CloudHypervisorX86(), "ram=" + mib(reserved)), "ram-above-4g"));
        assertRegion(layout(new CloudHypervisorX86(), "ram=" + mib(reserved + M)), "ram-above-4g", GuestKind.RAM, FOUR_G, FOUR_G + M - 1);
        // max_phys_bits 46: RAM must end at or below 2^46
        long most = (1L << 46) - FOUR_G + reserved;
        layout(new CloudHypervisorX86(), "ram=" + mib(most));
        assertRefused(new CloudHypervisorX86(), "46", "ram=" + mib(most + M));
    }

    @Test
    void cloudHypervisorAarch64LowRamFromOneGibToTheReserved32BitArea() throws InputException {
        // arch/src/aarch64/layout.rs: RAM_START = 0x4000_0000, MEM_32BIT_RESERVED_START = 0xfc00_0000
        long low = 0xfc00_0000L - 0x4000_0000L;
        GuestLayout at = layout(new CloudHypervisorAarch64(), "ram=" + mib(low));
        assertRegion(at, "ram-below-4g", GuestKind.RAM, 0x4000_0000L, 0xfbff_ffffL);
        assertFalse(has(at, "ram-above-4g"));
        assertRegion(layout(new CloudHypervisorAarch64(), "ram=" + mib(low + M)), "ram-above-4g", GuestKind.RAM, FOUR_G, FOUR_G + M - 1);
    }

    @Test
    void kvmtoolArm64BaseAndIpa() throws InputException {
        // arm/include/arm-common/kvm-arch.h: ARM_MEMORY_AREA = 0x80000000 (2 GiB); kvm__arch_validate_cfg refuses RAM below it
        assertRegion(layout(new KvmtoolArm64(), "ram=1G"), "ram", GuestKind.RAM, 0x80000000L, 0x80000000L + G - 1);
        assertRefused(new KvmtoolArm64(), "below the I/O region", "ram=1G", "base=0x7fe00000");
        long most = (1L << 40) - 0x80000000L;
        layout(new KvmtoolArm64(), "ram=" + mib(most));
        assertRefused(new KvmtoolArm64(), "needs 41 bits", "ram=" + mib(most + M));
    }

    @Test
    void kvmtoolX86SplitsAtTheGap() throws InputException {
        // x86/kvm.c kvm__init_ram: KVM_32BIT_GAP_SIZE = 768 MiB, KVM_32BIT_GAP_START = 4 GiB - 768 MiB
        long gap = FOUR_G - 768 * M;
        assertFalse(has(layout(new KvmtoolX86(), "ram=" + mib(gap)), "ram-above-4g"));
        assertRegion(layout(new KvmtoolX86(), "ram=" + mib(gap + M)), "ram-above-4g", GuestKind.RAM, FOUR_G, FOUR_G + M - 1);
    }

    @Test
    void xenArmFillsBankZeroThenBankOne() throws InputException {
        // xen/include/public/arch-arm.h: GUEST_RAM0_BASE 0x40000000, GUEST_RAM0_SIZE 3 GiB, GUEST_RAM1_BASE 0x0200000000,
        // GUEST_RAM1_SIZE 1016 GiB
        GuestLayout full0 = layout(new XenArm(), "ram=3G");
        assertRegion(full0, "ram-bank0", GuestKind.RAM, 0x40000000L, 0x40000000L + 3 * G - 1);
        assertFalse(has(full0, "ram-bank1"));
        assertRegion(layout(new XenArm(), "ram=3073M"), "ram-bank1", GuestKind.RAM, 0x200000000L, 0x200000000L + M - 1);
        layout(new XenArm(), "ram=" + mib(3 * G + 1016 * G));
        assertRefused(new XenArm(), "GUEST_RAM_MAX", "ram=" + mib(3 * G + 1016 * G + M));
    }

    @Test
    void firecrackerX86ThreeBanks() throws InputException {
        // src/vmm/src/arch/x86_64/layout.rs: MMIO32_MEM_START = 4 GiB - 1 GiB, MMIO64_MEM_START 256 GiB, MMIO64_MEM_SIZE 256 GiB
        long low = FOUR_G - G;
        long mid = 256 * G - FOUR_G;
        assertFalse(has(layout(new FirecrackerX86(), "ram=" + mib(low)), "ram-above-4g"));
        GuestLayout full = layout(new FirecrackerX86(), "ram=" + mib(low + mid));
        assertRegion(full, "ram-above-4g", GuestKind.RAM, FOUR_G, 256 * G - 1);
        assertFalse(has(full, "ram-above-512g"));
        assertRegion(layout(new FirecrackerX86(), "ram=" + mib(low + mid + M)), "ram-above-512g", GuestKind.RAM, 512 * G, 512 * G + M - 1);
    }

    @Test
    void firecrackerAarch64FromTwoGibTo256GibThenFrom512Gib() throws InputException {
        // src/vmm/src/arch/aarch64/layout.rs: DRAM_MEM_START 0x8000_0000, MMIO64 256..512 GiB, DRAM_MEM_MAX_SIZE 0xff_8000_0000
        long first = 256 * G - 0x8000_0000L;
        GuestLayout full = layout(new FirecrackerAarch64(), "ram=" + mib(first));
        assertRegion(full, "ram", GuestKind.RAM, 0x8000_0000L, 256 * G - 1);
        assertRegion(layout(new FirecrackerAarch64(), "ram=" + mib(first + M)), "ram-above-512g", GuestKind.RAM, 512 * G, 512 * G + M - 1);
        layout(new FirecrackerAarch64(), "ram=" + mib(0xff_8000_0000L));
        assertRefused(new FirecrackerAarch64(), "1022 GiB", "ram=" + mib(0xff_8000_0000L + M));
    }
}
