package org.iovacheck.preset;

import static org.iovacheck.preset.Layouts.assertRefused;
import static org.iovacheck.preset.Layouts.assertRegion;
import static org.iovacheck.preset.Layouts.has;
import static org.iovacheck.preset.Layouts.layout;
import static org.iovacheck.preset.Layouts.ramNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.junit.jupiter.api.Test;

/** Worked examples computed by hand from each VMM's layout constants, and the refusals each VMM makes. */
class OtherVmmPresetsTest {
    private static final long M = 1L << 20;
    private static final long G = 1L << 30;

    @Test
    void qemuVirtFourGibibytes() throws InputException {
        GuestLayout l = layout(new QemuVirt(), "ram=4G");
        assertRegion(l, "ram", GuestKind.RAM, 0x40000000L, 0x13fffffffL);
        assertRegion(l, "high-gic-redist2", GuestKind.MMIO, 0x4000000000L, 0x4003ffffffL);
        assertRegion(l, "high-pcie-ecam", GuestKind.MMIO, 0x4010000000L, 0x401fffffffL);
        assertRegion(l, "high-pcie-mmio", GuestKind.BAR, 0x8000000000L, 0xffffffffffL);
        assertEquals("-m 4G", l.vmmOptions().get(1));
    }

    @Test
    void crosvmAarch64() throws InputException {
        GuestLayout l = layout(new CrosvmAarch64(), "ram=4G");
        assertRegion(l, "ram", GuestKind.RAM, 0x80000000L, 0x17fffffffL);
        assertRegion(l, "high-mmio", GuestKind.BAR, 0x180000000L, 0xffffffffffL);
        assertRegion(l, "pci-cam", GuestKind.MMIO, 0x10000L, 0x100ffffL);
        assertEquals(List.of("--mem 4096"), l.vmmOptions());
        assertRegion(layout(new CrosvmAarch64()), "ram", GuestKind.RAM, 0x80000000L, 0x8fffffffL);
        assertRefused(new CrosvmAarch64(), "beyond the 32-bit IPA space", "ram=4G", "ipa-bits=32");
        assertRefused(new CrosvmAarch64(), "whole MiB", "ram=1000000");
    }

