package org.iovacheck.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.junit.jupiter.api.Test;

/** The firmware parameters of q35/pc as layouts: SeaBIOS layouts unchanged, firmware windows and BARs where the firmware puts them. */
class FirmwarePresetTest {
    static final long GIB = 1L << 30;

    @Test
    void withoutFirmwareTheLayoutIsWhatItWas() throws Exception {
        for (Preset p : List.of(new QemuQ35(), new QemuPc())) {
            GuestLayout plain = Layouts.layout(p, "ram=8G");
            GuestLayout none = Layouts.layout(p, "ram=8G", "firmware=none", "pdpe1gb=off", "la57=on", "guest-phys-bits=48");
            assertEquals(plain.regions(), none.regions());
            assertEquals(plain.vmmOptions(), none.vmmOptions());
            assertTrue(plain.vmmOptions().contains("-cpu qemu64,vendor=GenuineIntel,phys-bits=40"), plain.vmmOptions().toString());
            assertTrue(none.bars().isEmpty());
        }
    }

    @Test
    void seabiosLayoutsAreUnchangedAndItsBarsLieInQemusHole64() throws Exception {
        for (Preset p : List.of(new QemuQ35(), new QemuPc())) {
            GuestLayout plain = Layouts.layout(p, "ram=8G");
            for (String v : List.of("1.16.2", "1.17.0", "latest")) {
                GuestLayout sb = Layouts.layout(p, "ram=8G", "firmware=seabios", "firmware-version=" + v);
                assertEquals(plain.regions(), sb.regions(), p.name() + " seabios " + v + " without devices");
            }
            // once SeaBIOS has put 64-bit BARs above 4 GiB, QEMU reports a 64-bit window from the lowest of them, at least
            // pci-hole64-size long (hw/pci-host/q35.c q35_host_get_pci_hole64_start_value, _end; i440fx.c likewise): q35 -m 8G puts
            // the 16 GiB BAR at ALIGN(0x280000000, 16G) = 0x400000000, window to + 32 GiB; pc -m 8G (3 GiB below) puts 1 GiB at
            // 4G + 5G = 0x240000000, QEMU's own window start, so its window stays
            String bar = p instanceof QemuQ35 ? "16G" : "1G";
            long at = p instanceof QemuQ35 ? 0x400000000L : 0x240000000L;
            long hole = p instanceof QemuQ35 ? 32 * GIB : 2 * GIB;
            GuestLayout old = Layouts.layout(p, "ram=8G", "firmware=seabios", "firmware-version=1.16.2", "devices=gpu:bar0=16M,bar1=" + bar);
            assertEquals(plain.regions().stream().filter(r -> !r.name().equals("pci-hole64")).toList(),
                    old.regions().stream().filter(r -> !r.name().equals("pci-hole64")).toList(), p.name());
            GuestRegion hole64 = old.regions().stream().filter(r -> r.name().equals("pci-hole64")).findFirst().orElseThrow();
            assertEquals(Range.ofSize(at, hole), hole64.range(), p.name());
            GuestRegion bar1 = old.bars().stream().filter(b -> b.name().equals("gpu.bar1")).findFirst().orElseThrow();
            assertEquals(GuestKind.DEVICE_BAR, bar1.kind());
            assertEquals(Range.ofSize(at, Long.parseLong(bar.substring(0, bar.length() - 1)) * GIB), bar1.range(), p.name());
        }
    }

