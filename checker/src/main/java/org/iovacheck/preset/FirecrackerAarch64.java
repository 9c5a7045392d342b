package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.U64;

/**
 * Firecracker on aarch64 (src/vmm/src/arch/aarch64/layout.rs): GIC and devices below 1 GiB, MMIO32 1-2 GiB with PCI MMCONFIG at
 * 0x70000000, RAM from DRAM_MEM_START 2 GiB up to the MMIO64 window at 256 GiB, RAM again from 512 GiB; at most 1022 GiB.
 */
public final class FirecrackerAarch64 implements Preset {
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final long DRAM_START = 0x80000000L;
    static final long DRAM_MAX = 0xff80000000L;
    static final long MMIO32_START = GIB;
    static final long MMCONFIG = 0x70000000L;
    static final long MMIO64_START = 256 * GIB;
    static final long MMIO64_END = 512 * GIB;

    @Override
    public String name() {
        return "firecracker-aarch64";
    }

    @Override
    public String summary() {
        return "Firecracker aarch64 (src/vmm/src/arch/aarch64/layout.rs: RAM 2-256 GiB, then from 512 GiB)";
    }

    @Override
    public List<PresetParam> params() {
        return List.of(new PresetParam("ram", "128M", "machine-config mem_size_mib: guest RAM (whole MiB, at most 1022 GiB)"));
    }

    @Override
    public GuestLayout layout(PresetArgs a) throws InputException {
        long ram = a.size("ram", 128 * MIB);
        a.finish(this);
        long mib = LayoutBuilder.wholeMib(ram, "ram", "Firecracker mem_size_mib");
        if (U64.lt(DRAM_MAX, ram)) {
            throw InputException.option("ram", "Firecracker caps aarch64 guest memory at DRAM_MEM_MAX_SIZE 1022 GiB and would give the guest"
                    + " less than requested; ask for at most 1022G");
        }
        LayoutBuilder b = new LayoutBuilder(name());
        b.fillBanks(ram, new String[] {"ram", "ram-above-512g"}, new long[] {DRAM_START, MMIO64_END},
                new long[] {MMIO64_START - DRAM_START, 0});
        b.span("gic-and-devices", GuestKind.MMIO, 0, MMIO32_START - 1);
        b.span("mmio32", GuestKind.BAR, MMIO32_START, MMCONFIG - 1);
        b.span("pci-mmconfig", GuestKind.MMIO, MMCONFIG, DRAM_START - 1);
        b.span("mmio64", GuestKind.BAR, MMIO64_START, MMIO64_END - 1);
        b.option("machine-config mem_size_mib=" + mib);
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
