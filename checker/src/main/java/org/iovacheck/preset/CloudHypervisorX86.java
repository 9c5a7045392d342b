package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.U64;

/**
 * cloud-hypervisor on x86_64 (arch/src/x86_64/layout.rs): RAM from 0 up to MEM_32BIT_RESERVED_START 0xc0000000, 32-bit device
 * MMIO (640 MiB), PCI MMCONFIG 0xe8000000 (256 MiB), then RAM from 4 GiB; the 64-bit device area runs to the phys-bits limit.
 */
public final class CloudHypervisorX86 implements Preset {
    static final long MIB = 1L << 20;
    static final long FOUR_GIB = 1L << 32;
    static final long RESERVED_START = 0xc0000000L;
    static final long DEVICES_SIZE = 640 * MIB;
    static final long MMCONFIG = 0xe8000000L;
    static final long MMCONFIG_SIZE = 256 * MIB;

    @Override
    public String name() {
        return "cloud-hypervisor-x86_64";
    }

    @Override
    public String summary() {
        return "cloud-hypervisor x86_64 (arch/src/x86_64/layout.rs: RAM below 0xc0000000, rest from 4 GiB)";
    }

    @Override
    public List<PresetParam> params() {
        return List.of(
                new PresetParam("ram", "512M", "--memory size=SIZE: guest RAM"),
                new PresetParam("max-phys-bits", "46", "--cpus max_phys_bits=N: guest physical address bits; the 64-bit device area ends there"),
                new PresetParam("devices", "none", "assigned devices whose BARs cloud-hypervisor allocates (--device NAME:bar0=SIZE,...)"));
    }

    @Override
    public GuestLayout layout(PresetArgs a) throws InputException {
        long ram = a.size("ram", 512 * MIB);
        int physBits = a.integer("max-phys-bits", 32, 52, 46);
        String devicesText = a.text("devices");
        a.finish(this);
        LayoutBuilder b = new LayoutBuilder(name());
        b.fillBanks(ram, new String[] {"ram-below-4g", "ram-above-4g"}, new long[] {0, FOUR_GIB}, new long[] {RESERVED_START, 0});
        long ramEnd = U64.le(ram, RESERVED_START) ? ram : LayoutBuilder.add(FOUR_GIB, ram - RESERVED_START, "ram");
        long limit = U64.maskBits(physBits);
        if (U64.lt(limit, ramEnd - 1)) {
            throw InputException.option("ram", "RAM ends at " + U64.shortHex(ramEnd - 1) + ", above the " + physBits
                    + "-bit guest physical address space (raise max-phys-bits); iovacheck refuses it");
        }
        b.sized("pci-mmio-32", GuestKind.BAR, RESERVED_START, DEVICES_SIZE, "ram");
        b.sized("pci-mmconfig", GuestKind.MMIO, MMCONFIG, MMCONFIG_SIZE, "ram");
        b.span("platform", GuestKind.MMIO, MMCONFIG + MMCONFIG_SIZE, FOUR_GIB - 1);
        long deviceStart = U64.max(ramEnd, FOUR_GIB);
        if (U64.lt(deviceStart, limit)) {
            b.span("pci-mmio-64", GuestKind.BAR, deviceStart, limit);
        }
        b.option("--memory size=" + SizeText.of(ram));
        b.option("--cpus max_phys_bits=" + physBits);
        b.note("platform 0xf8000000-0xffffffff holds the KVM TSS and identity map, IOAPIC 0xfec00000, TPM 0xfed40000, APIC 0xfee00000");
        b.note("not modelled: memory zones, hotplug_size (hot-plugged RAM is placed after boot RAM) and the platform area at the top of the device area");
        VmmBars.cloudHypervisor(b, devicesText, physBits);
        return b.build();
    }

    @Override
    public boolean nestedInRam(java.util.Map<String, String> settings) {
        return true;
    }

    /**
     * One piece: RAM only grows; the devices' BARs are allocated top-down below 2^max-phys-bits whatever the RAM (a BAR that no
     * longer fits above RAM is refused); without devices, RAM above 4 GiB and pci-mmio-64 together cover [4 GiB, the limit].
     */
    @Override
    public long nestedPieceStart(java.util.Map<String, String> settings, long ram) {
        return 1;
    }
}
