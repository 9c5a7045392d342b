package org.iovacheck.preset;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;
import org.iovacheck.preset.firmware.BarSpec;
import org.iovacheck.preset.firmware.SeaBios;
import org.iovacheck.preset.firmware.X86Platform;

/**
 * Immutable; the PCI devices of a q35/pc preset guest that SeaBIOS sees (std VGA, ivshmem-plain, q35's AHCI) and how SeaBIOS's
 * placement (firmware.SeaBios, together with the --device BARs) enters the layout: the RAM-backed BARs as RAM, the --device BARs
 * as device BARs, and the 64-bit window QEMU reports once the firmware has placed 64-bit BARs.
 */
record SeabiosLayout(boolean q35, boolean vga, long ivshmem, long hole64Size, boolean hole64Fix, boolean brokenReservedEnd) {
    static final long VGA_VRAM = 16L << 20;
    static final long VGA_ROM = 64L << 10;

    static SeabiosLayout of(QemuX86.Params p, boolean q35, boolean brokenReservedEnd) {
        // machines up to 2.10 lack pci-hole64-fix (hw/i386/pc.c pc_compat_2_10)
        return new SeabiosLayout(q35, p.vga(), p.ivshmem(), p.hole64Size(), p.machine().after(2, 10), brokenReservedEnd);
    }

    /**
     * The root bus in slot order as QEMU 7.2 builds it with -nodefaults: std VGA (q35 00:01.0, pc 00:02.0: vram BAR 0 32-bit
     * prefetchable, hw/display/vga-pci.c; mmio BAR 2; the 64 KiB option ROM), ivshmem-plain (hw/misc/ivshmem-pci.c: a 256-byte
     * register BAR 0, the shared memory as 64-bit prefetchable BAR 2), then the --device devices in the order given, and on q35 the
     * ICH9 AHCI at 00:1f.2 (hw/ide/ich.c: ABAR, BAR 5, 4 KiB).
     */
    List<SeaBios.Bar> bars(List<BarSpec> devices) {
        List<SeaBios.Bar> all = new ArrayList<>();
        if (vga) {
            all.add(new SeaBios.Bar("vga-vram", VGA_VRAM, false, true, null));
            all.add(new SeaBios.Bar("vga-mmio", SeaBios.MEM_MIN, false, false, null));
            all.add(new SeaBios.Bar("vga-rom", VGA_ROM, false, false, null));
        }
        if (ivshmem != 0) {
            all.add(new SeaBios.Bar("ivshmem-mmio", 0x100, false, false, null));
            all.add(new SeaBios.Bar("ivshmem-shm", ivshmem, true, true, null));
        }
        for (BarSpec s : devices) {
            all.add(SeaBios.Bar.of(s));
        }
        if (q35) {
            all.add(new SeaBios.Bar("ich9-ahci-abar", SeaBios.MEM_MIN, false, false, null));
        }
        return all;
    }

    /** Whether SeaBIOS's placement changes the layout: a RAM-backed BAR or a --device BAR to place. */
    boolean matters(List<BarSpec> devices) {
        return vga || ivshmem != 0 || !devices.isEmpty();
    }

