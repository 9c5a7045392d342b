package org.iovacheck.preset.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Range;
import org.junit.jupiter.api.Test;

/**
 * SeaBIOS places the BARs of all devices as one set (src/fw/pciinit.c at rel-1.16.2, rel-1.16.3 and rel-1.17.0:
 * pci_bios_check_devices, pci_region_create_entry, pci_bios_init_root_regions_mem, pci_bios_map_devices,
 * pci_region_map_entries). Every expected address is worked by hand from those functions; the comments show the steps.
 */
class SeaBiosAllDevicesTest {
    static final long KIB = 1L << 10;
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;

    /** -m RAM on q35 (2 GiB below 4 GiB once RAM reaches 0xb0000000) with an Intel vCPU of phys-bits 40 (not trusted). */
    static X86Platform q35(long ram) {
        long below = ram >= 0xb0000000L ? 0x80000000L : ram;
        return new X86Platform(below, 1L << 32, ram - below, 0, false, false, 40);
    }

    /** The std VGA, ivshmem-plain of {@code shm} bytes (0: none), then the --device BARs, then q35's AHCI ABAR. */
    static List<SeaBios.Bar> guest(boolean vga, long shm, List<BarSpec> devices, boolean q35) {
        List<SeaBios.Bar> all = new ArrayList<>();
        if (vga) {
            all.add(new SeaBios.Bar("vga-vram", 16 * MIB, false, true, null));
            all.add(new SeaBios.Bar("vga-mmio", 4 * KIB, false, false, null));
            all.add(new SeaBios.Bar("vga-rom", 64 * KIB, false, false, null));
        }
        if (shm != 0) {
            all.add(new SeaBios.Bar("ivshmem-mmio", 256, false, false, null));
            all.add(new SeaBios.Bar("ivshmem-shm", shm, true, true, null));
        }
        devices.forEach(d -> all.add(SeaBios.Bar.of(d)));
        if (q35) {
            all.add(new SeaBios.Bar("ahci", 4 * KIB, false, false, null));
        }
        return all;
    }

    static BarSpec bar(String dev, int index, long size) {
        return new BarSpec(dev, false, index, size, BarSpec.Width.BITS64);
    }

    static Range at(SeaBios.Result r, String name) {
        return r.placed().stream().filter(p -> p.bar().name().equals(name)).findFirst().orElseThrow().range();
    }

    @Test
    void theGpuComesBeforeIvshmemInTheSixtyFourBitRegion() throws Exception {
        // q35 -m 8G, 1.16.2: VGA, ivshmem 1 GiB, gpu bar0 16 GiB + bar2 32 MiB. MEM: rom 64K, vga-mmio, ivshmem-mmio (256 ->
        // 4K), ahci: 0x13000 bytes. PREFMEM holds 17 GiB: no fit below 4 GiB, so every 64-bit entry migrates. Left: MEM (align
        // 64K) and PREFMEM = vram (align 16M); MEM's alignment is smaller, so MEM ends the window: ALIGN_DOWN(0xfec00000 - 0x13000,
        // 64K) = 0xfebe0000, PREFMEM below: ALIGN_DOWN(0xfebe0000 - 16M, 16M) = 0xfd000000.
        // 64-bit: base = 4G + 6G = 0x280000000 (r64_mem empty: align 1, then 1G); r64_pref ALIGN(0x280000000, 16G) = 0x400000000,
        // entries by decreasing size: gpu.bar0, ivshmem-shm, gpu.bar2.
        SeaBios.Result r = SeaBios.place(q35(8 * GIB), true, SeaBios.V1_16_2,
                guest(true, GIB, List.of(bar("gpu", 0, 16 * GIB), bar("gpu", 2, 32 * MIB)), true));
        assertEquals(Range.ofSize(0xfd000000L, 16 * MIB), at(r, "vga-vram"));
        assertEquals(Range.ofSize(0xfebe0000L, 64 * KIB), at(r, "vga-rom"));
        assertEquals(Range.ofSize(0x400000000L, 16 * GIB), at(r, "gpu.bar0"));
        assertEquals(Range.ofSize(0x800000000L, GIB), at(r, "ivshmem-shm"));
        assertEquals(Range.ofSize(0x840000000L, 32 * MIB), at(r, "gpu.bar2"));
        // pcimem64_end = ALIGN(0x842000000, 1G)
        assertEquals(new Range(0x280000000L, 0x87fffffffL), r.window());
    }