    @Test
    void crosvmX86() throws InputException {
        GuestLayout l = layout(new CrosvmX86(), "ram=4G");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0, 0xcfffffffL);
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 4 * G, 0x12fffffffL);
        assertRegion(l, "pci-mmio-low", GuestKind.BAR, 0xd0000000L, 0xf3ffffffL);
        assertRegion(l, "pcie-ecam", GuestKind.MMIO, 0xf4000000L, 0xf7ffffffL);
        assertRegion(l, "pcie-vcfg", GuestKind.MMIO, 0x130000000L, 0x137ffffffL);
        assertRegion(l, "high-mmio", GuestKind.BAR, 0x138000000L, (1L << 46) - 1);
        GuestLayout small = layout(new CrosvmX86(), "ram=1G");
        assertEquals(List.of("ram-below-4g"), ramNames(small));
        assertRegion(small, "pcie-vcfg", GuestKind.MMIO, 4 * G, 4 * G + 128 * M - 1);
    }

    @Test
    void cloudHypervisorX86() throws InputException {
        GuestLayout l = layout(new CloudHypervisorX86(), "ram=4G");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0, 0xbfffffffL);
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 4 * G, 5 * G - 1);
        assertRegion(l, "pci-mmio-32", GuestKind.BAR, 0xc0000000L, 0xe7ffffffL);
        assertRegion(l, "pci-mmconfig", GuestKind.MMIO, 0xe8000000L, 0xf7ffffffL);
        assertRegion(l, "pci-mmio-64", GuestKind.BAR, 5 * G, (1L << 46) - 1);
        assertEquals(List.of("--memory size=4G", "--cpus max_phys_bits=46"), l.vmmOptions());
        assertRegion(layout(new CloudHypervisorX86()), "ram-below-4g", GuestKind.RAM, 0, 512 * M - 1);
        assertRefused(new CloudHypervisorX86(), "above the 32-bit guest physical address space", "ram=8G", "max-phys-bits=32");
    }

    @Test
    void cloudHypervisorAarch64() throws InputException {
        GuestLayout l = layout(new CloudHypervisorAarch64(), "ram=4G");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0x40000000L, 0xfbffffffL);
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 4 * G, 0x143ffffffL);
        assertRegion(l, "reserved-32bit", GuestKind.MMIO, 0xfc000000L, 0xffffffffL);
        assertRegion(l, "pci-mmio-64", GuestKind.BAR, 0x200000000L, 0xffffffffffL);
        assertRegion(l, "uefi-flash", GuestKind.ROM, 0, 0x3fffffL);
        assertRefused(new CloudHypervisorAarch64(), "beyond the 40-bit IPA space", "ram=1T");
    }

    @Test
    void kvmtoolArm64() throws InputException {
        KvmtoolArm64 k = new KvmtoolArm64();
        assertRegion(layout(k), "ram", GuestKind.RAM, 0x80000000L, 0x8fffffffL);
        assertRegion(layout(k, "cpus=4"), "ram", GuestKind.RAM, 0x80000000L, 0x80000000L + 448 * M - 1);
        GuestLayout moved = layout(k, "ram=2G", "base=0x100000000");
        assertRegion(moved, "ram", GuestKind.RAM, 0x100000000L, 0x17fffffffL);
        assertEquals(List.of("-c 1", "-m 2G@4G"), moved.vmmOptions());
        assertEquals("-m 3000000B@2049M",
                layout(k, "ram=3000000", "base=0x80100000").vmmOptions().get(1));
        assertRefused(k, "RAM address is below the I/O region ending at 2GB", "base=0x40000000");
        assertRefused(k, "Memory too large for this system (needs 41 bits, 40 available)", "ram=1T");
        assertRegion(moved, "pci-mmio", GuestKind.BAR, 0x50000000L, 0x7fffffffL);
    }

    @Test
    void kvmtoolX86() throws InputException {
        GuestLayout l = layout(new KvmtoolX86(), "ram=4G");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0, 0xcfffffffL);
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 4 * G, 4 * G + 768 * M - 1);
        assertEquals(List.of("-c 1", "-m 4G"), l.vmmOptions());
    }

    @Test
    void xenArmFillsBankZeroThenBankOne() throws InputException {
        GuestLayout l = layout(new XenArm(), "ram=4G");
        assertRegion(l, "ram-bank0", GuestKind.RAM, 0x40000000L, 0xffffffffL);
        assertRegion(l, "ram-bank1", GuestKind.RAM, 0x200000000L, 0x23fffffffL);
        assertEquals(List.of("memory=4096"), l.vmmOptions());
        GuestLayout full = layout(new XenArm(), "ram=1019G");
        assertRegion(full, "ram-bank1", GuestKind.RAM, 0x200000000L, 0xffffffffffL);
        assertRefused(new XenArm(), "GUEST_RAM_MAX", "ram=1020G");
        assertRegion(layout(new XenArm()), "ram-bank0", GuestKind.RAM, 0x40000000L, 0x41ffffffL);
    }

    @Test
    void xenHvm() throws InputException {
        XenHvm x = new XenHvm();
        GuestLayout l = layout(x, "ram=4G");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0xc0000L, 0xefffffffL);
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 4 * G, 4 * G + 248 * M - 1);
        assertRegion(l, "pci-hole", GuestKind.BAR, 0xf0000000L, 0xfbffffffL);
        assertEquals(List.of("memory=4096"), l.vmmOptions());
        GuestLayout hole = layout(x, "ram=4G", "mmio-hole=1G");
        assertRegion(hole, "ram-below-4g", GuestKind.RAM, 0xc0000L, 0xbfffffffL);
        assertRegion(hole, "ram-above-4g", GuestKind.RAM, 4 * G, 4 * G + 1016 * M - 1);
        assertEquals(List.of("memory=4096", "mmio_hole=1024"), hole.vmmOptions());
        GuestLayout none = layout(x, "ram=1G", "vga=none");
        assertRegion(none, "ram-below-4g", GuestKind.RAM, 0xc0000L, G - 1);
        GuestLayout std = layout(x, "ram=1G", "vga=stdvga");
        assertRegion(std, "ram-below-4g", GuestKind.RAM, 0xc0000L, G - 16 * M - 1);
        assertRefused(x, "invalid value 128 for \"mmio_hole\"", "mmio-hole=128M");
        assertRefused(x, "videoram must be at least 8 MB for CIRRUS", "videoram=4M");
        assertRefused(x, "leaves no guest RAM", "ram=8M");
        assertRefused(x, "whole MiB", "ram=1000000");
    }

    @Test
    void firecrackerX86() throws InputException {
        GuestLayout l = layout(new FirecrackerX86(), "ram=300G");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0, 0xbfffffffL);
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 4 * G, 256 * G - 1);
        assertRegion(l, "ram-above-512g", GuestKind.RAM, 512 * G, 557 * G - 1);
        assertRegion(l, "pci-mmconfig", GuestKind.MMIO, 0xeec00000L, 0xfebfffffL);
        assertRegion(l, "mmio64", GuestKind.BAR, 256 * G, 512 * G - 1);
        assertEquals(List.of("machine-config mem_size_mib=307200"), l.vmmOptions());
        GuestLayout small = layout(new FirecrackerX86());
        assertEquals(List.of("ram-below-4g"), ramNames(small));
        assertRegion(small, "ram-below-4g", GuestKind.RAM, 0, 128 * M - 1);
    }

    @Test
    void firecrackerAarch64() throws InputException {
        GuestLayout l = layout(new FirecrackerAarch64(), "ram=300G");
        assertRegion(l, "ram", GuestKind.RAM, 2 * G, 256 * G - 1);
        assertRegion(l, "ram-above-512g", GuestKind.RAM, 512 * G, 558 * G - 1);
        assertRegion(l, "pci-mmconfig", GuestKind.MMIO, 0x70000000L, 0x7fffffffL);
        assertRefused(new FirecrackerAarch64(), "1022 GiB", "ram=1023G");
        assertTrue(has(layout(new FirecrackerAarch64(), "ram=1022G"), "ram-above-512g"));
        assertFalse(has(layout(new FirecrackerAarch64(), "ram=254G"), "ram-above-512g"));
    }
}
