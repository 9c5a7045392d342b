package org.iovacheck.preset;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;
import org.iovacheck.preset.firmware.BarSpec;
import org.iovacheck.preset.firmware.DeviceSpecs;
import org.iovacheck.preset.firmware.Ovmf;
import org.iovacheck.preset.firmware.Placement;
import org.iovacheck.preset.firmware.SeaBios;
import org.iovacheck.preset.firmware.X86Platform;

/**
 * The guest firmware of QEMU q35/pc as preset parameters (docs/firmware.md): which firmware and release, the CPUID bits it
 * reads, the fw_cfg override, host-phys-bits-limit, and the devices whose BARs it places. Immutable once read.
 */
final class X86Firmware {
    static final List<PresetParam> PARAMS = List.of(
            new PresetParam("firmware", "none", "guest firmware placing the BARs: ovmf, seabios, or none (QEMU's default SeaBIOS 1.16.2,"
                    + " for the emulated VGA and ivshmem BARs only)"),
            new PresetParam("firmware-version", "latest", "OVMF: edk2 release YYYYMM or edk2-stableYYYYMM; SeaBIOS: X.Y.Z"),
            new PresetParam("phys-bits-limit", "none", "-cpu host,host-phys-bits=on,host-phys-bits-limit=N (libvirt <maxphysaddr mode='passthrough' limit='N'/>)"),
            new PresetParam("guest-phys-bits", "0", "-cpu ...,guest-phys-bits=N: CPUID 0x80000008 EAX[23:16] (0: not reported)"),
            new PresetParam("pdpe1gb", "on", "the vCPU has 1 GiB pages (OVMF caps PhysBits at 40 without them; qemu64 lacks them)"),
            new PresetParam("la57", "off", "the vCPU has 5-level paging (OVMF then caps PhysBits at 48, not 46)"),
            new PresetParam("x-pci-mmio64-mb", "none", "-fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=N: OVMF's 64-bit PCI window in MiB"),
            new PresetParam("devices", "none", "devices whose BARs the firmware places (--device NAME:bar0=SIZE,...; ';' between devices)"));

    final String kind;
    final String versionText;
    final int version;
    final int limit;
    final Ovmf.Settings ovmf;
    final List<BarSpec> bars;

    private X86Firmware(String kind, String versionText, int version, int limit, Ovmf.Settings ovmf, List<BarSpec> bars) {
        this.kind = kind;
        this.versionText = versionText;
        this.version = version;
        this.limit = limit;
        this.ovmf = ovmf;
        this.bars = bars;
    }

    static X86Firmware read(PresetArgs a) throws InputException {
        String kind = a.choice("firmware", List.of("none", "ovmf", "seabios"), "none");
        String vt = a.text("firmware-version");
        int version = kind.equals("seabios") ? seabiosVersion(vt) : ovmfVersion(vt);
        String lt = a.text("phys-bits-limit");
        int limit = lt == null || lt.equals("none") ? 0 : a.integer("phys-bits-limit", 32, 52, 0);
        int gpb = a.integer("guest-phys-bits", 0, 52, 0);
        if (gpb != 0 && gpb < 32) {
            throw InputException.option("guest-phys-bits", "must be 0 (not reported) or 32..52");
        }
        boolean pdpe1gb = a.bool("pdpe1gb", true);
        boolean la57 = a.bool("la57", false);
        String mt = a.text("x-pci-mmio64-mb");
        long mb = -1;
        if (mt != null && !mt.equals("none")) {
            if (!mt.matches("[0-9]{1,10}")) {
                throw InputException.option("x-pci-mmio64-mb", "'" + mt + "' is not a number of MiB");
            }
            mb = Long.parseLong(mt);
            if (mb > 0xffffffffL) {
                throw InputException.option("x-pci-mmio64-mb", "OVMF reads it as a 32-bit number");
            }
        }
        String dt = a.text("devices");
        List<BarSpec> bars = DeviceSpecs.parse("none".equals(dt) ? null : dt);
        if (kind.equals("none") && !bars.isEmpty()) {
            throw InputException.option("--device", "where the guest firmware puts BARs depends on it: give --set firmware=ovmf or"
                    + " --set firmware=seabios");
        }
        if (!kind.equals("ovmf") && mb >= 0) {
            throw InputException.option("x-pci-mmio64-mb", "opt/ovmf/X-PciMmio64Mb is read by OVMF only (--set firmware=ovmf)");
        }
        return new X86Firmware(kind, vt == null ? "latest" : vt, version, limit, new Ovmf.Settings(version, pdpe1gb, la57, gpb, mb), bars);
    }

