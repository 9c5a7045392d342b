package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.U64;

/**
 * crosvm on aarch64 (google/crosvm aarch64/src/lib.rs): one RAM region at AARCH64_PHYS_MEM_START 0x80000000, fixed low MMIO
 * (PCI CAM 0x10000, PCI memory 0x2000000, GIC below 0x40000000) and high MMIO from the end of RAM to the IPA limit.
 */
public final class CrosvmAarch64 implements Preset {
    static final long RAM_BASE = 0x80000000L;
    static final long MIB = 1L << 20;

    @Override
    public String name() {
        return "crosvm-aarch64";
    }

    @Override
    public String summary() {
        return "crosvm aarch64 (aarch64/src/lib.rs arch_memory_regions: RAM at 0x80000000)";
    }

    @Override
    public List<PresetParam> params() {
        return List.of(
                new PresetParam("ram", "256M", "--mem MiB: guest RAM, one region at 0x80000000 (whole MiB)"),
                new PresetParam("ipa-bits", "40", "the host's KVM IPA limit (KVM_CAP_ARM_VM_IPA_SIZE); crosvm sizes the VM to it"));
    }

    @Override
    public GuestLayout layout(PresetArgs a) throws InputException {
        long ram = a.size("ram", 256 * MIB);
        int ipaBits = a.integer("ipa-bits", 32, 52, 40);
        a.finish(this);
        long mib = LayoutBuilder.wholeMib(ram, "ram", "crosvm --mem");
        long ramEnd = LayoutBuilder.add(RAM_BASE, ram, "ram");
        long ipaTop = 1L << ipaBits;
        if (U64.lt(ipaTop, ramEnd)) {
            throw InputException.option("ram", "RAM ends at " + U64.shortHex(ramEnd) + ", beyond the " + ipaBits
                    + "-bit IPA space; KVM refuses the memory region and crosvm fails to start");
        }
        LayoutBuilder b = new LayoutBuilder(name());
        b.sized("rtc", GuestKind.MMIO, 0x2000, 0x1000, "ram");
        b.sized("vmwdt", GuestKind.MMIO, 0x3000, 0x1000, "ram");
        b.sized("pci-cam", GuestKind.MMIO, 0x10000, 0x1000000, "ram");
        b.sized("pvtime", GuestKind.MMIO, 0x1ff0000, 0x10000, "ram");
        b.sized("pci-mem", GuestKind.BAR, 0x2000000, 0x2000000, "ram");
        b.span("gic", GuestKind.MMIO, 0x3ffd0000L, 0x3fffffffL);
        b.sized("ram", GuestKind.RAM, RAM_BASE, ram, "ram");
        if (U64.lt(ramEnd, ipaTop)) {
            b.span("high-mmio", GuestKind.BAR, ramEnd, ipaTop - 1);
        }
        b.option("--mem " + mib);
        b.note("GICv3 redistributors sit below the distributor, one 128 KiB frame per vCPU; not shown");
        b.note("high-mmio spans the platform MMIO and the 64-bit PCI window that crosvm allocates after RAM");
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
