package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;

/**
 * kvmtool on x86 (x86/kvm.c kvm__init_ram, x86/include/kvm/kvm-arch.h): RAM from 0 up to KVM_32BIT_GAP_START (4 GiB minus the
 * 768 MiB gap, 0xd0000000), the rest from 4 GiB.
 */
public final class KvmtoolX86 implements Preset {
    static final long MIB = 1L << 20;
    static final long FOUR_GIB = 1L << 32;
    static final long GAP_START = FOUR_GIB - 768 * MIB;
    static final long PLATFORM = 0xfec00000L;

    @Override
    public String name() {
        return "kvmtool-x86_64";
    }

    @Override
    public String summary() {
        return "kvmtool x86 (x86/kvm.c kvm__init_ram: RAM below 0xd0000000, rest from 4 GiB)";
    }

    @Override
    public List<PresetParam> params() {
        return List.of(
                new PresetParam("ram", "64M*(cpus+3)", "-m SIZE: guest RAM (kvmtool's default is 64 MiB per vCPU plus 192 MiB, at most 80% of host RAM)"),
                new PresetParam("cpus", "1", "-c N: vCPUs (only sets the default RAM size here; kvmtool defaults to the host's CPU count)"));
    }

    @Override
    public GuestLayout layout(PresetArgs a) throws InputException {
        int cpus = a.integer("cpus", 1, 4096, 1);
        long ram = a.size("ram", 64 * MIB * (cpus + 3));
        a.finish(this);
        LayoutBuilder b = new LayoutBuilder(name());
        b.fillBanks(ram, new String[] {"ram-below-4g", "ram-above-4g"}, new long[] {0, FOUR_GIB}, new long[] {GAP_START, 0});
        b.span("pci-mmio", GuestKind.BAR, GAP_START, PLATFORM - 1);
        b.span("platform", GuestKind.MMIO, PLATFORM, FOUR_GIB - 1);
        b.option("-c " + cpus);
        b.option("-m " + SizeText.withUnit(ram));
        b.note("pci-mmio stands for kvmtool's whole 32-bit gap (PCI config space and BARs); its inner layout is not modelled");
        b.note("kvmtool reads the host's sysfs reserved_regions itself and refuses RAM that overlaps any of them");
        return b.build();
    }

    @Override
    public boolean nestedInRam(java.util.Map<String, String> settings) {
        return true;
    }
}
