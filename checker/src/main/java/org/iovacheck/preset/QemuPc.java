package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.U64;

/**
 * QEMU x86 {@code pc} (i440FX; hw/i386/pc_piix.c pc_init1, hw/pci-host/i440fx.c, QEMU 10.x): RAM below 4 GiB up to
 * max-ram-below-4g (default 0xe0000000), moved down to 0xc0000000 when RAM must be split (gigabyte_align, machines after 1.7).
 */
public final class QemuPc implements Preset {
    static final long DEFAULT_MAX_RAM_BELOW_4G = 0xe0000000L;
    static final long GIGABYTE_ALIGNED_LOWMEM = 0xc0000000L;
    static final long HOLE64_DEFAULT = 1L << 31;

    @Override
    public String name() {
        return "qemu-pc";
    }

    @Override
    public String summary() {
        return "QEMU x86 pc (i440FX) machine (hw/i386/pc_piix.c pc_init1, hw/i386/pc.c pc_memory_init, hw/pci-host/i440fx.c)";
    }

    @Override
    public List<PresetParam> params() {
        return QemuX86.params("3584M", "2G");
    }

    /** RAM below 4 GiB as pc_init1 splits it. */
    static long below4g(long ram, long maxRamBelow4g, boolean gigabyteAlign) {
        long max = maxRamBelow4g == 0 ? DEFAULT_MAX_RAM_BELOW_4G : maxRamBelow4g;
        long lowmem = max;
        if (U64.le(max, ram) && gigabyteAlign && U64.lt(GIGABYTE_ALIGNED_LOWMEM, lowmem)) {
            lowmem = GIGABYTE_ALIGNED_LOWMEM;
        }
        return U64.le(lowmem, ram) ? lowmem : ram;
    }

    @Override
    public GuestLayout layout(PresetArgs a) throws InputException {
        QemuX86.Params p = QemuX86.read(a, HOLE64_DEFAULT, "pc");
        X86Firmware fw = X86Firmware.read(a);
        a.finish(this);
        p = QemuX86.withPhysBits(p, fw.effectivePhysBits(p.physBits()));
        boolean gigabyteAlign = p.machine().after(1, 7);
        long below = below4g(p.ram(), p.maxRamBelow4g(), gigabyteAlign);
        if (U64.lt(QemuX86.IO_APIC, below)) {
            throw InputException.option("max-ram-below-4g", "RAM below 4 GiB would end at " + U64.shortHex(below)
                    + ", above the IOAPIC at 0xfec00000: QEMU cannot build the 32-bit PCI hole and aborts");
        }
        String machineName = p.machine().latest() ? "pc" : (p.machine().after(1, 3) ? "pc-i440fx-" : "pc-") + p.machine().text();
        LayoutBuilder b = new LayoutBuilder(name());
        QemuX86.addLow(b, below, p.vga());
        long holeStart = QemuX86.pciHoleStart(below);
        if (U64.lt(holeStart, QemuX86.IO_APIC)) {
            b.span("pci-hole", GuestKind.BAR, holeStart, QemuX86.IO_APIC - 1);
        }
        QemuX86.finishLayout(b, p, below, machineName, "i440FX-pcihost", HOLE64_DEFAULT, fw);
        if (!p.machine().latest() && !p.machine().after(2, 0)) {
            b.note("machine " + p.machine().text() + " is modelled from QEMU's own rule comments; current QEMU no longer offers it");
        }
        QemuX86.commonNotes(b, p);
        return b.build();
    }

    @Override
    public java.util.List<Knob> knobs() {
        return java.util.List.of(QemuX86Pieces.MAX_RAM_BELOW_4G_KNOB);
    }

    @Override
    public boolean nestedInRam(java.util.Map<String, String> settings) {
        return QemuX86Pieces.nestedInRam(settings);
    }

    @Override
    public java.util.List<Long> ramBreaks(java.util.Map<String, String> settings) {
        long x;
        try {
            x = new PresetArgs(settings).size("max-ram-below-4g", 0xe0000000L);
        } catch (InputException e) {
            return java.util.List.of(0xe0000000L);
        }
        java.util.List<Long> splits = java.util.List.of(x, GIGABYTE_ALIGNED_LOWMEM);
        return QemuX86Pieces.ramBreaks(settings, splits, x, HOLE64_DEFAULT);
    }

    @Override
    public java.util.Optional<java.util.Set<String>> shrinkingInRam(java.util.Map<String, String> settings) {
        return QemuX86Pieces.shrinkingInRam(settings);
    }

    @Override
    public long nestedPieceStart(java.util.Map<String, String> settings, long ram) {
        try {
            long r = LayoutBuilder.alignUp(ram, 8 * QemuX86.KIB, "ram");
            boolean gigabyteAlign = MachineVersion.parse("machine", settings.get("machine")).after(1, 7);
            return QemuX86Pieces.pieceStart(settings, r, below4g(r, new PresetArgs(settings).size("max-ram-below-4g", 0), gigabyteAlign),
                    ramBreaks(settings));
        } catch (InputException e) {
            return -1;
        }
    }

    @Override
    public long ramCeiling(java.util.Map<String, String> settings) {
        return QemuX86Pieces.ramCeiling(settings, Preset.super.ramCeiling(settings));
    }

    @Override
    public java.util.Optional<RamPieces> affinePieces(java.util.Map<String, String> settings) {
        long x;
        try {
            x = new PresetArgs(settings).size("max-ram-below-4g", DEFAULT_MAX_RAM_BELOW_4G);
        } catch (InputException e) {
            return java.util.Optional.empty();
        }
        // below4g: all RAM below max, then split at max, or at 0xc0000000 (gigabyte_align, machines after 1.7) when max is above
        java.util.List<long[]> splits = new java.util.ArrayList<>();
        splits.add(new long[] {x, U64.MAX});
        if (U64.lt(GIGABYTE_ALIGNED_LOWMEM, x)) {
            splits.add(new long[] {GIGABYTE_ALIGNED_LOWMEM, U64.MAX});
        }
        return QemuX86Pieces.affinePieces(settings, splits, java.util.List.of());
    }
}
