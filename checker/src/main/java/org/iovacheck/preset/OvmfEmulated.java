package org.iovacheck.preset;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;
import org.iovacheck.preset.firmware.BarSpec;
import org.iovacheck.preset.firmware.Ovmf;
import org.iovacheck.preset.firmware.Placement;

/**
 * Puts the q35/pc presets' emulated RAM-backed BARs where OVMF places them (preset/firmware/Ovmf.java has the rules): the
 * ivshmem-plain shared memory joins the 64-bit BARs, std VGA's vram goes into OVMF's 32-bit aperture; and keeps OVMF's
 * 64-bit window apart from QEMU's AMD HyperTransport reservation.
 */
final class OvmfEmulated {
    /** The device name of the preset's ivshmem-plain (`--set ivshmem=SIZE`): its BARs are ivshmem.bar0 and ivshmem.bar2. */
    static final String IVSHMEM = "ivshmem";

    private OvmfEmulated() {
    }

    /**
     * The devices OVMF places: the preset's ivshmem-plain first (hw/misc/ivshmem-pci.c: BAR 0 256 bytes of registers, BAR 2 the
     * shared memory, 64-bit prefetchable), since `-device ivshmem-plain` without addr takes the first free slot after the VGA
     * and the assigned devices are taken to sit after it on the bus; then the `--device` ones.
     */
    static List<BarSpec> withIvshmem(LayoutBuilder b, long ivshmem, List<BarSpec> bars) throws InputException {
        if (ivshmem == 0) {
            return bars;
        }
        for (BarSpec s : bars) {
            if (s.device().equals(IVSHMEM)) {
                throw InputException.option("--device", "the name '" + IVSHMEM + "' is the preset's ivshmem-plain device (--set ivshmem); name"
                        + " the device otherwise");
            }
        }
        List<BarSpec> all = new ArrayList<>();
        all.add(new BarSpec(IVSHMEM, true, 0, 256, BarSpec.Width.BITS32));
        all.add(new BarSpec(IVSHMEM, true, 2, ivshmem, BarSpec.Width.BITS64));
        all.addAll(bars);
        b.note("OVMF places the ivshmem-plain shared memory (ivshmem.bar2) with the 64-bit BARs; ivshmem-plain is taken to sit on the bus"
                + " before the assigned devices (it comes first among BARs of its size)");
        return all;
    }

    /**
     * The pieces of OVMF's 64-bit window outside QEMU's AMD HT reservation {@code ht} (null: none). OVMF before edk2-stable202302
     * does not move its window off e820 reservations, so with an AMD vCPU of 40 phys-bits the window 0xe000000000-0xffffffffff
     * covers 0xfd00000000-0xffffffffff, and BARs are laid out over it too (measured with OVMF 2022.11: two 64 GiB BARs at
     * 0xe000000000 and 0xf000000000); such a BAR stays where OVMF puts it, and the host check judges its map.
     */
    static List<Range> aroundHtHole(LayoutBuilder b, Placement pl, Range ht) {
        Range w = pl.window();
        if (ht == null) {
            return List.of(w);
        }
        for (Placement.PlacedBar pb : pl.placed()) {
            if (pb.range().overlaps(ht)) {
                b.note("OVMF puts " + pb.bar().name() + " " + pb.range() + " over QEMU's AMD HyperTransport reservation " + ht
                        + " (edk2 before 202302 does not avoid it)");
            }
        }
        List<Range> out = new ArrayList<>();
        if (U64.lt(w.first(), ht.first())) {
            out.add(new Range(w.first(), U64.min(w.last(), ht.first() - 1)));
        }
        if (U64.lt(ht.last(), w.last())) {
            out.add(new Range(U64.max(w.first(), ht.last() + 1), w.last()));
        }
        b.note("OVMF's 64-bit window " + w + " covers QEMU's AMD HyperTransport reservation " + ht);
        return out;
    }

    /** Carves std VGA's vram out of the 32-bit PCI hole where OVMF puts it (Ovmf.vram). */
    static void vram(LayoutBuilder b, boolean q35, long below4g, int version, List<BarSpec> low) throws InputException {
        List<String> notes = new ArrayList<>();
        Range v = Ovmf.vram(q35, below4g, version, low, notes);
        boolean inHole = false;
        for (var r : b.regions()) {
            inHole |= r.kind() == GuestKind.BAR && r.range().contains(v);
        }
        if (!inHole) {
            throw InputException.option("vga", "OVMF would put the VGA vram at " + v + ", outside QEMU's 32-bit PCI holes; iovacheck does not"
                    + " model such a guest");
        }
        b.carve("vga-vram", GuestKind.RAM, v);
        notes.forEach(b::note);
        // hw/display/vga.c vga_update_memory_access: in a chain-4 graphics mode the legacy window shows vram (alias vga.chain4,
        // up to all of 0xa0000-0xbffff by GR06), a RAM section VFIO maps; OVMF's QemuVideoDxe sets such a mode (measured with
        // OVMF 2022.11: vga.vram at 0xa0000-0xaffff in the flat view)
        for (var r : b.regions()) {
            if (r.name().equals("vga") && r.kind() == GuestKind.MMIO) {
                b.remove("vga");
                b.span("vga-lowmem", GuestKind.RAM, r.range().first(), r.range().last());
                b.note("the VGA window " + r.range() + " is taken as RAM: OVMF's video driver sets a graphics mode, which maps vram there");
                break;
            }
        }
    }
}