    /** Places the BARs by SeaBIOS {@code version}'s rules and puts the result into the layout. */
    void place(LayoutBuilder b, X86Platform m, int version, String versionText, List<BarSpec> devices) throws InputException {
        if (!matters(devices)) {
            return;
        }
        SeaBios.Result r = SeaBios.place(m, q35, version, bars(devices));
        Range reported = reportedWindow(r);
        if (reported != null) {
            replaceHole64(b, reported);
        }
        List<String> lowNames = new ArrayList<>();
        boolean lowIvshmem = false;
        for (SeaBios.Placed pb : r.placed()) {
            SeaBios.Bar bar = pb.bar();
            if (bar.spec() == null) {
                if (bar.name().equals("vga-vram") || bar.name().equals("ivshmem-shm")) {
                    b.carve(bar.name(), GuestKind.RAM, pb.range());
                }
            } else if (U64.le(X86Platform.FOUR_GIB, pb.range().first())) {
                b.bar(new GuestRegion(bar.name(), bar.spec().ivshmem() ? GuestKind.IVSHMEM : GuestKind.DEVICE_BAR, pb.range()));
            } else if (!(bar.spec().ivshmem() && bar.spec().index() == 0)) {
                // the ivshmem register BAR is emulated MMIO: never DMA-mapped
                lowNames.add(bar.name());
                lowIvshmem |= bar.spec().ivshmem();
            }
        }
        if (!lowNames.isEmpty()) {
            X86Firmware.anywhereBelow4g(b, lowNames, lowIvshmem);
            b.note("where exactly SeaBIOS puts --device BARs below 4 GiB depends on every other device of the VM: the whole 32-bit PCI"
                    + " holes stand for " + String.join(", ", lowNames));
        }
        b.note("SeaBIOS " + versionText + ": " + String.join("; ", r.notes()));
        if (vga || ivshmem != 0) {
            b.note("RAM-backed BARs (VGA vram, ivshmem memory) placed as SeaBIOS places them; VFIO maps them like RAM, and a failed map is fatal");
        }
        b.note("SeaBIOS places all BARs of all devices together (pciinit.c); iovacheck knows only "
                + (q35 ? "q35's AHCI, " : "") + "the VGA, ivshmem and --device devices: other devices of the VM (virtio-pci's 64-bit"
                + " BARs, NICs, option ROMs, devices behind PCIe root ports) can move these BARs"
                + (devices.isEmpty() ? "" : " and the --device BARs, and decide whether 64-bit BARs go above 4 GiB; equal sizes keep PCI slot"
                        + " order (the --device devices taken after VGA and ivshmem, in the order given)"));
    }

    /**
     * The 64-bit window QEMU reports once the firmware has placed 64-bit BARs above 4 GiB (hw/pci-host/q35.c and i440fx.c
     * *_get_pci_hole64_start_value, *_get_pci_hole64_end; pci_bus_get_w64_range in hw/pci/pci.c): it starts at the lowest such
     * BAR and ends at the highest BAR's end, with pci-hole64-fix at least pci-hole64-size (rounded up to 1 GiB) after its start.
     * Null when no 64-bit BAR lies above 4 GiB (QEMU's own window stays).
     */
    Range reportedWindow(SeaBios.Result r) throws InputException {
        long lo = 0;
        long hi = 0;
        boolean any = false;
        for (SeaBios.Placed pb : r.placed()) {
            if (pb.bar().is64() && U64.le(X86Platform.FOUR_GIB, pb.range().first())) {
                lo = any ? U64.min(lo, pb.range().first()) : pb.range().first();
                hi = any ? U64.max(hi, pb.range().last()) : pb.range().last();
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        if (hole64Fix) {
            long end = LayoutBuilder.alignUp(LayoutBuilder.add(lo, hole64Size, "pci-hole64-size"), QemuX86.GIB, "pci-hole64-size");
            if (U64.lt(hi, end - 1)) {
                hi = end - 1;
            }
        }
        return new Range(lo, hi);
    }

    private void replaceHole64(LayoutBuilder b, Range reported) throws InputException {
        b.remove("pci-hole64");
        for (GuestRegion r : b.regions()) {
            if (r.range().overlaps(reported)) {
                if (brokenReservedEnd && r.name().equals("hotplug-memory")) {
                    throw InputException.option("maxmem", "machines up to 2.4 with maxmem tell SeaBIOS the hot-plug area's base as the end"
                            + " of reserved memory (broken_reserved_end), so it puts 64-bit BARs over the hot-plug area; iovacheck does not"
                            + " model it");
                }
                throw InputException.option("firmware", "the 64-bit PCI window " + reported + " QEMU reports after SeaBIOS placed the BARs"
                        + " would overlap " + r.name() + " " + r.range() + "; iovacheck does not model such a guest");
            }
        }
        b.span("pci-hole64", GuestKind.BAR, reported.first(), reported.last());
    }
}
