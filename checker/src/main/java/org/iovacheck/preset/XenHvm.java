package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.U64;

/**
 * Xen x86 HVM guest built by libxl (tools/libs/light/libxl_dom.c libxl__build_hvm, libxl_create.c defaults): memory minus video
 * RAM, below 4 GiB up to the MMIO hole (default HVM_BELOW_4G_MMIO_START 0xf0000000, or 4 GiB minus mmio_hole), rest above 4 GiB.
 */
public final class XenHvm implements Preset {
    static final long MIB = 1L << 20;
    static final long FOUR_GIB = 1L << 32;
    static final long MMIO_START_DEFAULT = 0xf0000000L;
    static final long MMIO_LENGTH_DEFAULT = FOUR_GIB - MMIO_START_DEFAULT;
    static final long PLATFORM = 0xfc000000L;

    @Override
    public String name() {
        return "xen-hvm";
    }

    @Override
    public String summary() {
        return "Xen x86 HVM guest via libxl (libxl_dom.c libxl__build_hvm: RAM below 0xf0000000 or the mmio_hole, rest from 4 GiB)";
    }

    @Override
    public List<PresetParam> params() {
        return List.of(
                new PresetParam("ram", "32M", "xl.cfg memory=MBYTES (whole MiB; libxl's default is 32 MiB); the guest gets memory minus videoram"),
                new PresetParam("mmio-hole", "256M", "xl.cfg mmio_hole=MBYTES: MMIO hole below 4 GiB, 256M..3840M (only sizes above 256M change the layout)"),
                new PresetParam("vga", "cirrus", "xl.cfg vga=cirrus|stdvga|none (selects the videoram default)"),
                new PresetParam("videoram", "8M/16M/0", "xl.cfg videoram=MBYTES: video RAM taken out of memory (cirrus default and minimum 8, stdvga 16, none 0)"),
                new PresetParam("rdm", "none", "reserved device memory of the assigned devices (the host's direct/RMRR regions): FIRST-LAST[,FIRST-LAST...]"),
                new PresetParam("rdm-policy", "strict", "xl.cfg pci=[...,rdm_policy=strict|relaxed] (libxl's per-device default is strict)"),
                new PresetParam("rdm-mem-boundary", "2G", "xl.cfg rdm_mem_boundary=MBYTES: RDM above it moves low RAM below it; below it, the policy decides"));
    }

    @Override
    public GuestLayout layout(PresetArgs a) throws InputException {
        long memory = a.size("ram", 32 * MIB);
        long hole = a.size("mmio-hole", MMIO_LENGTH_DEFAULT);
        boolean holeGiven = a.has("mmio-hole");
        String vga = a.choice("vga", List.of("cirrus", "stdvga", "none"), "cirrus");
        long videoDefault = switch (vga) {
            case "stdvga" -> 16 * MIB;
            case "none" -> 0;
            default -> 8 * MIB;
        };
        boolean videoGiven = a.has("videoram");
        long video = a.size("videoram", videoDefault);
        List<org.iovacheck.model.Range> rdms = XenRdm.parse(a.text("rdm"));
        boolean strict = a.choice("rdm-policy", List.of("strict", "relaxed"), "strict").equals("strict");
        long boundary = a.size("rdm-mem-boundary", XenRdm.BOUNDARY_DEFAULT);
        a.finish(this);
        long memoryMib = LayoutBuilder.wholeMib(memory, "ram", "xl.cfg memory=");
        long holeMib = LayoutBuilder.wholeMib(hole, "mmio-hole", "xl.cfg mmio_hole=");
        long videoMib = LayoutBuilder.wholeMib(video, "videoram", "xl.cfg videoram=");
        if (U64.lt(hole, MMIO_LENGTH_DEFAULT) || U64.lt(MMIO_START_DEFAULT, hole)) {
            throw InputException.option("mmio-hole", "ERROR: invalid value " + holeMib + " for \"mmio_hole\" (xl accepts 256 to 3840)");
        }
        if (U64.lt(video, videoDefault)) {
            throw InputException.option("videoram", "videoram must be at least " + (videoDefault >>> 20) + " MB for "
                    + vga.toUpperCase(java.util.Locale.ROOT) + " on QEMU_XEN (libxl refuses it)");
        }
        if (U64.le(memory, video)) {
            throw InputException.option("ram", "memory=" + memoryMib + " leaves no guest RAM after videoram=" + videoMib + "; iovacheck refuses it");
        }
        long memSize = memory - video;
        long mmioSize = FOUR_GIB - hole < MMIO_START_DEFAULT ? hole : MMIO_LENGTH_DEFAULT;
        long mmioStart = FOUR_GIB - mmioSize;
        long lowEnd = U64.min(memSize, mmioStart);
        LayoutBuilder b = new LayoutBuilder(name());
        XenRdm.Result rdm = XenRdm.construct(rdms, lowEnd, U64.lt(lowEnd, memSize) ? LayoutBuilder.add(FOUR_GIB, memSize - lowEnd, "ram") : 0, boundary, strict);
        lowEnd = rdm.lowmemEnd();
        QemuX86.addLow(b, lowEnd);
        if (U64.lt(lowEnd, mmioStart)) {
            b.span("rdm-hole", GuestKind.MMIO, lowEnd, mmioStart - 1);
        }
        b.span("pci-hole", GuestKind.BAR, mmioStart, PLATFORM - 1);
        b.span("platform", GuestKind.MMIO, PLATFORM, FOUR_GIB - 1);
        if (rdm.highmemEnd() != 0) {
            b.span("ram-above-4g", GuestKind.RAM, FOUR_GIB, rdm.highmemEnd() - 1);
        }
        rdm.notes().forEach(b::note);
        b.option("memory=" + memoryMib);
        if (holeGiven) {
            b.option("mmio_hole=" + holeMib);
        }
        if (!vga.equals("cirrus")) {
            b.option("vga=\"" + vga + "\"");
        }
        if (videoGiven) {
            b.option("videoram=" + videoMib);
        }
        if (a.has("rdm-mem-boundary")) {
            b.option("rdm_mem_boundary=" + (boundary >>> 20));
        }
        if (!rdms.isEmpty()) {
            b.option("pci=[ '<BDF>,rdm_policy=" + (strict ? "strict" : "relaxed") + "' ]");
        }
        b.note("guest RAM = memory - videoram = " + SizeText.of(memSize) + "; Xen leaves the VGA hole 0xa0000-0xbffff unpopulated");
        b.note("not modelled: hvmloader relocating RAM for large BARs, 64-bit BAR placement above RAM, maxmem/populate-on-demand");
        b.note("platform 0xfc000000-0xffffffff holds hvmloader's ACPI tables, the IOAPIC, LAPIC, special pages and the BIOS");
        return b.build();
    }

    @Override
    public java.util.List<Knob> knobs() {
        return java.util.List.of(new Knob("mmio-hole", 256L << 20, 3840L << 20, 1L << 20, false,
                "xl.cfg mmio_hole=: a larger hole ends low RAM lower, below a reserved range"));
    }

    @Override
    public boolean nestedInRam(java.util.Map<String, String> settings) {
        return true;
    }

    /** One piece: RAM nests, and the 32-bit PCI hole (mapped with p2p) depends on mmio_hole only, not on the RAM size. */
    @Override
    public long nestedPieceStart(java.util.Map<String, String> settings, long ram) {
        return 1;
    }
}
