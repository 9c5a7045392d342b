package org.iovacheck.preset;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * QEMU arm {@code virt} (hw/arm/virt.c, QEMU 10.2): one RAM bank at 0x40000000, the pc-dimm/virtio-mem hot-plug area at the next
 * GiB above it, then the high regions (GIC redistributors, ECAM, 64-bit PCIe MMIO) from 256 GiB, each aligned to its size and
 * kept only when it fits the IPA width (virt_set_memmap, virt_set_high_memmap).
 */
public final class QemuVirt implements Preset {
    static final long GIB = 1L << 30;
    static final long RAM_BASE = 0x40000000L;
    static final long LEGACY_RAMLIMIT = 255 * GIB;

    @Override
    public String name() {
        return "qemu-virt";
    }

    @Override
    public String summary() {
        return "QEMU arm virt machine (hw/arm/virt.c base_memmap, extended_memmap, virt_set_memmap)";
    }

    @Override
    public List<PresetParam> params() {
        return List.of(
                new PresetParam("ram", "128M", "-m SIZE: guest RAM, one bank at 0x40000000"),
                new PresetParam("maxmem", "ram", "-m ...,maxmem=SIZE: upper bound of RAM plus hot-pluggable memory"),
                new PresetParam("slots", "0", "-m ...,slots=N: pc-dimm slots (each adds 1 GiB of alignment room to the hot-plug area)"),
                new PresetParam("highmem", "on", "-machine virt,highmem=on|off: regions above 4 GiB (off limits the IPA to 32 bits)"),
                new PresetParam("ipa-bits", "40", "the host's KVM IPA limit (KVM_CAP_ARM_VM_IPA_SIZE); high regions that do not fit are dropped"),
                new PresetParam("highmem-mmio-size", "512G", "-machine virt,highmem-mmio-size=SIZE (power of two, at least 512G)"),
                new PresetParam("highmem-ecam", "on", "-machine virt,highmem-ecam=on|off"),
                new PresetParam("highmem-redists", "on", "-machine virt,highmem-redists=on|off"),
                new PresetParam("highmem-mmio", "on", "-machine virt,highmem-mmio=on|off"),
                new PresetParam("compact-highmem", "on (off for machine 7.1 and older or QEMU 7.2 and older)",
                        "-machine virt,compact-highmem=on|off (QEMU 8.0 and later; default on for virt-7.2 and later)"),
                new PresetParam("qemu", "latest", "the QEMU release X.Y that runs the guest: before 8.0 there is no compact-highmem and no"
                        + " highmem-ecam/-redists/-mmio option, so every high region keeps its place (checked against QEMU 7.2)"),
                new PresetParam("machine", "latest", "machine-type version X.Y (virt-X.Y): 7.1 and older do not compact the high regions,"
                        + " 2.12 and older have no high ECAM (hw/arm/virt.c virt_machine_*_options)"),
                new PresetParam("firmware", "none", "edk2 (ArmVirtQemu, places the --device BARs) or none (not modelled)"),
                new PresetParam("devices", "none", "devices whose BARs the firmware places (--device NAME:bar0=SIZE,...; ';' between devices)"));
    }

