package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;

/**
 * Firecracker on x86_64 (src/vmm/src/arch/x86_64/layout.rs, arch_memory_regions): RAM below the 1 GiB MMIO32 window at
 * 0xc0000000, RAM from 4 GiB up to the MMIO64 window at 256 GiB, RAM again from FIRST_ADDR_PAST_64BITS_MMIO 512 GiB.
 */
public final class FirecrackerX86 implements Preset {
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final long FOUR_GIB = 1L << 32;
    static final long MMIO32_START = FOUR_GIB - GIB;
    static final long MMCONFIG = 0xfec00000L - 256 * MIB;
    static final long IOAPIC = 0xfec00000L;
    static final long MMIO64_START = 256 * GIB;
    static final long MMIO64_END = 512 * GIB;

    @Override
    public String name() {
        return "firecracker-x86_64";
    }

    @Override
    public String summary() {
        return "Firecracker x86_64 (src/vmm/src/arch/x86_64/layout.rs: RAM below 3 GiB, 4-256 GiB, from 512 GiB)";
    }

    @Override
    public List<PresetParam> params() {
        return List.of(new PresetParam("ram", "128M", "machine-config mem_size_mib: guest RAM (whole MiB)"));
    }

    @Override
    public GuestLayout layout(PresetArgs a) throws InputException {
        long ram = a.size("ram", 128 * MIB);
        a.finish(this);
        long mib = LayoutBuilder.wholeMib(ram, "ram", "Firecracker mem_size_mib");
        LayoutBuilder b = new LayoutBuilder(name());
        b.fillBanks(ram, new String[] {"ram-below-4g", "ram-above-4g", "ram-above-512g"},
                new long[] {0, FOUR_GIB, MMIO64_END}, new long[] {MMIO32_START, MMIO64_START - FOUR_GIB, 0});
        b.span("mmio32", GuestKind.BAR, MMIO32_START, MMCONFIG - 1);
        b.span("pci-mmconfig", GuestKind.MMIO, MMCONFIG, IOAPIC - 1);
        b.span("platform", GuestKind.MMIO, IOAPIC, FOUR_GIB - 1);
        b.span("mmio64", GuestKind.BAR, MMIO64_START, MMIO64_END - 1);
        b.option("machine-config mem_size_mib=" + mib);
        b.note("mmio32 starts with the boot-device window; platform holds the IOAPIC 0xfec00000, APIC 0xfee00000 and KVM TSS 0xfffbd000");
        b.note("Firecracker had no VFIO in the snapshot read; the layout is what a VFIO-enabled build would map");
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
