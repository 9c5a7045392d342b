package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.U64;

/**
 * QEMU x86 {@code q35} (hw/i386/pc_q35.c pc_q35_init, hw/pci-host/q35.c, QEMU 10.x): RAM below 4 GiB up to 0x80000000 or
 * 0xb0000000 (capped by max-ram-below-4g), PCIEXBAR at 0xb0000000, the 32-bit PCI hole up to the IOAPIC, the rest above 4 GiB.
 */
public final class QemuQ35 implements Preset {
    static final long LOWMEM_LARGE = 0x80000000L;
    static final long LOWMEM_SMALL = 0xb0000000L;
    static final long PCIEXBAR = 0xb0000000L;
    static final long PCIEXBAR_SIZE = 256 * QemuX86.MIB;
    static final long HOLE64_DEFAULT = 1L << 35;

    @Override
    public String name() {
        return "qemu-q35";
    }

    @Override
    public String summary() {
        return "QEMU x86 q35 machine (hw/i386/pc_q35.c pc_q35_init, hw/i386/pc.c pc_memory_init, hw/pci-host/q35.c)";
    }

    @Override
    public List<PresetParam> params() {
        return QemuX86.params("4G", "32G");
    }

    /** RAM below 4 GiB as pc_q35_init splits it. */
    static long below4g(long ram, long maxRamBelow4g) {
        long lowmem = U64.le(LOWMEM_SMALL, ram) ? LOWMEM_LARGE : LOWMEM_SMALL;
        long max = maxRamBelow4g == 0 ? QemuX86.FOUR_GIB : maxRamBelow4g;
        if (U64.lt(max, lowmem)) {
            lowmem = max;
        }
        return U64.le(lowmem, ram) ? lowmem : ram;
    }

    @Override
    public GuestLayout layout(PresetArgs a) throws InputException {
        QemuX86.Params p = QemuX86.read(a, HOLE64_DEFAULT, "q35");
        X86Firmware fw = X86Firmware.read(a);
        a.finish(this);
        p = QemuX86.withPhysBits(p, fw.effectivePhysBits(p.physBits()));
        long below = below4g(p.ram(), p.maxRamBelow4g());
        String machineName = p.machine().latest() ? "q35" : "pc-q35-" + p.machine().text();
        LayoutBuilder b = new LayoutBuilder(name());
        QemuX86.addLow(b, below, p.vga());
        long holeStart = QemuX86.pciHoleStart(below);
        if (U64.lt(holeStart, PCIEXBAR)) {
            b.span("pci-hole-below-ecam", GuestKind.BAR, holeStart, PCIEXBAR - 1);
        }
        b.sized("pcie-ecam", GuestKind.MMIO, PCIEXBAR, PCIEXBAR_SIZE, "ram");
        b.span("pci-hole", GuestKind.BAR, PCIEXBAR + PCIEXBAR_SIZE, QemuX86.IO_APIC - 1);
        QemuX86.finishLayout(b, p, below, machineName, "q35-pcihost", HOLE64_DEFAULT, fw);
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
        java.util.List<Long> splits = new java.util.ArrayList<>(java.util.List.of(LOWMEM_SMALL, LOWMEM_LARGE));
        try {
            long x = new PresetArgs(settings).size("max-ram-below-4g", 0);
            if (x != 0) {
                splits.add(x);
            }
        } catch (InputException e) {
            return java.util.List.of(LOWMEM_SMALL);
        }
        return QemuX86Pieces.ramBreaks(settings, splits, LOWMEM_SMALL, HOLE64_DEFAULT);
    }

    @Override
    public java.util.Optional<java.util.Set<String>> shrinkingInRam(java.util.Map<String, String> settings) {
        return QemuX86Pieces.shrinkingInRam(settings);
    }

    @Override
    public long nestedPieceStart(java.util.Map<String, String> settings, long ram) {
        try {
            long r = LayoutBuilder.alignUp(ram, 8 * QemuX86.KIB, "ram");
            return QemuX86Pieces.pieceStart(settings, r, below4g(r, new PresetArgs(settings).size("max-ram-below-4g", 0)), ramBreaks(settings));
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
            x = new PresetArgs(settings).size("max-ram-below-4g", 0);
        } catch (InputException e) {
            return java.util.Optional.empty();
        }
        long max = x == 0 ? QemuX86.FOUR_GIB : x;
        // below4g: RAM under 0xb0000000 splits at min(max, 0xb0000000), from 0xb0000000 on at min(max, 0x80000000)
        java.util.List<long[]> splits = new java.util.ArrayList<>();
        splits.add(new long[] {U64.min(max, LOWMEM_LARGE), U64.MAX});
        if (U64.lt(max, LOWMEM_SMALL)) {
            splits.add(new long[] {max, LOWMEM_SMALL});
        }
        return QemuX86Pieces.affinePieces(settings, splits, java.util.List.of(LOWMEM_SMALL));
    }
}