    @Override
    public GuestLayout layout(PresetArgs a) throws InputException {
        long ram = a.size("ram", 128L << 20);
        long maxmem = a.size("maxmem", ram);
        int slots = a.integer("slots", 0, 256, 0);
        boolean highmem = a.bool("highmem", true);
        int hostIpa = a.integer("ipa-bits", 32, 52, 40);
        long mmioSize = a.size("highmem-mmio-size", 512 * GIB);
        MachineVersion qemu = MachineVersion.parse("qemu", a.text("qemu"));
        MachineVersion machine = MachineVersion.parse("machine", a.text("machine"));
        if (machine.latest() && !qemu.latest()) {
            machine = qemu;
        }
        if (machine.after(qemu.major(), qemu.minor())) {
            throw InputException.option("machine", "QEMU " + qemu.text() + " has no machine virt-" + machine.text());
        }
        // hw/arm/virt.c gained compact-highmem, highmem-ecam, highmem-redists and highmem-mmio in QEMU 8.0 (7.2's
        // virt_set_high_memmap reserves every high region in turn and only disables those that do not fit)
        boolean knobs8 = qemu.after(7, 2);
        for (String k : List.of("compact-highmem", "highmem-ecam", "highmem-redists", "highmem-mmio")) {
            if (a.has(k) && !knobs8) {
                throw InputException.option(k, "Property 'virt-" + machine.text() + "-machine." + k + "' not found: QEMU " + qemu.text()
                        + " has no such option (8.0 and later)");
            }
        }
        if (!machine.after(2, 5)) {
            throw InputException.option("machine", "virt-" + machine.text() + ": QEMU's oldest versioned virt machine is virt-2.6");
        }
        // virt_machine_2_12_options: no_highmem_ecam; virt_machine_7_1_options: no_highmem_compact (QEMU 7.2 hw/arm/virt.c)
        boolean ecamOn = a.bool("highmem-ecam", machine.after(2, 12));
        boolean redistOn = a.bool("highmem-redists", true);
        boolean mmioOn = a.bool("highmem-mmio", true);
        boolean compact = a.bool("compact-highmem", knobs8 && machine.after(7, 1));
        String firmware = a.choice("firmware", List.of("none", "edk2"), "none");
        String devicesText = a.text("devices");
        List<org.iovacheck.preset.firmware.BarSpec> devices = org.iovacheck.preset.firmware.DeviceSpecs.parse("none".equals(devicesText) ? null : devicesText);
        if (firmware.equals("none") && !devices.isEmpty()) {
            throw InputException.option("--device", "where the guest firmware puts BARs depends on it: give --set firmware=edk2");
        }
        a.finish(this);
        // softmmu/vl.c set_memory_options (QEMU 7.2; hw/core/machine.c machine_set_mem in 8.x and later)
        if (U64.lt(maxmem, ram)) {
            throw InputException.option("maxmem", "invalid value of maxmem: maximum memory size (0x" + Long.toHexString(maxmem)
                    + ") must be at least the initial memory size (0x" + Long.toHexString(ram) + ") (QEMU refuses it)");
        }
        if (slots > 0 && !a.has("maxmem")) {
            throw InputException.option("slots", "slots specified but no max-size (QEMU refuses it)");
        }
        if (slots > 0 && maxmem == ram) {
            throw InputException.option("slots", "invalid value of maxmem: memory slots were specified but maximum memory size (0x"
                    + Long.toHexString(maxmem) + ") is equal to the initial memory size (0x" + Long.toHexString(ram) + ") (QEMU refuses it)");
        }
        if ((mmioSize & (mmioSize - 1)) != 0 || U64.lt(mmioSize, 512 * GIB)) {
            throw InputException.option("highmem-mmio-size", "must be a power of two of at least 512G");
        }
        if (U64.lt(LEGACY_RAMLIMIT, ram) && !highmem) {
            throw InputException.option("ram", "qemu-virt: RAM above 255 GiB needs highmem=on");
        }
        int paBits = highmem ? hostIpa : 32;
        List<String> notes = new ArrayList<>();
        List<GuestRegion> rs = new ArrayList<>(lowMap());
        Range ramRange = range(RAM_BASE, ram, "ram");
        rs.add(new GuestRegion("ram", GuestKind.RAM, ramRange));

        long deviceMemoryBase = alignUp(U64.addExact(RAM_BASE, ram), GIB);
        long deviceMemorySize = U64.addExact(maxmem - ram, (long) slots * GIB);
        long memtop = U64.addExact(deviceMemoryBase, alignUp(deviceMemorySize, GIB));
        if (paBits < 64 && U64.lt(1L << paBits, memtop)) {
            throw InputException.option("ram", "qemu-virt: Addressing limited to " + paBits + " bits, but memory exceeds it by "
                    + Long.toUnsignedString(memtop - (1L << paBits)) + " bytes (QEMU refuses to start)");
        }
        if (deviceMemorySize != 0) {
            rs.add(new GuestRegion("hotplug-memory", GuestKind.HOTPLUG, Range.ofSize(deviceMemoryBase, deviceMemorySize)));
        }
        long base = U64.max(memtop, RAM_BASE + LEGACY_RAMLIMIT);
        long highestGpa = memtop - 1;
        Object[][] high = {
                {"high-gic-redist2", 64L << 20, highmem && redistOn, GuestKind.MMIO},
                {"high-pcie-ecam", 256L << 20, highmem && ecamOn, GuestKind.MMIO},
                {"high-pcie-mmio", mmioSize, highmem && mmioOn, GuestKind.BAR}};
        for (Object[] h : high) {
            String name = (String) h[0];
            long size = (Long) h[1];
            boolean enabled = (Boolean) h[2];
            long regionBase = alignUp(base, size);
            boolean fits = U64.addFits(regionBase, size) && (paBits == 64 || U64.le(regionBase + size, 1L << paBits));
            if (enabled && !fits) {
                notes.add(name + " does not fit in " + paBits + " IPA bits and is disabled (QEMU drops it)");
            }
            enabled &= fits;
            if (compact && !enabled) {
                continue;
            }
            base = regionBase + size;
            if (fits) {
                highestGpa = base - 1;
            }
            if (enabled) {
                rs.add(new GuestRegion(name, (GuestKind) h[3], Range.ofSize(regionBase, size)));
            }
        }
        int requested = Math.max(32, 64 - Long.numberOfLeadingZeros(highestGpa));
        notes.add("requested IPA size " + requested + " bits (host limit " + hostIpa + ")");
        List<String> opts = new ArrayList<>();
        StringBuilder mo = new StringBuilder("-machine virt" + (machine.latest() || machine.equals(qemu) ? "" : "-" + machine.text()));
        for (String k : List.of("highmem", "highmem-ecam", "highmem-redists", "highmem-mmio", "compact-highmem")) {
            if (a.has(k)) {
                mo.append(',').append(k).append('=').append(a.bool(k, true) ? "on" : "off");
            }
        }
        if (a.has("highmem-mmio-size")) {
            mo.append(",highmem-mmio-size=").append(SizeText.withUnit(mmioSize));
            notes.add("highmem-mmio-size exists in QEMU 10.1 and later only (version unconfirmed)");
        }
        if (a.has("highmem-ecam") || a.has("highmem-redists") || a.has("highmem-mmio") || a.has("compact-highmem")) {
            notes.add("highmem-ecam, highmem-redists, highmem-mmio and compact-highmem exist in QEMU 8.0 and later");
        }
        opts.add(mo.toString());
        String m = "-m " + SizeText.withUnit(ram);
        if (slots > 0 || maxmem != ram) {
            m += ",slots=" + slots + ",maxmem=" + SizeText.withUnit(maxmem);
        }
        opts.add(m);
        List<GuestRegion> bars = firmware.equals("edk2") ? ArmEdk2Bars.bars(rs, devices, notes) : List.of();
        return new GuestLayout("qemu-virt", rs, opts, notes, bars);
    }