    @Test
    void aSmallDeviceBarFollowsTheOthersAboveFourGib() throws Exception {
        // q35 -m 4G, 1.16.2: ivshmem 1 GiB + a 16 MiB 64-bit BAR need 1040 MiB of PREFMEM, the window 0xc0000000-0xfec00000 has
        // 1004 MiB: both migrate. base 4G + 2G = 0x180000000 (1G-aligned), ivshmem first, the 16 MiB BAR after it.
        SeaBios.Result r = SeaBios.place(q35(4 * GIB), true, SeaBios.V1_16_2, guest(false, GIB, List.of(bar("vf", 2, 16 * MIB)), true));
        assertEquals(Range.ofSize(0x180000000L, GIB), at(r, "ivshmem-shm"));
        assertEquals(Range.ofSize(0x1c0000000L, 16 * MIB), at(r, "vf.bar2"));
        // alone it fits: MEM (ahci, align 4K) ends the window at 0xfebff000, PREFMEM at ALIGN_DOWN(0xfebff000 - 16M, 16M)
        SeaBios.Result alone = SeaBios.place(q35(4 * GIB), true, SeaBios.V1_16_2, guest(false, 0, List.of(bar("vf", 2, 16 * MIB)), true));
        assertEquals(Range.ofSize(0xfd000000L, 16 * MIB), at(alone, "vf.bar2"));
        assertNull(alone.window());
    }

    @Test
    void theQ35WindowStartsAboveMmconfig() throws Exception {
        // q35 -m 2G, 1.16.2: a 1 GiB BAR would need ALIGN_DOWN(0xfebff000 - 1G, 1G) = 0x80000000 < pcimem_start 0xc0000000
        // (mch_mem_addr_setup: 0xb0000000 + 256 MiB), so it migrates: base = 4G (RamSizeOver4G 0), 0x100000000.
        SeaBios.Result r = SeaBios.place(q35(2 * GIB), true, SeaBios.V1_16_2, guest(false, 0, List.of(bar("vf", 2, GIB)), true));
        assertEquals(Range.ofSize(0x100000000L, GIB), at(r, "vf.bar2"));
        // on pc with -m 1G, i440fx_mem_addr_setup starts the window at 0x80000000: ALIGN_DOWN(0xfec00000 - 1G, 1G) = 0x80000000 fits
        X86Platform pc = new X86Platform(GIB, 1L << 32, 0, 0, false, false, 40);
        SeaBios.Result low = SeaBios.place(pc, false, SeaBios.V1_16_2, guest(false, 0, List.of(bar("vf", 2, GIB)), false));
        assertEquals(Range.ofSize(0x80000000L, GIB), at(low, "vf.bar2"));
        // with -m 3G the pc window starts at 0xc0000000 and the BAR migrates
        X86Platform pc3 = new X86Platform(3 * GIB, 1L << 32, 0, 0, false, false, 40);
        assertEquals(Range.ofSize(0x100000000L, GIB),
                at(SeaBios.place(pc3, false, SeaBios.V1_16_2, guest(false, 0, List.of(bar("vf", 2, GIB)), false)), "vf.bar2"));
    }

