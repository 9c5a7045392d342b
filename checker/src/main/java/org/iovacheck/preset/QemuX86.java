package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.U64;

/**
 * The QEMU x86 rules q35 and pc share (hw/i386/pc.c of QEMU 10.x: pc_memory_init, pc_max_used_gpa, pc_pci_hole64_start,
 * pc_get_device_memory_range, the AMD HyperTransport relocation), plus the fixed low and top-of-4-GiB map.
 */
final class QemuX86 {
    static final long KIB = 1L << 10;
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final long FOUR_GIB = 1L << 32;
    static final long VGA_FIRST = 0xa0000L;
    static final long VGA_LAST = 0xbffffL;
    static final long SHADOW_FIRST = 0xc0000L;
    static final long IO_APIC = 0xfec00000L;
    static final long HPET = 0xfed00000L;
    static final long APIC = 0xfee00000L;
    static final long AMD_HT_START = 0xfd00000000L;
    static final long AMD_HT_END = 0xffffffffffL;
    static final long AMD_ABOVE_1TB_START = 0x10000000000L;
    static final int ACPI_MAX_RAM_SLOTS = 256;
    static final long MAX_BIOS = 16 * MIB;

    private QemuX86() {
    }

    /** Immutable; the user's parameters common to q35 and pc, RAM already rounded the way QEMU rounds -m (8 KiB). */
    record Params(long requestedRam, long ram, long maxRamBelow4g, long maxmem, boolean maxmemGiven, int slots, long hole64Size,
            boolean amd, MachineVersion machine, int physBits, long biosSize, boolean hostCpu, boolean vga, long ivshmem) {
        boolean maxRamBelow4gGiven() {
            return maxRamBelow4g != 0;
        }
    }

    static List<PresetParam> params(String maxRamBelow4gDefault, String hole64Default) {
        List<PresetParam> all = new java.util.ArrayList<>(basicParams(maxRamBelow4gDefault, hole64Default));
        all.addAll(X86Firmware.PARAMS);
        return List.copyOf(all);
    }

    private static List<PresetParam> basicParams(String maxRamBelow4gDefault, String hole64Default) {
        return List.of(
                new PresetParam("ram", "128M", "-m SIZE: guest RAM (QEMU rounds it up to 8 KiB)"),
                new PresetParam("max-ram-below-4g", maxRamBelow4gDefault, "-machine ...,max-ram-below-4g=SIZE: most RAM placed below 4 GiB (at most 4G)"),
                new PresetParam("maxmem", "ram", "-m ...,maxmem=SIZE: RAM plus hot-pluggable memory (pc-dimm/virtio-mem area)"),
                new PresetParam("slots", "0", "-m ...,slots=N: pc-dimm slots (each adds 1 GiB of alignment room to the hot-plug area; at most 256)"),
                new PresetParam("pci-hole64-size", hole64Default, "-global <host>.pci-hole64-size=SIZE: the 64-bit PCI hole above RAM"),
                new PresetParam("amd", "off", "on when the guest vCPU vendor is AMD (with KVM: an AMD host, or -cpu ...,vendor=AuthenticAMD)"),
                new PresetParam("machine", "latest", "machine-type version X.Y (e.g. 7.0); the 1 TiB AMD relocation applies only after 7.0"),
                new PresetParam("phys-bits", "40", "-cpu ...,phys-bits=N: guest physical address bits (32..52); QEMU refuses a layout above 2^N"),
                new PresetParam("cpu", "qemu64", "-cpu MODEL: qemu64 or host (host-passthrough: QEMU takes the host's phys-bits, "
                        + "target/i386/host-cpu.c host_cpu_max_instance_init; with a collected host the default phys-bits follow it)"),
                new PresetParam("bios-size", "256K (128K for pc 1.7 and older)", "size of the firmware image mapped below 4 GiB (bios-256k.bin;"
                        + " bios.bin for pc-i440fx-1.7 and older; OVMF is 2M or 4M), a multiple of 64K"),
                new PresetParam("vga", "std", "-vga std|none: QEMU's default display device is the std VGA (its 16 MiB vram BAR is RAM that VFIO"
                        + " maps); without VGA the RAM under 0xa0000-0xbffff is mapped too"),
                new PresetParam("ivshmem", "none", "SIZE: an ivshmem-plain device with a memory-backend-ram of SIZE (a RAM-backed 64-bit BAR)"));
    }