    static List<GuestRegion> lowMap() {
        return List.of(
                mmio("flash", 0x00000000L, 0x08000000L),
                mmio("gic", 0x08000000L, 0x01000000L),
                mmio("platform-devices", 0x09000000L, 0x000d0000L),
                mmio("virtio-mmio", 0x0a000000L, 0x4000L),
                mmio("platform-bus", 0x0c000000L, 0x02000000L),
                mmio("secure-mem", 0x0e000000L, 0x01000000L),
                new GuestRegion("pcie-mmio", GuestKind.BAR, Range.ofSize(0x10000000L, 0x2eff0000L)),
                mmio("pcie-pio", 0x3eff0000L, 0x00010000L),
                mmio("pcie-ecam", 0x3f000000L, 0x01000000L));
    }

    static GuestRegion mmio(String name, long base, long size) {
        return new GuestRegion(name, GuestKind.MMIO, Range.ofSize(base, size));
    }

    static long alignUp(long v, long align) throws InputException {
        try {
            return U64.alignUp(v, align);
        } catch (ArithmeticException e) {
            throw InputException.option("ram", "layout passes the end of the 64-bit address space");
        }
    }

    static Range range(long base, long size, String what) throws InputException {
        try {
            return Range.ofSize(base, size);
        } catch (ArithmeticException e) {
            throw InputException.option(what, "region at " + U64.shortHex(base) + " of size " + SizeText.of(size) + " passes the end of the 64-bit address space");
        }
    }

    /**
     * With maxmem, RAM [1 GiB, 1 GiB + ram) grows while the hot-plug area [align_1G(1 GiB + ram), + maxmem - ram + slots GiB)
     * keeps its base and shrinks, as long as ram stays within one GiB step; and the top of memory (the aperture check) only
     * falls there. So the pieces start after every whole GiB of RAM.
     */
    @Override
    public java.util.Optional<java.util.Set<String>> shrinkingInRam(java.util.Map<String, String> settings) {
        return gibSteps(settings) < 0 ? java.util.Optional.empty() : java.util.Optional.of(java.util.Set.of("hotplug-memory"));
    }

    @Override
    public java.util.List<Long> ramBreaks(java.util.Map<String, String> settings) {
        long steps = gibSteps(settings);
        java.util.List<Long> breaks = new java.util.ArrayList<>();
        for (long k = 1; k <= steps; k++) {
            breaks.add(k * GIB + 1);
        }
        return breaks;
    }

    /** Whole GiB in maxmem when the hot-plug shape of {@link #shrinkingInRam} applies and the pieces are few enough, else -1. */
    private long gibSteps(java.util.Map<String, String> settings) {
        String highmem = settings.getOrDefault("highmem", "on");
        if (nestedInRam(settings) || !settings.containsKey("maxmem") || !List.of("on", "true", "yes").contains(highmem)) {
            return -1;
        }
        try {
            long steps = Long.divideUnsigned(new PresetArgs(settings).size("maxmem", 0), GIB);
            return steps > MAX_PIECES ? -1 : steps;
        } catch (InputException e) {
            return -1;
        }
    }

    /** Beyond this many GiB of maxmem the pieces are not listed and maximisation scans. */
    static final long MAX_PIECES = 1L << 16;

    /** With slots, QEMU refuses RAM equal to maxmem (set_memory_options): the accepted sizes end one byte below it. */
    @Override
    public long ramCeiling(java.util.Map<String, String> settings) {
        return QemuX86Pieces.ramCeiling(settings, Preset.super.ramCeiling(settings));
    }

    @Override
    public boolean nestedInRam(java.util.Map<String, String> settings) {
        return !settings.containsKey("maxmem") && !settings.containsKey("slots");
    }
}