    private static int ovmfVersion(String v) throws InputException {
        if (v == null || v.equals("latest")) {
            return Ovmf.LATEST;
        }
        String t = v.startsWith("edk2-stable") ? v.substring("edk2-stable".length()) : v;
        if (!t.matches("20[0-9]{2}(0[1-9]|1[0-2])")) {
            throw InputException.option("firmware-version", "'" + v + "' is not an edk2 release (YYYYMM or edk2-stableYYYYMM)");
        }
        return Integer.parseInt(t);
    }

    private static int seabiosVersion(String v) throws InputException {
        if (v == null || v.equals("latest")) {
            return SeaBios.LATEST;
        }
        if (!v.matches("[0-9]{1,2}\\.[0-9]{1,2}(\\.[0-9]{1,2})?")) {
            throw InputException.option("firmware-version", "'" + v + "' is not a SeaBIOS release X.Y.Z");
        }
        String[] p = v.split("\\.");
        return Integer.parseInt(p[0]) * 10000 + Integer.parseInt(p[1]) * 100 + (p.length > 2 ? Integer.parseInt(p[2]) : 0);
    }

    /** The phys-bits the guest sees: min(phys-bits, phys-bits-limit) (QEMU x86_cpu_realizefn with host-phys-bits). */
    int effectivePhysBits(int physBits) {
        return limit != 0 && limit < physBits ? limit : physBits;
    }

    boolean modelled() {
        return !kind.equals("none");
    }

    String cpuOption(QemuX86.Params p, String plain) {
        if (limit != 0) {
            return "-cpu host,host-phys-bits=on,host-phys-bits-limit=" + limit;
        }
        if (kind.equals("ovmf")) {
            return plain + (ovmf.pdpe1gb() ? ",pdpe1gb=on" : ",pdpe1gb=off") + (ovmf.la57() ? ",la57=on" : "")
                    + (ovmf.guestPhysBits() != 0 ? ",guest-phys-bits=" + ovmf.guestPhysBits() : "");
        }
        return plain;
    }

    /**
     * Puts the BARs into the layout: the emulated devices' ({@code emulated}) and the --device ones, with the firmware's 64-bit
     * window; for OVMF the window replaces QEMU's pci-hole64 if they meet.
     */
    void apply(LayoutBuilder b, X86Platform m, Range hole64, SeabiosLayout emulated) throws InputException {
        if (limit != 0) {
            b.note("the guest sees phys-bits " + m.physBits() + " (host-phys-bits-limit=" + limit + "; libvirt <maxphysaddr mode='passthrough' limit='"
                    + limit + "'/>)");
        }
        // Who places the BARs. seabios: one SeaBIOS model for the emulated and the --device BARs together. none: QEMU's default
        // firmware, SeaBIOS 1.16.2 with QEMU 7.2 (the conformance suite checks it), places the emulated BARs. ovmf: the OVMF model
        // places the emulated BARs (OvmfEmulated; checked against OVMF 2022.11 by OvmfConformanceTest) and the --device ones.
        switch (kind) {
            case "seabios" -> emulated.place(b, m, version, versionText, bars);
            case "none" -> emulated.place(b, m, SeaBios.V1_16_2, "1.16.2 (QEMU's default firmware)", List.of());
            default -> applyOvmf(b, m, hole64, emulated);
        }
    }