    static Params read(PresetArgs a, long hole64Default, String q35OrPc) throws InputException {
        long requested = a.size("ram", 128 * MIB);
        long ram = LayoutBuilder.alignUp(requested, 8 * KIB, "ram");
        long maxBelow = a.size("max-ram-below-4g", 0);
        boolean maxmemGiven = a.has("maxmem");
        long maxmem = a.size("maxmem", ram);
        int slots = a.integer("slots", 0, 1_000_000, 0);
        long hole64 = a.size("pci-hole64-size", hole64Default);
        boolean amd = a.bool("amd", false);
        MachineVersion machine = MachineVersion.parse("machine", a.text("machine"));
        String machineName = q35OrPc.equals("q35") ? "pc-q35-" + machine.text() : "pc-i440fx-" + machine.text();
        int physBits = a.integer("phys-bits", 32, 52, 40);
        // pc_i440fx_1_7 and older load bios.bin (128 KiB), later machines bios-256k.bin (hw/i386/pc_piix.c compat, QEMU 7.2)
        boolean oldPc = machineName.startsWith("pc-i440fx-") && !machine.after(1, 7);
        long bios = a.size("bios-size", oldPc ? 128 * KIB : 256 * KIB);
        boolean vga = a.choice("vga", List.of("std", "none"), "std").equals("std");
        long ivshmem = a.has("ivshmem") && !"none".equals(a.text("ivshmem")) ? a.size("ivshmem", 0) : 0;
        a.text("ivshmem");
        if (ivshmem != 0 && (Long.bitCount(ivshmem) != 1 || ivshmem < 4 * KIB)) {
            throw InputException.option("ivshmem", "ivshmem size must be a power of two of at least 4K (QEMU: the BAR size)");
        }
        boolean hostCpu = a.choice("cpu", List.of("qemu64", "host"), "qemu64").equals("host");
        if (U64.lt(FOUR_GIB, maxBelow)) {
            throw InputException.option("max-ram-below-4g", "Machine option 'max-ram-below-4g=" + Long.toUnsignedString(maxBelow)
                    + "' expects size less than or equal to 4G (QEMU refuses it)");
        }
        if ((bios & (64 * KIB - 1)) != 0 || U64.lt(MAX_BIOS, bios)) {
            throw InputException.option("bios-size", "a PC firmware image is a multiple of 64K and at most 16M (QEMU: could not load PC BIOS)");
        }
        return new Params(requested, ram, maxBelow, maxmem, maxmemGiven, slots, hole64, amd, machine, physBits, bios, hostCpu, vga, ivshmem);
    }

    /**
     * RAM from 0 up to below4g; with a VGA device its window 0xa0000-0xbffff is carved out (it hides 128 KiB of that RAM).
     * Without VGA the SMRAM alias (mch_update_smram in hw/pci-host/q35.c, i440fx_update_memory_mappings in
     * hw/pci-host/i440fx.c) leaves the range to the PCI address space, where nothing claims it, so QEMU shows RAM there.
     */
    static void addLow(LayoutBuilder b, long below4g, boolean vga) throws InputException {
        if (!vga) {
            b.sized("ram-below-4g", GuestKind.RAM, 0, below4g, "ram");
            return;
        }
        addLow(b, below4g);
    }

    /** The parameters with the guest's phys-bits after host-phys-bits-limit. */
    static Params withPhysBits(Params p, int physBits) {
        return new Params(p.requestedRam(), p.ram(), p.maxRamBelow4g(), p.maxmem(), p.maxmemGiven(), p.slots(), p.hole64Size(), p.amd(),
                p.machine(), physBits, p.biosSize(), p.hostCpu(), p.vga(), p.ivshmem());
    }