    @Test
    void equalSizesKeepSlotOrder() throws Exception {
        // q35 -m 4G, 1.16.2: four 256 MiB BARs (1 GiB) do not fit the 1004 MiB window; 0x180000000 upward in slot order
        List<BarSpec> four = List.of(bar("a", 2, 256 * MIB), bar("b", 2, 256 * MIB), bar("c", 2, 256 * MIB), bar("d", 2, 256 * MIB));
        SeaBios.Result r = SeaBios.place(q35(4 * GIB), true, SeaBios.V1_16_2, guest(false, 0, four, true));
        assertEquals(Range.ofSize(0x180000000L, 256 * MIB), at(r, "a.bar2"));
        assertEquals(Range.ofSize(0x190000000L, 256 * MIB), at(r, "b.bar2"));
        assertEquals(Range.ofSize(0x1b0000000L, 256 * MIB), at(r, "d.bar2"));
    }

    @Test
    void theThirtyTwoBitFitCountsTheVgaToo() throws Exception {
        // q35 -m 4G, 1.16.2, VGA + 512 MiB + 256 MiB: PREFMEM 784 MiB (align 512M) is above MEM (align 64K):
        // MEM ends the window at ALIGN_DOWN(0xfec00000 - 0x12000, 64K) = 0xfebe0000; PREFMEM at ALIGN_DOWN(0xfebe0000 - 784M, 512M)
        // = 0xc0000000 >= pcimem_start: everything stays below 4 GiB: 512M at 0xc0000000, 256M at 0xe0000000, vram at 0xf0000000.
        SeaBios.Result r = SeaBios.place(q35(4 * GIB), true, SeaBios.V1_16_2,
                guest(true, 0, List.of(bar("a", 2, 512 * MIB), bar("b", 2, 256 * MIB)), true));
        assertEquals(Range.ofSize(0xc0000000L, 512 * MIB), at(r, "a.bar2"));
        assertEquals(Range.ofSize(0xe0000000L, 256 * MIB), at(r, "b.bar2"));
        assertEquals(Range.ofSize(0xf0000000L, 16 * MIB), at(r, "vga-vram"));
        assertNull(r.window());
    }

    @Test
    void paddingMovesEvenSmallBarsHighFrom1163() throws Exception {
        // 1.17.0 with RAM above 4 GiB sets pci_pad_mem64 (df9dd418): the 16 MiB BAR goes high although it fits. phys-bits 40 on
        // Intel is not trusted (no pci_mem64_top), so the region starts above RAM: 0x180000000.
        SeaBios.Result r = SeaBios.place(q35(4 * GIB), true, SeaBios.LATEST, guest(false, 0, List.of(bar("vf", 2, 16 * MIB)), true));
        assertEquals(Range.ofSize(0x180000000L, 16 * MIB), at(r, "vf.bar2"));
        // 1.16.3 pads only when it trusts phys-bits (a6ed6b70): with 40 on Intel it keeps the BAR below 4 GiB
        SeaBios.Result old = SeaBios.place(q35(4 * GIB), true, SeaBios.V1_16_3, guest(false, 0, List.of(bar("vf", 2, 16 * MIB)), true));
        assertEquals(Range.ofSize(0xfd000000L, 16 * MIB), at(old, "vf.bar2"));
        // ivshmem (an emulated 64-bit BAR) moves as well; the VGA's 32-bit vram stays
        SeaBios.Result shm = SeaBios.place(q35(4 * GIB), true, SeaBios.LATEST, guest(true, 64 * MIB, List.of(), true));
        assertEquals(Range.ofSize(0x180000000L, 64 * MIB), at(shm, "ivshmem-shm"));
        assertTrue(Long.compareUnsigned(at(shm, "vga-vram").last(), 1L << 32) < 0);
    }

    @Test
    void ramMovedToOneTibSetsTheBaseAboveIt() throws Exception {
        // AMD, QEMU moved 8 GiB of above-4G RAM to 1 TiB: RamSizeOver4G is the highest RAM end minus 4 GiB
        // (qemu_early_e820), so the 1.16.2 region starts at 1 TiB + 8 GiB.
        X86Platform m = new X86Platform(0x80000000L, 1L << 40, 8 * GIB, 0, true, true, 48);
        SeaBios.Result r = SeaBios.place(m, true, SeaBios.V1_16_2, guest(false, 0, List.of(bar("vf", 2, 4 * GIB)), true));
        assertEquals(Range.ofSize((1L << 40) + 8 * GIB, 4 * GIB), at(r, "vf.bar2"));
    }

