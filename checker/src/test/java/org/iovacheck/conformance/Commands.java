package org.iovacheck.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The QEMU argv for a preset's settings, written here from QEMU's own option syntax and independent of the preset's code (the
 * preset's printed options are run as a second command), plus the harness additions both commands get: TCG, a RAM backend
 * with reserve=off so that TiB guests cost nothing, and the vCPU whose address width stands for the host limit.
 */
final class Commands {
    private Commands() {
    }

    /** QEMU -m rounding (softmmu/vl.c set_memory_options: QEMU_ALIGN_UP(sz, 8192)). */
    static long qemuRam(long bytes) {
        return (bytes + 8191) & ~8191L;
    }

    static long size(String text) {
        String t = text.trim();
        if (t.startsWith("0x")) {
            return Long.parseUnsignedLong(t.substring(2), 16);
        }
        char u = Character.toUpperCase(t.charAt(t.length() - 1));
        int shift = switch (u) {
            case 'B' -> 0;
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> -1;
        };
        return shift < 0 ? Long.parseUnsignedLong(t) << 20 : Long.parseUnsignedLong(t.substring(0, t.length() - 1)) << shift;
    }

    /** QEMU reads a bare or hex number given to -m as MiB: hex sizes are written as bytes with the B suffix. */
    static String bytes(String size) {
        return size.startsWith("0x") ? Long.toUnsignedString(size(size)) + "B" : size;
    }

    /** The settings as QEMU options (x86 q35/pc or arm virt). */
    static List<String> fromSettings(String preset, Map<String, String> s) {
        List<String> a = new ArrayList<>();
        String version = s.get("machine");
        String m = bytes(s.getOrDefault("ram", "128M"));
        if (s.containsKey("slots")) {
            m += ",slots=" + s.get("slots");
        }
        if (s.containsKey("maxmem")) {
            m += ",maxmem=" + bytes(s.get("maxmem"));
        }
        if (preset.equals("qemu-virt")) {
            StringBuilder mach = new StringBuilder(version == null ? "virt" : "virt-" + version);
            for (String k : List.of("highmem", "highmem-ecam", "highmem-redists", "highmem-mmio", "compact-highmem", "highmem-mmio-size")) {
                if (s.containsKey(k)) {
                    mach.append(',').append(k).append('=').append(s.get(k));
                }
            }
            a.addAll(List.of("-machine", mach.toString(), "-m", m));
            return a;
        }
        boolean q35 = preset.equals("qemu-q35");
        String mach = version == null ? (q35 ? "q35" : "pc") : (q35 ? "pc-q35-" : "pc-i440fx-") + version;
        if (s.containsKey("max-ram-below-4g")) {
            mach += ",max-ram-below-4g=" + s.get("max-ram-below-4g");
        }
        a.addAll(List.of("-machine", mach, "-m", m));
        a.addAll(List.of("-cpu", "qemu64,vendor=" + ("on".equals(s.get("amd")) ? "AuthenticAMD" : "GenuineIntel")
                + (s.containsKey("phys-bits") ? ",phys-bits=" + s.get("phys-bits") : "")));
        if (s.containsKey("pci-hole64-size")) {
            a.addAll(List.of("-global", (q35 ? "q35-pcihost" : "i440FX-pcihost") + ".pci-hole64-size=" + s.get("pci-hole64-size")));
        }
        String vga = s.getOrDefault("vga", "std");
        a.addAll(List.of("-vga", vga));
        if (s.containsKey("ivshmem")) {
            a.addAll(List.of("-object", "memory-backend-ram,id=shm0,size=" + s.get("ivshmem"), "-device", "ivshmem-plain,memdev=shm0"));
        }
        return a;
    }

    /**
     * The stand-ins for the assigned devices of the {@code devices} setting ("t0:bar0=4K/32,bar2=16G;t1:..."): one pci-testdev
     * per device, its membar the size of bar2. QEMU 7.2 hw/misc/pci-testdev.c pci_testdev_realize registers a small 32-bit
     * memory BAR 0 (SeaBIOS sizes it 4 KiB, PCI_DEVICE_MEM_MIN), an I/O BAR 1 and, with membar, a 64-bit prefetchable BAR 2 of
     * that size (as `info pci` shows); the setting must say so.
     * Appended to both commands after every other device, so the stand-ins come last in slot order.
     */
    static List<String> testDevices(Map<String, String> s) {
        List<String> a = new ArrayList<>();
        String d = s.get("devices");
        if (d == null) {
            return a;
        }
        for (String dev : d.split(";")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^[a-z0-9]+:bar0=4K/32,bar2=([0-9]+[KMG])$").matcher(dev);
            if (!m.matches()) {
                throw new IllegalArgumentException("a device of the suite is NAME:bar0=4K/32,bar2=SIZE (pci-testdev), not " + dev);
            }
            a.addAll(List.of("-device", "pci-testdev,membar=" + m.group(1)));
        }
        return a;
    }

    /** Splits printed VMM options ("-m 4G,maxmem=8G") into argv words. */
    static List<String> fromPrinted(List<String> options) {
        List<String> a = new ArrayList<>();
        for (String o : options) {
            int sp = o.indexOf(' ');
            if (sp < 0) {
                a.add(o);
            } else {
                a.add(o.substring(0, sp));
                a.add(o.substring(sp + 1));
            }
        }
        return a;
    }

    /**
     * Harness additions: -accel tcg, -S unless the firmware must run, the RAM as memory-backend-ram with reserve=off (size taken
     * from the -m in {@code argv}), and for virt a GICv3 and the vCPU whose PARange is {@code ipaBits}.
     */
    static List<String> harness(String preset, List<String> argv, int ipaBits, int smp, boolean runFirmware) {
        List<String> a = new ArrayList<>(argv);
        a.addAll(List.of("-accel", "tcg"));
        if (!runFirmware) {
            a.add("-S");
        }
        int mi = a.indexOf("-m");
        long ram = qemuRam(size(a.get(mi + 1).split(",")[0]));
        a.addAll(List.of("-object", "memory-backend-ram,id=ram0,size=" + ram + ",reserve=off", "-machine", "memory-backend=ram0"));
        if (preset.equals("qemu-virt")) {
            a.addAll(List.of("-machine", "gic-version=3", "-cpu", virtCpu(ipaBits), "-smp", Integer.toString(smp)));
        }
        return a;
    }

    /**
     * A QEMU 7.2 vCPU whose ID_AA64MMFR0.PARange gives this many physical address bits: under TCG, hw/arm/virt.c machvirt_init
     * takes the IPA limit from arm_pamax(cpu) where KVM would take the host's KVM_CAP_ARM_VM_IPA_SIZE (target/arm/cpu64.c
     * register values: cortex-a53 PARange 2 = 40 bits, cortex-a57 4 = 44 bits, neoverse-n1 5 = 48 bits, max 6 = 52 bits).
     */
    static String virtCpu(int ipaBits) {
        return switch (ipaBits) {
            case 40 -> "cortex-a53";
            case 44 -> "cortex-a57";
            case 48 -> "neoverse-n1";
            case 52 -> "max";
            default -> throw new IllegalArgumentException("no QEMU vCPU with " + ipaBits + " PA bits in the suite");
        };
    }
}