    /**
     * The emulated RAM-backed BARs and the --device BARs as the OVMF model places them; its 64-bit window replaces QEMU's
     * pci-hole64 if they meet.
     */
    private void applyOvmf(LayoutBuilder b, X86Platform m, Range hole64, SeabiosLayout emulated) throws InputException {
        if (ovmf.mmio64Mb() >= 0) {
            b.option("-fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=" + ovmf.mmio64Mb());
        }
        Placement pl = Ovmf.place(m, ovmf, OvmfEmulated.withIvshmem(b, emulated.ivshmem(), bars));
        if (emulated.vga()) {
            OvmfEmulated.vram(b, emulated.q35(), m.below4g(), version, pl.low()); // carved out of the 32-bit hole before the rest is covered
        }
        long hole32 = 0;
        for (GuestRegion r : b.regions()) {
            if (r.kind() == GuestKind.BAR && U64.lt(r.range().last(), X86Platform.FOUR_GIB)) {
                hole32 += r.range().lengthMinusOne() + 1;
            }
        }
        b.note(kind + " " + versionText + ": " + String.join("; ", pl.notes()));
        long lowSum = 0;
        for (BarSpec s : pl.low()) {
            lowSum = U64.addFits(lowSum, s.size()) ? lowSum + s.size() : U64.MAX;
        }
        if (U64.lt(hole32, lowSum)) {
            // PciHostBridgeDxe: BARs that do not fit the 32-bit window are not assigned
            throw InputException.option("--device", "the BARs the firmware puts below 4 GiB need " + U64.shortHex(lowSum) + " bytes, more than the"
                    + " 32-bit PCI holes hold (" + U64.shortHex(hole32) + "); the firmware cannot assign them");
        }
        if (pl.window() != null && !(U64.le(hole64.first(), pl.window().first()) && U64.le(pl.window().last(), hole64.last()))) {
            if (pl.window().overlaps(hole64)) {
                b.remove("pci-hole64");
            }
            Range ht = null;
            for (GuestRegion r : b.regions()) {
                if (r.name().equals("amd-ht-hole") && r.range().overlaps(pl.window())) {
                    ht = r.range(); // OVMF before 202302 does not avoid it (OvmfEmulated.aroundHtHole)
                } else if (r.range().overlaps(pl.window())) {
                    throw InputException.option("firmware", "the firmware's 64-bit window " + pl.window() + " would overlap " + r.name() + " "
                            + r.range() + "; iovacheck does not model such a guest");
                }
            }
            List<Range> pieces = OvmfEmulated.aroundHtHole(b, pl, ht);
            for (int i = 0; i < pieces.size(); i++) {
                b.span(pl.windowName() + (i == 0 ? "" : "-above-amd-ht-hole"), GuestKind.BAR, pieces.get(i).first(), pieces.get(i).last());
            }
        }
        for (Placement.PlacedBar pb : pl.placed()) {
            b.bar(new GuestRegion(pb.bar().name(), pb.bar().ivshmem() ? GuestKind.IVSHMEM : GuestKind.DEVICE_BAR, pb.range()));
        }
        List<String> lowNames = new ArrayList<>();
        boolean lowIvshmem = false;
        for (BarSpec s : pl.low()) {
            if (s.ivshmem() && s.index() == 0) {
                continue; // the register BAR is emulated MMIO: never DMA-mapped
            }
            lowNames.add(s.name());
            lowIvshmem |= s.ivshmem();
        }
        if (!lowNames.isEmpty()) {
            anywhereBelow4g(b, lowNames, lowIvshmem);
            b.note("where the firmware puts BARs below 4 GiB is not modelled: the whole 32-bit PCI holes stand for "
                    + String.join(", ", lowNames));
        }
    }

    /**
     * BARs the firmware puts somewhere below 4 GiB (where exactly is not modelled): each 32-bit PCI hole of the layout (a BAR
     * region below 4 GiB) stands for all of them, as a device BAR, or as ivshmem when one of them is ivshmem's memory.
     */
    static void anywhereBelow4g(LayoutBuilder b, List<String> names, boolean ivshmem) {
        List<GuestRegion> holes = new ArrayList<>();
        for (GuestRegion r : b.regions()) {
            if (r.kind() == GuestKind.BAR && U64.lt(r.range().last(), X86Platform.FOUR_GIB)) {
                holes.add(r);
            }
        }
        for (GuestRegion h : holes) {
            b.bar(new GuestRegion(String.join("+", names) + " (anywhere in " + h.name() + ")", ivshmem ? GuestKind.IVSHMEM
                    : GuestKind.DEVICE_BAR, h.range()));
        }
    }
}