    /** RAM from 0 up to below4g, with the VGA window 0xa0000-0xbffff carved out (it hides 128 KiB of that RAM). */
    static void addLow(LayoutBuilder b, long below4g) throws InputException {
        if (U64.lt(VGA_FIRST, below4g) && U64.le(below4g, SHADOW_FIRST)) {
            throw InputException.option("ram", "RAM below 4 GiB would end inside the VGA window 0xa0000-0xbffff ("
                    + U64.shortHex(below4g) + "); iovacheck does not model such a guest (no PC firmware boots it)");
        }
        b.sized("ram-below-vga", GuestKind.RAM, 0, U64.min(below4g, VGA_FIRST), "ram");
        b.span("vga", GuestKind.MMIO, VGA_FIRST, VGA_LAST);
        if (U64.lt(SHADOW_FIRST, below4g)) {
            b.span("ram-below-4g", GuestKind.RAM, SHADOW_FIRST, below4g - 1);
        }
    }

    /** First address the firmware may give the 32-bit PCI hole: QEMU starts it at the end of low RAM, never inside the first MiB. */
    static long pciHoleStart(long below4g) {
        return U64.max(below4g, MIB);
    }

    /** IOAPIC, HPET, the LAPIC/MSI window and the RAM-backed firmware image at the top of 4 GiB. */
    static void addTop(LayoutBuilder b, Params p) throws InputException {
        b.sized("ioapic", GuestKind.MMIO, IO_APIC, 0x1000, "ram");
        b.sized("hpet", GuestKind.MMIO, HPET, 0x400, "ram");
        b.sized("lapic-msi", GuestKind.MMIO, APIC, MIB, "ram");
        b.sized("bios", GuestKind.ROM, FOUR_GIB - p.biosSize(), p.biosSize(), "bios-size");
    }

    /** Immutable; where pc_memory_init puts what lies above 4 GiB for one start of above-4G RAM. */
    private record Top(long aboveStart, long deviceBase, long hole64Start, long maxUsedGpa) {
    }

    private static Top top(long aboveStart, long above, boolean deviceMemory, long deviceSize, long hole64Size, boolean brokenEnd)
            throws InputException {
        long aboveEnd = LayoutBuilder.add(aboveStart, above, "ram");
        long deviceBase = LayoutBuilder.alignUp(aboveEnd, GIB, "maxmem");
        long afterDevices = deviceMemory ? (brokenEnd ? deviceBase : LayoutBuilder.add(deviceBase, deviceSize, "maxmem")) : aboveEnd;
        long hole64Start = LayoutBuilder.alignUp(afterDevices, GIB, "maxmem");
        long maxUsed = LayoutBuilder.add(hole64Start, hole64Size, "pci-hole64-size") - 1;
        return new Top(aboveStart, deviceBase, hole64Start, maxUsed);
    }

    /**
     * Above-4G RAM, the hot-plug area and the 64-bit PCI hole, with the AMD 1 TiB relocation and QEMU's refusals
     * (maxmem/slots checks, "phys-bits too low").
     */
    /** Immutable; what addHigh decided that the firmware model reads: above-4G RAM, the hot-plug end, the 64-bit hole, the HT e820 entry. */
    record High(long aboveStart, long above, long reservedMemoryEnd, org.iovacheck.model.Range hole64, boolean htReserved,
            boolean brokenReservedEnd) {
    }