    @Test
    void atTheTopFrom117TheGpuStillComesFirst() throws Exception {
        // q35 -m 8G, Intel phys-bits 46 (trusted), 1.17.0: pci_mem64_top 2^46 capped to 2^44 (ec0bc256: > 44 bits, RamSizeOver4G
        // 6 GiB < 1 TiB); pad (RAM above 4 GiB): every 64-bit BAR goes high. r64_mem empty; r64_pref: gpu 16 GiB, ivshmem 1 GiB.
        // size = ALIGN(0, 1G) + ALIGN(17G, 1G) = 17 GiB, padded to top >> 3 = 2^41; base = max(0x280000000, 2^44 - 2^41)
        // = 0xe0000000000, no e820 entry there; r64_pref ALIGN(base, 16G) = base: gpu, then ivshmem at + 16 GiB.
        X86Platform m = new X86Platform(0x80000000L, 1L << 32, 6 * GIB, 0, false, false, 46);
        SeaBios.Result r = SeaBios.place(m, true, SeaBios.V1_17_0, guest(true, GIB, List.of(bar("gpu", 0, 16 * GIB)), true));
        assertEquals(Range.ofSize(0xe0000000000L, 16 * GIB), at(r, "gpu.bar0"));
        assertEquals(Range.ofSize(0xe0400000000L, GIB), at(r, "ivshmem-shm"));
        // pcimem64_end = ALIGN(0xe0440000000, 1G)
        assertEquals(new Range(0xe0000000000L, 0xe043fffffffL), r.window());
    }

    @Test
    void theTwoTo44CapCountsRamAboveFourGibUpToItsEnd() throws Exception {
        // AMD phys-bits 48, 8 GiB of RAM moved to 1 TiB: RamSizeOver4G = 1 TiB + 8 GiB - 4 GiB >= 1 TiB (qemu_early_e820), so
        // 1.17.0 keeps pci_mem64_top = 2^48; padded size ALIGN(4G, 2^45) = 2^45; base 2^48 - 2^45 = 0xe00000000000 (no e820 entry).
        X86Platform m = new X86Platform(0x80000000L, 1L << 40, 8 * GIB, 0, true, true, 48);
        SeaBios.Result r = SeaBios.place(m, true, SeaBios.V1_17_0, guest(false, 0, List.of(bar("vf", 2, 4 * GIB)), true));
        assertEquals(Range.ofSize(0xe00000000000L, 4 * GIB), at(r, "vf.bar2"));
        // with the same 8 GiB at 4 GiB, RamSizeOver4G is 8 GiB: the top is capped at 2^44, base 2^44 - 2^41
        X86Platform low = new X86Platform(0x80000000L, 1L << 32, 8 * GIB, 0, false, true, 48);
        assertEquals(Range.ofSize(0xe0000000000L, 4 * GIB),
                at(SeaBios.place(low, true, SeaBios.V1_17_0, guest(false, 0, List.of(bar("vf", 2, 4 * GIB)), true)), "vf.bar2"));
    }

    @Test
    void thirtyTwoBitBarsThatDoNotFitMakeSeabiosPanic() {
        // two 1 GiB 32-bit BARs cannot migrate; 2 GiB do not fit 0xc0000000-0xfec00000
        List<BarSpec> big = List.of(new BarSpec("a", false, 0, GIB, BarSpec.Width.BITS32), new BarSpec("b", false, 0, GIB, BarSpec.Width.BITS32));
        InputException e = assertThrows(InputException.class, () -> SeaBios.place(q35(4 * GIB), true, SeaBios.V1_16_2, guest(false, 0, big, true)));
        assertTrue(e.getMessage().contains("out of 32bit address space"), e.getMessage());
    }
}
