package org.iovacheck.preset;

import static org.iovacheck.preset.Layouts.assertRefused;
import static org.iovacheck.preset.Layouts.assertRegion;
import static org.iovacheck.preset.Layouts.has;
import static org.iovacheck.preset.Layouts.layout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.junit.jupiter.api.Test;

/**
 * The mismatches the QEMU conformance suite found (issue 15), pinned at worked examples read off QEMU 7.2's monitor
 * ({@code info mtree -f}) and SeaBIOS 1.16.2's placement, so they hold where QEMU is not installed.
 */
class QemuConformanceFixesTest {
    private static final long G = 1L << 30;

    @Test
    void withoutVgaQemuMapsRamUnderTheVgaWindow() throws InputException {
        GuestLayout l = layout(new QemuQ35(), "ram=4G", "vga=none");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0, 0x7fffffffL);
        assertFalse(has(l, "vga"));
        assertTrue(l.vmmOptions().contains("-vga none"));
        GuestLayout pc = layout(new QemuPc(), "ram=1G", "vga=none");
        assertRegion(pc, "ram-below-4g", GuestKind.RAM, 0, G - 1);
    }

    @Test
    void stdVgaVramIsRamWhereSeabiosPutsIt() throws InputException {
        // info mtree -f after SeaBIOS: vga.vram at 0xfd000000-0xfdffffff (ram)
        GuestLayout l = layout(new QemuPc(), "ram=3G");
        assertRegion(l, "vga-vram", GuestKind.RAM, 0xfd000000L, 0xfdffffffL);
        assertRegion(l, "vga", GuestKind.MMIO, 0xa0000L, 0xbffffL);
        assertTrue(l.vmmOptions().contains("-vga std"));
    }

    @Test
    void ivshmemSharedMemoryIsRamBelowOrAbove4g() throws InputException {
        // q35 -m 4G -vga std + 64M ivshmem: shm0 at 0xf8000000, vga.vram at 0xfc000000; 2G ivshmem: shm0 at 0x180000000
        GuestLayout both = layout(new QemuQ35(), "ram=4G", "ivshmem=64M");
        assertRegion(both, "ivshmem-shm", GuestKind.RAM, 0xf8000000L, 0xfbffffffL);
        assertRegion(both, "vga-vram", GuestKind.RAM, 0xfc000000L, 0xfcffffffL);
        GuestLayout high = layout(new QemuQ35(), "ram=4G", "vga=none", "ivshmem=2G");
        assertRegion(high, "ivshmem-shm", GuestKind.RAM, 6 * G, 8 * G - 1);
        assertRegion(high, "pci-hole64-above-ivshmem-shm", GuestKind.BAR, 8 * G, 38 * G - 1);
        assertTrue(high.vmmOptions().contains("-device ivshmem-plain,memdev=shm0"));
    }

    @Test
    void oldPcMachinesLoadA128KibBios() throws InputException {
        assertRegion(layout(new QemuPc(), "ram=1G", "machine=1.7"), "bios", GuestKind.ROM, 0xfffe0000L, 0xffffffffL);
        assertRegion(layout(new QemuPc(), "ram=1G", "machine=2.0"), "bios", GuestKind.ROM, 0xfffc0000L, 0xffffffffL);
    }

    @Test
    void q35TwoFourWithMaxmemStartsAndHasNo64BitWindow() throws InputException {
        GuestLayout l = layout(new QemuQ35(), "ram=4G", "slots=2", "maxmem=8G", "machine=2.4", "vga=none");
        assertRegion(l, "hotplug-memory", GuestKind.HOTPLUG, 6 * G, 12 * G - 1);
        assertFalse(has(l, "pci-hole64"));
        assertTrue(has(layout(new QemuQ35(), "ram=4G", "machine=2.12"), "pci-hole64"));
    }

    @Test
    void virtRefusesSlotsAsQemuDoes() {
        QemuVirt v = new QemuVirt();
        assertRefused(v, "slots specified but no max-size", "ram=4G", "slots=2");
        assertRefused(v, "memory slots were specified", "ram=4G", "slots=2", "maxmem=4G");
    }

    @Test
    void virtPrintsEveryKnobAndTheMachineVersion() throws InputException {
        GuestLayout l = layout(new QemuVirt(), "ram=4G", "machine=7.1", "highmem-ecam=off", "highmem-redists=off", "highmem-mmio=off",
                "highmem-mmio-size=1T");
        assertEquals("-machine virt-7.1,highmem-ecam=off,highmem-redists=off,highmem-mmio=off,highmem-mmio-size=1T", l.vmmOptions().get(0));
        assertFalse(has(l, "high-pcie-ecam"));
    }

    @Test
    void virtOnQemuSevenTwoHasNoCompactionAndNoHighmemKnobs() throws InputException {
        assertRefused(new QemuVirt(), "highmem-ecam' not found", "ram=4G", "qemu=7.2", "highmem-ecam=off");
        assertEquals("-machine virt", layout(new QemuVirt(), "ram=4G", "qemu=7.2").vmmOptions().get(0));
        assertRefused(new QemuVirt(), "has no machine virt-8.0", "qemu=7.2", "machine=8.0");
        // virt-2.12 and older: no high ECAM (no_highmem_ecam)
        assertFalse(has(layout(new QemuVirt(), "ram=4G", "machine=2.12"), "high-pcie-ecam"));
        assertTrue(has(layout(new QemuVirt(), "ram=4G", "machine=3.0"), "high-pcie-ecam"));
    }
}
