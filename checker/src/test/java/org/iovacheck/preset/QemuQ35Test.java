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

class QemuQ35Test {
    private final QemuQ35 q35 = new QemuQ35();
    private static final long G = 1L << 30;

    @Test
    void fourGigabytesSplitTwoAndTwo() throws InputException {
        GuestLayout l = layout(q35, "ram=4G");
        assertRegion(l, "ram-below-vga", GuestKind.RAM, 0, 0x9ffffL);
        assertRegion(l, "vga", GuestKind.MMIO, 0xa0000L, 0xbffffL);
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0xc0000L, 0x7fffffffL);
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 0x100000000L, 0x17fffffffL);
        assertRegion(l, "pci-hole-below-ecam", GuestKind.BAR, 0x80000000L, 0xafffffffL);
        assertRegion(l, "pcie-ecam", GuestKind.MMIO, 0xb0000000L, 0xbfffffffL);
        assertRegion(l, "pci-hole", GuestKind.BAR, 0xc0000000L, 0xfcffffffL);
        assertRegion(l, "vga-vram", GuestKind.RAM, 0xfd000000L, 0xfdffffffL);
        assertRegion(l, "pci-hole-above-vga-vram", GuestKind.BAR, 0xfe000000L, 0xfebfffffL);
        assertRegion(l, "ioapic", GuestKind.MMIO, 0xfec00000L, 0xfec00fffL);
        assertRegion(l, "lapic-msi", GuestKind.MMIO, 0xfee00000L, 0xfeefffffL);
        assertRegion(l, "bios", GuestKind.ROM, 0xfffc0000L, 0xffffffffL);
        assertRegion(l, "pci-hole64", GuestKind.BAR, 6 * G, 38 * G - 1);
        assertEquals(List.of("-machine q35", "-m 4G", "-cpu qemu64,vendor=GenuineIntel,phys-bits=40", "-vga std"), l.vmmOptions());
    }

    @Test
    void twoGigabytesStayBelowFourGigabytes() throws InputException {
        GuestLayout l = layout(q35, "ram=2G");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0xc0000L, 0x7fffffffL);
        assertFalse(has(l, "ram-above-4g"));
        assertRegion(l, "pci-hole64", GuestKind.BAR, 4 * G, 36 * G - 1);
    }

    @Test
    void lowmemThresholdIsAt0xb0000000() throws InputException {
        GuestLayout at = layout(q35, "ram=0xb0000000");
        assertRegion(at, "ram-below-4g", GuestKind.RAM, 0xc0000L, 0x7fffffffL);
        assertRegion(at, "ram-above-4g", GuestKind.RAM, 4 * G, 4 * G + 0x30000000L - 1);
        GuestLayout below = layout(q35, "ram=0xafffe000");
        assertRegion(below, "ram-below-4g", GuestKind.RAM, 0xc0000L, 0xafffdfffL);
        assertFalse(has(below, "ram-above-4g"));
        assertRegion(below, "pci-hole-below-ecam", GuestKind.BAR, 0xafffe000L, 0xafffffffL);
    }

    @Test
    void maxRamBelow4gCapsLowRam() throws InputException {
        GuestLayout l = layout(q35, "ram=4G", "max-ram-below-4g=1G");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0xc0000L, G - 1);
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 4 * G, 7 * G - 1);
        assertEquals("-machine q35,max-ram-below-4g=1G", l.vmmOptions().get(0));
    }

    @Test
    void amdGuestWithMoreThanATerabyteMovesHighRamToOneTebibyteOnNewMachines() throws InputException {
        GuestLayout l = layout(q35, "ram=1100G", "amd=on", "machine=10.2", "phys-bits=48");
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 0x10000000000L, 0x10000000000L + 1098 * G - 1);
        assertRegion(l, "amd-ht-hole", GuestKind.MMIO, 0xfd00000000L, 0xffffffffffL);
        assertTrue(l.vmmOptions().contains("-cpu qemu64,vendor=AuthenticAMD,phys-bits=48"));
        assertEquals("-machine pc-q35-10.2", l.vmmOptions().get(0));
    }

    @Test
    void machineSevenZeroKeepsHighRamAtFourGibibytes() throws InputException {
        GuestLayout l = layout(q35, "ram=1100G", "amd=on", "machine=7.0", "phys-bits=48");
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 4 * G, 4 * G + 1098 * G - 1);
        assertFalse(has(l, "amd-ht-hole"));
    }

    @Test
    void intelGuestIsNeverRelocated() throws InputException {
        GuestLayout l = layout(q35, "ram=1100G", "machine=10.2", "phys-bits=48");
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 4 * G, 4 * G + 1098 * G - 1);
    }

    @Test
    void smallAmdGuestIsNotRelocatedButSeesTheHtHole() throws InputException {
        GuestLayout l = layout(q35, "ram=4G", "amd=on");
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 4 * G, 6 * G - 1);
        assertRegion(l, "amd-ht-hole", GuestKind.MMIO, 0xfd00000000L, 0xffffffffffL);
    }

    @Test
    void theSixtyFourBitHoleAloneCanTriggerTheRelocation() throws InputException {
        GuestLayout l = layout(q35, "ram=4G", "amd=on", "pci-hole64-size=1T", "phys-bits=42");
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 0x10000000000L, 0x10000000000L + 2 * G - 1);
        assertRegion(l, "pci-hole64", GuestKind.BAR, 0x10000000000L + 2 * G, 0x10000000000L + 2 * G + 1024 * G - 1);
        assertTrue(l.vmmOptions().contains("-global q35-pcihost.pci-hole64-size=1T"));
    }

    @Test
    void physBitsTooLowIsRefusedWithQemusMessage() {
        assertRefused(q35, "phys-bits too low (40)", "ram=1100G", "amd=on", "machine=10.2");
        assertRefused(q35, "Address space limit 0xffffffffff < 0x", "ram=1100G");
        assertRefused(q35, "phys-bits too low (41)", "ram=4G", "amd=on", "pci-hole64-size=1T", "phys-bits=41");
    }

    @Test
    void hotplugAreaFollowsHighRamAndPushesTheSixtyFourBitHole() throws InputException {
        GuestLayout l = layout(q35, "ram=4G", "maxmem=8G", "slots=2");
        assertRegion(l, "hotplug-memory", GuestKind.HOTPLUG, 6 * G, 12 * G - 1);
        assertRegion(l, "pci-hole64", GuestKind.BAR, 12 * G, 44 * G - 1);
        assertEquals("-m 4G,slots=2,maxmem=8G", l.vmmOptions().get(1));
    }

    @Test
    void qemuRefusals() {
        assertRefused(q35, "must be at least the initial memory size", "ram=4G", "maxmem=2G");
        assertRefused(q35, "slots specified but no max-size", "ram=4G", "slots=2");
        assertRefused(q35, "memory slots were specified", "ram=4G", "slots=2", "maxmem=4G");
        assertRefused(q35, "unsupported amount of memory slots: 300", "ram=4G", "maxmem=8G", "slots=300");
        assertRefused(q35, "expects size less than or equal to 4G", "max-ram-below-4g=5G");
        assertRefused(q35, "could not load PC BIOS", "bios-size=100K");
        assertRefused(q35, "aligned to multiple of 4096", "ram=4G", "maxmem=0x200000800");
        assertRefused(q35, "not a machine version", "machine=seven");
        assertRefused(q35, "has no parameter 'highmem'", "highmem=on");
    }

    @Test
    void ramIsRoundedUpToEightKibibytes() throws InputException {
        GuestLayout l = layout(q35, "ram=1000000");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0xc0000L, 0xf5fffL);
        assertRegion(l, "pci-hole-below-ecam", GuestKind.BAR, 0x100000L, 0xafffffffL);
        assertTrue(l.notes().stream().anyMatch(n -> n.contains("rounds -m up")));
        assertEquals("-m 1000000B", l.vmmOptions().get(1));
    }

    @Test
    void lowRamEndingInsideTheVgaWindowIsNotModelled() {
        assertRefused(q35, "VGA window", "ram=700K");
    }

    @Test
    void tinyRamSitsBelowTheVgaWindow() throws InputException {
        GuestLayout l = layout(q35, "ram=512K");
        assertEquals(List.of("ram-below-vga", "vga-vram"), ramNames(l));
        assertRegion(l, "ram-below-vga", GuestKind.RAM, 0, 0x7ffffL);
    }
}