    static High addHigh(LayoutBuilder b, Params p, long below4g, String machineName) throws InputException {
        long ram = p.ram();
        long above = ram - below4g;
        boolean hasReservedMemory = p.machine().after(2, 0);
        if (U64.lt(p.maxmem(), ram)) {
            throw InputException.option("maxmem", "invalid value of maxmem: maximum memory size (0x" + Long.toHexString(p.maxmem())
                    + ") must be at least the initial memory size (0x" + Long.toHexString(ram) + ") (QEMU refuses it)");
        }
        if (p.slots() > 0 && !p.maxmemGiven()) {
            throw InputException.option("slots", "slots specified but no max-size (QEMU refuses it: softmmu/vl.c set_memory_options)");
        }
        if (p.slots() > 0 && p.maxmem() == ram) {
            throw InputException.option("slots", "invalid value of maxmem: memory slots were specified but maximum memory size (0x"
                    + Long.toHexString(ram) + ") is equal to the initial memory size (0x" + Long.toHexString(ram) + ") (QEMU refuses it)");
        }
        boolean deviceMemory = U64.lt(ram, p.maxmem());
        if (!hasReservedMemory && (p.slots() > 0 || deviceMemory)) {
            throw InputException.option("maxmem", "\"-memory 'slots|maxmem'\" is not supported by: " + machineName + " (QEMU refuses it)");
        }
        if (p.slots() > ACPI_MAX_RAM_SLOTS) {
            throw InputException.option("slots", "unsupported amount of memory slots: " + p.slots() + " (QEMU allows at most 256)");
        }
        if (deviceMemory && (p.maxmem() & 4095) != 0) {
            throw InputException.option("maxmem", "maximum memory size must by aligned to multiple of 4096 bytes (QEMU refuses it)");
        }
        // machines up to 2.4 have broken_reserved_end (hw/i386/pc_piix.c, pc_q35.c compat): pc_pci_hole64_start starts the 64-bit
        // hole at the hot-plug area's base instead of its end, and etc/reserved-memory-end tells the firmware the same
        boolean brokenReservedEnd = deviceMemory && !p.machine().after(2, 4);
        long deviceSize = 0;
        if (deviceMemory) {
            long slotRoom;
            try {
                slotRoom = Math.multiplyExact((long) p.slots(), GIB);
            } catch (ArithmeticException e) {
                throw InputException.option("slots", "too many slots");
            }
            deviceSize = LayoutBuilder.add(p.maxmem() - ram, slotRoom, "maxmem");
        }
        boolean amdRule = p.amd() && p.machine().after(7, 0);
        Top t = top(FOUR_GIB, above, deviceMemory, deviceSize, p.hole64Size(), brokenReservedEnd);
        if (amdRule && U64.le(AMD_HT_START, t.maxUsedGpa())) {
            b.note("AMD vCPU on machine " + p.machine().text() + ": the highest used address " + U64.shortHex(t.maxUsedGpa())
                    + " reaches the HyperTransport hole 0xfd00000000-0xffffffffff, so QEMU moves all above-4G RAM to 1 TiB");
            t = top(AMD_ABOVE_1TB_START, above, deviceMemory, deviceSize, p.hole64Size(), brokenReservedEnd);
        } else if (p.amd() && !amdRule) {
            b.note("AMD vCPU but machine " + p.machine().text() + " (7.0 or older) does not enforce the 1 TiB hole: above-4G RAM stays at 4 GiB");
        }
        long limit = U64.maskBits(p.physBits());
        if (U64.lt(limit, t.maxUsedGpa())) {
            throw InputException.option("phys-bits", "Address space limit 0x" + Long.toHexString(limit) + " < 0x" + Long.toHexString(t.maxUsedGpa())
                    + " phys-bits too low (" + p.physBits() + ") (QEMU refuses to start)");
        }
        if (above != 0) {
            b.sized("ram-above-4g", GuestKind.RAM, t.aboveStart(), above, "ram");
        }
        if (deviceMemory) {
            b.sized("hotplug-memory", GuestKind.HOTPLUG, t.deviceBase(), deviceSize, "maxmem");
        }
        long hole64End = LayoutBuilder.alignUp(LayoutBuilder.add(t.hole64Start(), p.hole64Size(), "pci-hole64-size"), GIB, "pci-hole64-size");
        long hole64First = t.hole64Start();
        if (brokenReservedEnd) {
            long deviceEnd = t.deviceBase() + deviceSize;
            b.note("machine " + p.machine().text() + " (2.4 or older, broken_reserved_end): QEMU's 64-bit PCI hole starts at the hot-plug"
                    + " area " + U64.shortHex(t.hole64Start()) + " and overlaps it; shown from the area's end");
            hole64First = deviceEnd;
        }
        // machines up to 2.10 lack pci-hole64-fix (hw/i386/pc.c pc_compat_2_10: x-pci-hole64-fix off): the host bridge reports
        // as 64-bit window only the span of the 64-bit BARs the firmware assigned, none without such BARs
        boolean hole64Fix = p.machine().after(2, 10);
        if (!hole64Fix) {
            b.note("machine " + p.machine().text() + " (2.10 or older, no pci-hole64-fix): no 64-bit PCI window beyond the 64-bit BARs the"
                    + " firmware assigns");
        }
        if (hole64Fix && U64.lt(hole64First, hole64End)) {
            b.span("pci-hole64", GuestKind.BAR, hole64First, hole64End - 1);
        }
        long reservedEnd = deviceMemory ? LayoutBuilder.alignUp(t.deviceBase() + (brokenReservedEnd ? 0 : deviceSize), GIB, "maxmem") : 0;
        boolean ht = amdRule && p.physBits() >= 40;
        if (ht) {
            b.span("amd-ht-hole", GuestKind.MMIO, AMD_HT_START, AMD_HT_END);
        }
        b.note("highest used guest address (pc_max_used_gpa) " + U64.shortHex(t.maxUsedGpa()) + ", phys-bits " + p.physBits());
        return new High(t.aboveStart(), above, reservedEnd, new org.iovacheck.model.Range(t.hole64Start(), hole64End - 1), ht,
                brokenReservedEnd);
    }

