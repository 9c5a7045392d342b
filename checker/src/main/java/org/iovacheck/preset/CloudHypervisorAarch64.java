package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.U64;

/**
 * cloud-hypervisor on aarch64 (arch/src/aarch64/layout.rs): UEFI flash at 0, GIC below 0x09000000, legacy devices, 32-bit PCI
 * MMIO 0x10000000, MMCONFIG 0x30000000, RAM 0x40000000-0xfbffffff, a 64 MiB reserved area below 4 GiB, then RAM from 4 GiB.
 */
public final class CloudHypervisorAarch64 implements Preset {
    static final long MIB = 1L << 20;
    static final long FOUR_GIB = 1L << 32;
    static final long RAM_START = 0x40000000L;
    static final long RESERVED_32BIT = 0xfc000000L;
    static final long PCI_HIGH_BASE = 0x200000000L;

    @Override
    public String name() {
        return "cloud-hypervisor-aarch64";
    }

    @Override
    public String summary() {
        return "cloud-hypervisor aarch64 (arch/src/aarch64/layout.rs: RAM 0x40000000-0xfbffffff, rest from 4 GiB)";
    }

    @Override
    public List<PresetParam> params() {
        return List.of(
                new PresetParam("ram", "512M", "--memory size=SIZE: guest RAM"),
                new PresetParam("ipa-bits", "40", "the VM's IPA size (the host's KVM limit); RAM must fit below it"),
                new PresetParam("devices", "none", "assigned devices whose BARs cloud-hypervisor allocates (--device NAME:bar0=SIZE,...)"));
    }

    @Override
    public GuestLayout layout(PresetArgs a) throws InputException {
        long ram = a.size("ram", 512 * MIB);
        int ipaBits = a.integer("ipa-bits", 32, 52, 40);
        String devicesText = a.text("devices");
        a.finish(this);
        LayoutBuilder b = new LayoutBuilder(name());
        long lowCapacity = RESERVED_32BIT - RAM_START;
        b.fillBanks(ram, new String[] {"ram-below-4g", "ram-above-4g"}, new long[] {RAM_START, FOUR_GIB}, new long[] {lowCapacity, 0});
        long ramEnd = U64.le(ram, lowCapacity) ? RAM_START + ram : LayoutBuilder.add(FOUR_GIB, ram - lowCapacity, "ram");
        long limit = U64.maskBits(ipaBits);
        if (U64.lt(limit, ramEnd - 1)) {
            throw InputException.option("ram", "RAM ends at " + U64.shortHex(ramEnd - 1) + ", beyond the " + ipaBits
                    + "-bit IPA space; KVM refuses the memory region");
        }
        b.sized("uefi-flash", GuestKind.ROM, 0, 4 * MIB, "ram");
        b.span("gic-dist", GuestKind.MMIO, 0x08ff0000L, 0x08ffffffL);
        b.span("legacy-devices", GuestKind.MMIO, 0x09000000L, 0x0905ffffL);
        b.span("pci-mmio-32", GuestKind.BAR, 0x10000000L, 0x2fffffffL);
        b.span("pci-mmconfig", GuestKind.MMIO, 0x30000000L, 0x3fffffffL);
        b.span("reserved-32bit", GuestKind.MMIO, RESERVED_32BIT, FOUR_GIB - 1);
        long highStart = U64.max(ramEnd, PCI_HIGH_BASE);
        if (U64.lt(highStart, limit)) {
            b.span("pci-mmio-64", GuestKind.BAR, highStart, limit);
        }
        b.option("--memory size=" + SizeText.of(ram));
        b.note("GICv3 redistributors and ITS sit below the distributor, sized by the vCPU count; not shown");
        b.note("uefi-flash is counted as DMA-mapped firmware (conservative); it only holds an image when booting UEFI");
        b.note("the start of the 64-bit PCI window (max of RAM end and PCI_HIGH_BASE 0x200000000) is not confirmed in the source read");
        VmmBars.cloudHypervisor(b, devicesText, ipaBits);
        return b.build();
    }

    @Override
    public boolean nestedInRam(java.util.Map<String, String> settings) {
        return true;
    }
}
