package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.U64;

/**
 * crosvm on x86_64 (google/crosvm x86_64/src/lib.rs arch_memory_regions, init_low_memory_layout): RAM from 0 up to the 768 MiB
 * gap below 4 GiB (0xd0000000), the rest from 4 GiB; PCIe ECAM 0xf4000000-0xf7ffffff; high MMIO after the PCIe VCFG area.
 */
public final class CrosvmX86 implements Preset {
    static final long MIB = 1L << 20;
    static final long FOUR_GIB = 1L << 32;
    static final long GAP_START = FOUR_GIB - 768 * MIB;
    static final long ECAM_FIRST = 0xf4000000L;
    static final long ECAM_SIZE = 64 * MIB;
    static final long RESERVED_FIRST = 0xf8000000L;
    static final long HIGH_MMIO_MAX_END = (1L << 46) - 1;

    @Override
    public String name() {
        return "crosvm-x86_64";
    }

    @Override
    public String summary() {
        return "crosvm x86_64 (x86_64/src/lib.rs arch_memory_regions: RAM below 0xd0000000, rest from 4 GiB)";
    }

    @Override
    public List<PresetParam> params() {
        return List.of(
                new PresetParam("ram", "256M", "--mem MiB: guest RAM (whole MiB)"),
                new PresetParam("phys-bits", "46", "guest physical address bits crosvm reports (the host's); bounds the high MMIO window"),
                new PresetParam("devices", "none", "assigned devices whose BARs crosvm allocates (--device NAME:bar0=SIZE,...)"));
    }

    @Override
    public GuestLayout layout(PresetArgs a) throws InputException {
        long ram = a.size("ram", 256 * MIB);
        int physBits = a.integer("phys-bits", 32, 52, 46);
        String devicesText = a.text("devices");
        a.finish(this);
        long mib = LayoutBuilder.wholeMib(ram, "ram", "crosvm --mem");
        LayoutBuilder b = new LayoutBuilder(name());
        long left = b.fillBanks(ram, new String[] {"ram-below-4g", "ram-above-4g"}, new long[] {0, FOUR_GIB}, new long[] {GAP_START, 0});
        if (left != 0) {
            throw new IllegalStateException("unbounded bank left RAM over");
        }
        long memEnd = U64.le(ram, GAP_START) ? ram : LayoutBuilder.add(FOUR_GIB, ram - GAP_START, "ram");
        b.span("pci-mmio-low", GuestKind.BAR, GAP_START, ECAM_FIRST - 1);
        b.sized("pcie-ecam", GuestKind.MMIO, ECAM_FIRST, ECAM_SIZE, "ram");
        b.span("platform", GuestKind.MMIO, RESERVED_FIRST, FOUR_GIB - 1);
        long vcfgStart = U64.max(LayoutBuilder.alignUp(memEnd, 2 * MIB, "ram"), FOUR_GIB);
        long vcfgEnd = LayoutBuilder.add(vcfgStart, 2 * ECAM_SIZE, "ram") - 1;
        b.span("pcie-vcfg", GuestKind.MMIO, vcfgStart, vcfgEnd);
        long highEnd = U64.min(U64.maskBits(physBits), HIGH_MMIO_MAX_END);
        if (U64.lt(vcfgEnd, highEnd)) {
            b.span("high-mmio", GuestKind.BAR, vcfgEnd + 1, highEnd);
        } else {
            b.note("no room for high MMIO below 2^" + physBits + ": 64-bit BARs cannot be placed");
        }
        if (U64.lt(U64.maskBits(physBits), memEnd - 1)) {
            b.note("RAM ends above 2^" + physBits + " (phys-bits); the guest cannot address all of it");
        }
        b.option("--mem " + mib);
        b.note("platform 0xf8000000-0xffffffff holds the LAPIC, IOAPIC, KVM identity map/TSS and a --bios image if given");
        VmmBars.crosvm(b, devicesText);
        return b.build();
    }

    @Override
    public boolean nestedInRam(java.util.Map<String, String> settings) {
        return true;
    }

    /** The VMM takes RAM in whole MiB (LayoutBuilder.wholeMib): place --maximize steps in multiples of 1 MiB whatever the granule. */
    @Override
    public long ramStep(java.util.Map<String, String> settings) {
        return 1L << 20;
    }
}
