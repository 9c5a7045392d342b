package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.U64;

/**
 * Xen on Arm (xen/include/public/arch-arm.h): two fixed RAM banks, GUEST_RAM0 at 0x40000000 (3 GiB) and GUEST_RAM1 at
 * 0x200000000 (1016 GiB), filled in that order, around fixed vGIC, vPCI, grant-table and magic-page windows.
 */
public final class XenArm implements Preset {
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final long RAM0_BASE = 0x40000000L;
    static final long RAM0_SIZE = 0xc0000000L;
    static final long RAM1_BASE = 0x200000000L;
    static final long RAM1_SIZE = 0xfe00000000L;

    @Override
    public String name() {
        return "xen-arm";
    }

    @Override
    public String summary() {
        return "Xen on Arm domU (xen/include/public/arch-arm.h GUEST_RAM0/GUEST_RAM1 banks)";
    }

    @Override
    public List<PresetParam> params() {
        return List.of(new PresetParam("ram", "32M", "xl.cfg memory=MBYTES: guest RAM (whole MiB; libxl's default is 32 MiB)"));
    }

    @Override
    public GuestLayout layout(PresetArgs a) throws InputException {
        long ram = a.size("ram", 32 * MIB);
        a.finish(this);
        long mib = LayoutBuilder.wholeMib(ram, "ram", "xl.cfg memory=");
        if (U64.lt(RAM0_SIZE + RAM1_SIZE, ram)) {
            throw InputException.option("ram", "memory=" + mib + " exceeds GUEST_RAM_MAX (GUEST_RAM0_SIZE + GUEST_RAM1_SIZE = 1019 GiB);"
                    + " the toolstack cannot place it");
        }
        LayoutBuilder b = new LayoutBuilder(name());
        b.fillBanks(ram, new String[] {"ram-bank0", "ram-bank1"}, new long[] {RAM0_BASE, RAM1_BASE}, new long[] {RAM0_SIZE, RAM1_SIZE});
        b.sized("virtio-mmio", GuestKind.MMIO, 0x02000000L, MIB, "ram");
        b.sized("vgic-dist", GuestKind.MMIO, 0x03001000L, 0x10000, "ram");
        b.sized("vgic-redist", GuestKind.MMIO, 0x03020000L, 16 * MIB, "ram");
        b.sized("vpci-ecam", GuestKind.MMIO, 0x10000000L, 256 * MIB, "ram");
        b.sized("acpi", GuestKind.MMIO, 0x20000000L, 32 * MIB, "ram");
        b.sized("pl011", GuestKind.MMIO, 0x22000000L, 0x1000, "ram");
        b.sized("vpci-mem", GuestKind.BAR, 0x23000000L, 256 * MIB, "ram");
        b.sized("grant-table", GuestKind.MMIO, 0x38000000L, 16 * MIB, "ram");
        b.sized("magic-pages", GuestKind.MMIO, 0x39000000L, 16 * MIB, "ram");
        b.sized("vpci-prefetch-mem", GuestKind.BAR, 0x100000000L, 4 * GIB, "ram");
        b.option("memory=" + mib);
        b.note("vGIC frames shown for GICv3 (dist 0x03001000, redist 0x03020000); GICv2 uses dist 0x03001000 and cpu 0x03002000");
        b.note("the acpi window holds tables only with acpi=1; counted as MMIO here. Guests must not rely on these fixed values (arch-arm.h)");
        b.note("Xen on Arm has no reserved-region or RMR handling in its passthrough code");
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