    @Test
    void ovmfAddsItsWindowAndPutsTheBarThere() throws Exception {
        GuestLayout l = Layouts.layout(new QemuQ35(), "ram=4G", "firmware=ovmf", "phys-bits=46", "devices=gpu:bar0=16M,bar1=16G;lg:ivshmem=64M");
        GuestRegion w = l.regions().stream().filter(r -> r.name().equals("ovmf-pci64")).findFirst().orElseThrow();
        assertEquals(new Range(0x380000000000L, 0x3fffffffffffL), w.range());
        assertEquals(GuestKind.BAR, w.kind());
        assertTrue(l.regions().stream().anyMatch(r -> r.name().equals("pci-hole64")), "QEMU's own hole stays where it does not meet the window");
        GuestRegion bar1 = l.bars().stream().filter(b -> b.name().equals("gpu.bar1")).findFirst().orElseThrow();
        GuestRegion shm = l.bars().stream().filter(b -> b.name().equals("lg.bar2")).findFirst().orElseThrow();
        assertEquals(Range.ofSize(0x380000000000L, 16 * GIB), bar1.range());
        assertEquals(Range.ofSize(0x380000000000L + 16 * GIB, 64L << 20), shm.range());
        assertEquals(GuestKind.IVSHMEM, shm.kind());
        // the ivshmem BAR is RAM-backed: mapped without --p2p too; the GPU's BAR only with --p2p, and then not the windows
        assertTrue(l.mapped(false).contains(shm) && !l.mapped(false).contains(bar1));
        assertTrue(l.mapped(true).contains(bar1));
        assertTrue(l.mapped(true).stream().noneMatch(r -> r.kind() == GuestKind.BAR));
        assertTrue(l.withoutBars().mapped(true).contains(w));
        assertTrue(l.vmmOptions().contains("-cpu qemu64,vendor=GenuineIntel,phys-bits=46,pdpe1gb=on"), l.vmmOptions().toString());
    }

    @Test
    void physBitsLimitIsWhatQemuAndOvmfSee() throws Exception {
        GuestLayout l = Layouts.layout(new QemuQ35(), "ram=4G", "firmware=ovmf", "phys-bits=46", "phys-bits-limit=39");
        assertTrue(l.vmmOptions().contains("-cpu host,host-phys-bits=on,host-phys-bits-limit=39"), l.vmmOptions().toString());
        assertTrue(l.regions().stream().anyMatch(r -> r.name().equals("ovmf-pci64") && r.range().equals(new Range(0x7000000000L, 0x7fffffffffL))));
        // QEMU's own check uses the limited phys-bits: 1100 GiB of RAM no longer fits 2^39
        Layouts.assertRefused(new QemuQ35(), "phys-bits too low", "ram=1100G", "phys-bits=46", "phys-bits-limit=39");
    }

    @Test
    void amdHtReservationMovesOvmfsWindow() throws Exception {
        GuestLayout l = Layouts.layout(new QemuQ35(), "ram=4G", "firmware=ovmf", "amd=on", "phys-bits=40");
        assertTrue(l.regions().stream().anyMatch(r -> r.name().equals("ovmf-pci64") && r.range().equals(new Range(0xc000000000L, 0xdfffffffffL))),
                l.regions().toString());
    }

    @Test
    void armVirtEdk2PutsBarsAtTheHighWindowsBase() throws Exception {
        // virt: high PCIe MMIO at 512 GiB (0x8000000000) with the default 40-bit IPA; edk2 places upward from its base
        GuestLayout l = Layouts.layout(new QemuVirt(), "ram=2G", "firmware=edk2", "devices=gpu:bar0=16M,bar1=16G,bar3=32M");
        GuestRegion bar1 = l.bars().stream().filter(b -> b.name().equals("gpu.bar1")).findFirst().orElseThrow();
        GuestRegion bar3 = l.bars().stream().filter(b -> b.name().equals("gpu.bar3")).findFirst().orElseThrow();
        assertEquals(Range.ofSize(0x8000000000L, 16 * GIB), bar1.range());
        assertEquals(Range.ofSize(0x8000000000L + 16 * GIB, 32L << 20), bar3.range());
        // a device with an option ROM: ArmVirtQemu degrades its 64-bit BARs below 4 GiB (PcdPciDegradeResourceForOptionRom)
        GuestLayout rom = Layouts.layout(new QemuVirt(), "ram=2G", "firmware=edk2", "devices=gpu:bar0=16M,bar1=16G,rom=on");
        assertTrue(rom.bars().stream().allMatch(b -> b.range().last() < (1L << 32)), rom.bars().toString());
        // a 39-bit IPA drops the high window (QEMU): everything below 4 GiB
        GuestLayout small = Layouts.layout(new QemuVirt(), "ram=2G", "ipa-bits=39", "firmware=edk2", "devices=gpu:bar1=1G");
        assertTrue(small.bars().stream().allMatch(b -> b.range().last() < (1L << 32)), small.bars().toString());
        Layouts.assertRefused(new QemuVirt(), "firmware=edk2", "ram=2G", "devices=gpu:bar1=1G");
    }
}
