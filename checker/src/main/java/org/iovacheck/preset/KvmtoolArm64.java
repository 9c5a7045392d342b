package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.U64;

/**
 * kvmtool on arm64 (arm/include/arm-common/kvm-arch.h, arm/aarch64/kvm.c): I/O and the GIC below 1 GiB, PCI config and MMIO
 * from ARM_AXI_AREA 0x40000000 to 2 GiB, one RAM bank at ARM_MEMORY_AREA 0x80000000 or at the base given by -m SIZE@ADDR.
 */
public final class KvmtoolArm64 implements Preset {
    static final long MIB = 1L << 20;
    static final long ARM_AXI_AREA = 0x40000000L;
    static final long ARM_MEMORY_AREA = 0x80000000L;
    static final long PCI_CFG_SIZE = 256 * MIB;

    @Override
    public String name() {
        return "kvmtool-arm64";
    }

    @Override
    public String summary() {
        return "kvmtool arm64 (arm/include/arm-common/kvm-arch.h, arm/aarch64/kvm.c: one RAM bank at 0x80000000 or -m SIZE@ADDR)";
    }

    @Override
    public List<PresetParam> params() {
        return List.of(
                new PresetParam("ram", "64M*(cpus+3)", "-m SIZE: guest RAM (kvmtool's default is 64 MiB per vCPU plus 192 MiB, at most 80% of host RAM)"),
                new PresetParam("base", "0x80000000", "-m SIZE@ADDR: RAM base address, at least 0x80000000"),
                new PresetParam("cpus", "1", "-c N: vCPUs (only sets the default RAM size here; kvmtool defaults to the host's CPU count)"),
                new PresetParam("ipa-bits", "40", "the host's KVM IPA limit (KVM_CAP_ARM_VM_IPA_SIZE); kvmtool refuses RAM beyond it"));
    }

    @Override
    public GuestLayout layout(PresetArgs a) throws InputException {
        int cpus = a.integer("cpus", 1, 4096, 1);
        long ram = a.size("ram", 64 * MIB * (cpus + 3));
        long base = a.address("base", ARM_MEMORY_AREA);
        int hostIpa = a.integer("ipa-bits", 32, 52, 40);
        a.finish(this);
        if (U64.lt(base, ARM_MEMORY_AREA)) {
            throw InputException.option("base", "RAM address is below the I/O region ending at 2GB (kvmtool refuses it)");
        }
        long maxIpa = LayoutBuilder.add(base, ram - 1, "ram");
        int needed = Math.max(32, 64 - Long.numberOfLeadingZeros(maxIpa));
        if (needed > hostIpa) {
            throw InputException.option("ram", "Memory too large for this system (needs " + needed + " bits, " + hostIpa
                    + " available) (kvmtool refuses it)");
        }
        LayoutBuilder b = new LayoutBuilder(name());
        b.span("io-and-platform", GuestKind.MMIO, 0, ARM_AXI_AREA - 1);
        b.sized("pci-cfg", GuestKind.MMIO, ARM_AXI_AREA, PCI_CFG_SIZE, "ram");
        b.span("pci-mmio", GuestKind.BAR, ARM_AXI_AREA + PCI_CFG_SIZE, ARM_MEMORY_AREA - 1);
        b.sized("ram", GuestKind.RAM, base, ram, "ram");
        String m = "-m " + SizeText.withUnit(ram) + (base == ARM_MEMORY_AREA ? "" : "@" + SizeText.withUnit(base));
        b.option("-c " + cpus);
        b.option(m);
        b.note("VM IPA size requested: " + needed + " bits (host limit " + hostIpa + ")");
        b.note("io-and-platform holds the ioport window, UART/RTC/pvtime, the flash, virtio-mmio transports and the GIC");
        b.note("kvmtool reads the host's sysfs reserved_regions itself and refuses RAM that overlaps any of them");
        return b.build();
    }

    @Override
    public java.util.Optional<MovableBank> movableBank(java.util.Map<String, String> settings) throws InputException {
        int ipa = new PresetArgs(settings).integer("ipa-bits", 32, 52, 40);
        return java.util.Optional.of(new MovableBank("base", ARM_MEMORY_AREA, U64.maskBits(ipa), 2 * MIB,
                "-m SIZE@ADDR: any 2 MiB-aligned base at or above 2 GiB with the bank inside the IPA space"));
    }

    @Override
    public boolean nestedInRam(java.util.Map<String, String> settings) {
        return true;
    }
}