    static void commonNotes(LayoutBuilder b, Params p) {
        if (p.ram() != p.requestedRam()) {
            b.note("QEMU rounds -m up to a multiple of 8 KiB: " + Long.toUnsignedString(p.ram()) + " bytes of RAM");
        }
        b.note("0xc0000-0xfffff holds option ROM and BIOS shadows (PAM); RAM-backed either way, so it is DMA-mapped like RAM");
        b.note("not modelled: SMRAM/TSEG (OVMF with SMM), SGX EPC, CXL windows, firmware-moved PCI windows (unless firmware= is set)");
    }

    static String memoryOption(Params p) {
        String m = "-m " + SizeText.withUnit(p.requestedRam());
        if (p.slots() > 0 || p.maxmem() != p.ram()) {
            m += ",slots=" + p.slots() + ",maxmem=" + SizeText.withUnit(p.maxmem());
        }
        return m;
    }

    static String vgaOption(Params p) {
        return "-vga " + (p.vga() ? "std" : "none");
    }

    static String cpuOption(Params p) {
        if (p.hostCpu()) {
            // host-phys-bits would override phys-bits (target/i386/host-cpu.c host_cpu_realizefn), so it is turned off explicitly
            return "-cpu host,host-phys-bits=off,phys-bits=" + p.physBits();
        }
        return "-cpu qemu64,vendor=" + (p.amd() ? "AuthenticAMD" : "GenuineIntel") + ",phys-bits=" + p.physBits();
    }

    /** What q35 and pc add after their own low map: the top of 4 GiB, everything above it, the VMM options and the split note. */
    static void finishLayout(LayoutBuilder b, Params p, long below, String machineName, String hostBridge, long hole64Default,
            X86Firmware fw) throws InputException {
        addTop(b, p);
        High h = addHigh(b, p, below, machineName);
        b.option("-machine " + machineName + (p.maxRamBelow4gGiven() ? ",max-ram-below-4g=" + SizeText.withUnit(p.maxRamBelow4g()) : ""));
        b.option(memoryOption(p));
        b.option(fw.cpuOption(p, cpuOption(p)));
        b.option(vgaOption(p));
        if (p.ivshmem() != 0) {
            b.option("-object memory-backend-ram,id=shm0,size=" + SizeText.withUnit(p.ivshmem()));
            b.option("-device ivshmem-plain,memdev=shm0");
        }
        fw.apply(b, new org.iovacheck.preset.firmware.X86Platform(below, h.aboveStart(), h.above(), h.reservedMemoryEnd(), h.htReserved(),
                p.amd(), p.physBits()), h.hole64(), SeabiosLayout.of(p, machineName.contains("q35"), h.brokenReservedEnd()));
        if (p.hole64Size() != hole64Default) {
            b.option("-global " + hostBridge + ".pci-hole64-size=" + SizeText.withUnit(p.hole64Size()));
        }
        b.note("RAM below 4 GiB: " + SizeText.of(below) + ", above: " + SizeText.of(p.ram() - below));
    }
}
