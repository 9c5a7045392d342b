package org.iovacheck.preset;

import static org.iovacheck.preset.Layouts.assertRefused;
import static org.iovacheck.preset.Layouts.assertRegion;
import static org.iovacheck.preset.Layouts.has;
import static org.iovacheck.preset.Layouts.layout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.junit.jupiter.api.Test;

/** The examples from the comment in QEMU's hw/i386/pc_piix.c, plus the pc-specific refusals. */
class QemuPcTest {
    private final QemuPc pc = new QemuPc();
    private static final long M = 1L << 20;
    private static final long G = 1L << 30;

    @Test
    void oldMachineSplitsAtThreeAndAHalfGibibytes() throws InputException {
        GuestLayout l = layout(pc, "ram=4G", "machine=1.7");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0xc0000L, 3584 * M - 1);
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 4 * G, 4 * G + 512 * M - 1);
    }

    @Test
    void currentMachineSplitsAtThreeGibibytes() throws InputException {
        GuestLayout l = layout(pc, "ram=4G", "vga=none");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0, 3072 * M - 1);
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 4 * G, 5 * G - 1);
        assertRegion(l, "pci-hole", GuestKind.BAR, 0xc0000000L, 0xfebfffffL);
        assertRegion(l, "pci-hole64", GuestKind.BAR, 5 * G, 7 * G - 1);
        assertFalse(has(l, "pcie-ecam"));
        assertEquals("-machine pc", l.vmmOptions().get(0));
    }

    @Test
    void maxRamBelow4gOfTwoGibibytes() throws InputException {
        GuestLayout l = layout(pc, "ram=4G", "max-ram-below-4g=2G");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0xc0000L, 2048 * M - 1);
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 4 * G, 6 * G - 1);
    }

    @Test
    void maxRamBelow4gOfFourGibibytesKeepsAllRamLow() throws InputException {
        GuestLayout l = layout(pc, "ram=3968M", "max-ram-below-4g=4G", "vga=none");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0, 3968 * M - 1);
        assertRegion(l, "pci-hole", GuestKind.BAR, 3968 * M, 0xfebfffffL);
        assertFalse(has(l, "ram-above-4g"));
    }

    @Test
    void lowRamOverTheIoapicIsRefused() {
        assertRefused(pc, "above the IOAPIC", "ram=4095M", "max-ram-below-4g=4G");
    }

    @Test
    void earlyMachinesHaveNoHotplugArea() {
        assertRefused(pc, "is not supported by: pc-i440fx-2.0", "ram=4G", "maxmem=8G", "machine=2.0");
    }

    @Test
    void machineTypeNames() throws InputException {
        assertEquals("-machine pc-i440fx-7.0", layout(pc, "machine=7.0").vmmOptions().get(0));
        assertEquals("-machine pc-i440fx-1.7", layout(pc, "machine=1.7").vmmOptions().get(0));
    }
}
