package org.iovacheck.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.junit.jupiter.api.Test;

/**
 * The emulated RAM-backed BARs of q35/pc under firmware=ovmf, where real OVMF 2022.11 (Debian 2022.11-6+deb12u2, QEMU 7.2
 * TCG, read with query-pci) put them; the releases from 202305 on follow edk2's source (82c1aa87f9). The conformance suite
 * (OvmfConformanceTest) boots several of these again.
 */
class OvmfEmulatedTest {
    static final long GIB = 1L << 30;
    static final long MIB = 1L << 20;

    private static GuestRegion named(GuestLayout l, String name) {
        return java.util.stream.Stream.concat(l.regions().stream(), l.bars().stream()).filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + l.regions() + " " + l.bars()));
    }

    @Test
    void ivshmemJoinsTheWindowAndVgaVramSitsAtTheApertureBase() throws Exception {
        // measured: vram 0xc0000000; ivshmem (slot 2) and an equal 64 MiB device BAR (slot 3) at base and base + 64 MiB
        GuestLayout l = Layouts.layout(new QemuQ35(), "ram=4G", "firmware=ovmf", "firmware-version=202211", "phys-bits=46", "ivshmem=64M",
                "devices=t1:bar0=4K/32,bar2=64M");
        assertEquals(new GuestRegion("vga-vram", GuestKind.RAM, Range.ofSize(0xc0000000L, 16 * MIB)), named(l, "vga-vram"));
        assertEquals(new GuestRegion("ivshmem.bar2", GuestKind.IVSHMEM, Range.ofSize(0x380000000000L, 64 * MIB)), named(l, "ivshmem.bar2"));
        assertEquals(Range.ofSize(0x380000000000L + 64 * MIB, 64 * MIB), named(l, "t1.bar2").range());
        assertTrue(l.regions().stream().noneMatch(r -> r.name().equals("ivshmem-shm")), "SeaBIOS's placement is not used under OVMF");
        assertTrue(l.mapped(false).contains(named(l, "vga-vram")) && l.mapped(false).contains(named(l, "ivshmem.bar2")));
        // measured: after OVMF's video driver set its mode, the flat view shows vga.vram at 0xa0000-0xaffff (RAM, so VFIO maps it);
        // the guest may select all of 0xa0000-0xbffff (GR06), so the whole legacy window is taken as mapped
        assertEquals(new GuestRegion("vga-lowmem", GuestKind.RAM, new Range(0xa0000L, 0xbffffL)), named(l, "vga-lowmem"));
        assertTrue(l.regions().stream().noneMatch(r -> r.name().equals("vga")));
        // pc with 4 GiB (3 GiB below 4 GiB): Uc32Base 0xc0000000; the classic window for Intel phys-bits 40
        GuestLayout pc = Layouts.layout(new QemuPc(), "ram=4G", "firmware=ovmf", "firmware-version=202211", "phys-bits=40", "ivshmem=1G");
        assertEquals(Range.ofSize(0xc0000000L, 16 * MIB), named(pc, "vga-vram").range());
        assertEquals(Range.ofSize(0x800000000L, GIB), named(pc, "ivshmem.bar2").range());
    }

    @Test
    void pcVramFollowsUc32Base() throws Exception {
        // measured: -m 1G -> 0x80000000 (4 GiB - 2 GiB); -m 2560M -> 0xc0000000 (4 GiB - 1 GiB)
        assertEquals(0x80000000L, named(Layouts.layout(new QemuPc(), "ram=1G", "firmware=ovmf", "firmware-version=202211"), "vga-vram").range().first());
        assertEquals(0xc0000000L, named(Layouts.layout(new QemuPc(), "ram=2560M", "firmware=ovmf", "firmware-version=202211"), "vga-vram").range().first());
    }

    @Test
    void q35FromEdk2Stable202305TheApertureStartsAtUc32Base() throws Exception {
        // Platform.c since 82c1aa87f9: [Uc32Base, 0xE0000000) on q35; with 1 GiB of RAM Uc32Base is 2 GiB, with 2560 MiB 3 GiB
        assertEquals(0x80000000L, named(Layouts.layout(new QemuQ35(), "ram=1G", "firmware=ovmf", "firmware-version=202308"), "vga-vram").range().first());
        assertEquals(0xc0000000L, named(Layouts.layout(new QemuQ35(), "ram=2560M", "firmware=ovmf", "firmware-version=202308"), "vga-vram").range().first());
        assertEquals(0xc0000000L, named(Layouts.layout(new QemuQ35(), "ram=1G", "firmware=ovmf", "firmware-version=202302"), "vga-vram").range().first());
    }

    @Test
    void largerBarsBelow4GiBComeBeforeTheVram() throws Exception {
        // measured: X-PciMmio64Mb=0 degrades the 64-bit BARs: a 256 MiB BAR at 0xc0000000, ivshmem 64 MiB at 0xd0000000, vram at 0xd4000000
        GuestLayout l = Layouts.layout(new QemuQ35(), "ram=4G", "firmware=ovmf", "firmware-version=202211", "phys-bits=40", "x-pci-mmio64-mb=0",
                "ivshmem=64M", "devices=t1:bar0=4K/32,bar2=256M");
        assertEquals(Range.ofSize(0xd4000000L, 16 * MIB), named(l, "vga-vram").range());
        // measured: a second VGA with 64 MiB of vram (a 32-bit BAR larger than 16 MiB) at 0xc0000000, the std VGA's vram after it
        GuestLayout big = Layouts.layout(new QemuQ35(), "ram=4G", "firmware=ovmf", "firmware-version=202211", "phys-bits=46",
                "devices=v2:bar0=64M/32,bar2=4K/32");
        assertEquals(Range.ofSize(0xc4000000L, 16 * MIB), named(big, "vga-vram").range());
        // measured on pc with 2 GiB (aperture from 0x80000000): 64 MiB and 32 MiB before it, vram at 0x86000000
        GuestLayout pc = Layouts.layout(new QemuPc(), "ram=2G", "firmware=ovmf", "firmware-version=202211", "phys-bits=39",
                "devices=v2:bar0=32M/32,bar2=4K/32;v3:bar0=64M/32,bar2=4K/32");
        assertEquals(Range.ofSize(0x86000000L, 16 * MIB), named(pc, "vga-vram").range());
        // the degraded ivshmem memory is covered by the 32-bit holes, as RAM-backed memory
        assertTrue(l.bars().stream().anyMatch(b -> b.name().contains("ivshmem.bar2") && b.kind() == GuestKind.IVSHMEM
                && b.range().contains(Range.ofSize(0xd0000000L, 64 * MIB))), l.bars().toString());
    }

    @Test
    void ovmf202211KeepsItsWindowOverTheAmdHtReservation() throws Exception {
        // measured: AMD phys-bits 40, two 64 GiB BARs at 0xe000000000 and 0xf000000000 (the second over 0xfd00000000-0xffffffffff)
        GuestLayout l = Layouts.layout(new QemuQ35(), "ram=4G", "firmware=ovmf", "firmware-version=202211", "amd=on", "phys-bits=40", "vga=none",
                "devices=t1:bar2=64G;t2:bar2=64G");
        assertEquals(Range.ofSize(0xe000000000L, 64 * GIB), named(l, "t1.bar2").range());
        assertEquals(Range.ofSize(0xf000000000L, 64 * GIB), named(l, "t2.bar2").range());
        assertEquals(List.of(new Range(0xe000000000L, 0xfcffffffffL)),
                l.regions().stream().filter(r -> r.name().equals("ovmf-pci64")).map(GuestRegion::range).toList());
        assertTrue(l.notes().stream().anyMatch(n -> n.contains("t2.bar2") && n.contains("HyperTransport")), l.notes().toString());
    }

    @Test
    void aDeviceNamedLikeThePresetsIvshmemIsRefused() {
        Layouts.assertRefused(new QemuQ35(), "ivshmem", "ram=4G", "firmware=ovmf", "ivshmem=64M", "devices=ivshmem:bar0=1G");
    }
}
