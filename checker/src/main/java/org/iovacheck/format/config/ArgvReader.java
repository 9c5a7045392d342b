package org.iovacheck.format.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.iovacheck.format.InputException;

/**
 * Reads a QEMU command line (qemu-options.hx) into a {@link GuestConfig}: -machine with its properties, -m size/slots/maxmem,
 * -object memory-backend-*, -device pc-dimm/nvdimm/virtio-mem-pci/vfio-pci/ivshmem-plain/intel-iommu/virtio-iommu-pci, -global
 * q35-pcihost/i440FX-pcihost.pci-hole64-size, -cpu with phys-bits/host-phys-bits/host-phys-bits-limit/vendor, -bios and -drive if=pflash. Every other
 * option is listed as ignored.
 */
public final class ArgvReader {
    /** Options that take no argument (qemu-options.hx entries without an argument). */
    private static final Set<String> NO_ARG = Set.of("enable-kvm", "nographic", "S", "no-user-config", "nodefaults", "no-shutdown",
            "no-reboot", "daemonize", "snapshot", "no-hpet", "no-acpi", "usb", "mem-prealloc", "full-screen", "no-fd-bootchk",
            "only-migratable", "no-quit", "s", "version", "h", "help", "enable-sync-profile", "win2k-hack", "preconfig", "no-graphic");

    private ArgvReader() {
    }

    /** A whole command line: an optional program name (qemu-system-x86_64, qemu-kvm, ...) followed by options. */
    public static GuestConfig read(List<String> words, String file) throws InputException {
        ConfigBuilder b = new ConfigBuilder(GuestConfig.Syntax.QEMU_ARGV, file);
        List<String> opts = words;
        boolean arm = false;
        boolean kvmProgram = false;
        if (!words.isEmpty() && !words.get(0).startsWith("-")) {
            String prog = words.get(0);
            String base = prog.substring(prog.lastIndexOf('/') + 1);
            if (base.startsWith("qemu-system-")) {
                String arch = base.substring("qemu-system-".length());
                if (arch.equals("aarch64")) {
                    arm = true;
                } else if (!arch.equals("x86_64") && !arch.equals("i386")) {
                    throw new InputException(file, 1, "'" + base + "' is not modelled (iovacheck reads qemu-system-x86_64 and qemu-system-aarch64)");
                }
            } else if (base.equals("qemu-kvm")) {
                kvmProgram = true;
            } else {
                throw new InputException(file, 1, "'" + prog + "' is neither a QEMU program (qemu-system-x86_64, qemu-kvm, ...) nor an option");
            }
            opts = words.subList(1, words.size());
        }
        boolean kvm = kvmProgram || accelKvm(opts);
        applyOptions(opts, b, false, kvm);
        if (b.preset == null) {
            if (arm) {
                throw new InputException(file, 0, "no -machine: qemu-system-aarch64 has no default machine (QEMU refuses to start)");
            }
            b.machine("pc", 0);
            b.notes.add("no -machine: qemu-system-x86_64's default machine is pc (i440fx)");
        }
        if (arm != b.preset.equals("qemu-virt") && !words.isEmpty() && !words.get(0).startsWith("-")) {
            throw new InputException(file, 0, "machine does not go with " + words.get(0));
        }
        applyGlobals(b);
        if (!b.settings.containsKey("ram")) {
            b.notes.add("no -m: QEMU's default RAM size, 128 MiB");
        }
        if (b.firmware == null && !arm) {
            b.firmware = "seabios";
            b.notes.add("no -bios and no pflash drive: QEMU's default firmware, SeaBIOS");
        }
        finishCpu(b, kvm);
        return b.build();
    }

    private static boolean accelKvm(List<String> opts) {
        for (int i = 0; i < opts.size(); i++) {
            String o = opts.get(i).replaceFirst("^--", "-");
            String next = i + 1 < opts.size() ? opts.get(i + 1) : "";
            if (o.equals("-enable-kvm") || (o.equals("-accel") && next.startsWith("kvm"))
                    || ((o.equals("-machine") || o.equals("-M")) && next.matches("(.*,)?accel=kvm.*"))) {
                return true;
            }
        }
        return false;
    }

    /** State of -cpu while options are read; finished by {@link #finishCpu}. */
    private static final String CPU_KEY = " cpu";

    /** Applies options to the builder; {@code partial} for libvirt's qemu:commandline (arguments added to what libvirt generates). */
    static void applyOptions(List<String> opts, ConfigBuilder b, boolean partial, boolean kvm) throws InputException {
        Map<String, Long> backends = new HashMap<>();
        String file = b.file;
        for (int i = 0; i < opts.size(); i++) {
            String raw = opts.get(i);
            if (!raw.startsWith("-")) {
                throw new InputException(file, 0, "'" + raw + "' is not an option (QEMU options start with '-'; word " + (i + 1) + ")");
            }
            String name = raw.replaceFirst("^--?", "");
            if (NO_ARG.contains(name)) {
                if (!name.equals("enable-kvm")) {
                    b.ignore(raw);
                }
                continue;
            }
            if (i + 1 >= opts.size()) {
                throw new InputException(file, 0, raw + " needs an argument");
            }
            String v = opts.get(++i);
            switch (name) {
                case "machine", "M" -> machine(v, b);
                case "accel" -> {
                }
                case "m" -> memory(v, b);
                case "object" -> object(v, b, backends);
                case "device" -> ArgvDevices.device(v, b, backends);
                case "global" -> global(v, b);
                case "cpu" -> b.settings.put(CPU_KEY, v);
                case "bios" -> b.firmware = v.toLowerCase(Locale.ROOT).contains("ovmf") || v.toLowerCase(Locale.ROOT).contains("edk2") ? "ovmf" : "seabios";
                case "drive" -> {
                    if (v.matches("(.*,)?if=pflash(,.*)?")) {
                        b.firmware = "ovmf";
                    } else {
                        b.ignore("-drive");
                    }
                }
                case "fw_cfg" -> {
                    // -fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=N: OVMF's 64-bit PCI window size in MiB
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=opt/ovmf/X-PciMmio64Mb,string=(\\d+)").matcher(v);
                    if (m.matches()) {
                        b.settings.put("x-pci-mmio64-mb", m.group(1));
                    } else {
                        b.ignore("-fw_cfg");
                    }
                }
                case "numa" -> {
                    if (!b.notes.contains(NUMA_NOTE)) {
                        b.notes.add(NUMA_NOTE);
                    }
                }
                default -> b.ignore(raw);
            }
        }
        if (partial) {
            applyGlobals(b);
            finishCpu(b, kvm);
        }
    }

    private static final String NUMA_NOTE = "NUMA: QEMU lays guest RAM out as one block whatever the -numa nodes (they only shape the ACPI SRAT),"
            + " so the layout is the same";

    private static void machine(String v, ConfigBuilder b) throws InputException {
        Map<String, String> o = QemuOpts.parse(v, "type", "-machine", b.file);
        for (Map.Entry<String, String> e : o.entrySet()) {
            String k = e.getKey();
            String val = e.getValue();
            switch (k) {
                case "type" -> b.machine(val, 0);
                case "accel", "kernel-irqchip", "kernel_irqchip", "dump-guest-core", "mem-merge", "usb", "vmport", "smm", "hpet",
                        "graphics", "suppress-vmdesc", "memory-backend", "i8042", "sata", "smbus", "pit", "pic", "acpi" -> b.ignore("-machine " + k);
                case "max-ram-below-4g" -> b.settings.put(k, Long.toString(QemuOpts.size(val, 1, "-machine max-ram-below-4g", b.file)));
                case "highmem-mmio-size" -> b.settings.put(k, Long.toString(QemuOpts.size(val, 1, "-machine " + k, b.file)));
                case "highmem", "highmem-ecam", "highmem-redists", "highmem-mmio", "compact-highmem" ->
                        b.settings.put(k, QemuOpts.bool(val, "-machine " + k, b.file) ? "on" : "off");
                case "pflash0" -> b.firmware = "ovmf";
                default -> b.ignore("-machine " + k);
            }
        }
    }

    private static void memory(String v, ConfigBuilder b) throws InputException {
        Map<String, String> o = QemuOpts.parse(v, "size", "-m", b.file);
        for (Map.Entry<String, String> e : o.entrySet()) {
            switch (e.getKey()) {
                // vl.c parse_memory_options: a size without a suffix is MiB
                case "size" -> {
                    long ram = QemuOpts.size(e.getValue(), 1L << 20, "-m size", b.file);
                    if (ram == 0) {
                        // softmmu/vl.c parse_memory_options passes no size then: the machine's default_ram_size (hw/core/machine.c)
                        ram = 128L << 20;
                        b.notes.add("-m " + e.getValue() + " is 0 bytes as QEMU reads it: QEMU's default RAM size, 128 MiB");
                    }
                    b.settings.put("ram", Long.toString(ram));
                }
                case "maxmem" -> b.settings.put("maxmem", Long.toString(QemuOpts.size(e.getValue(), 1, "-m maxmem", b.file)));
                case "slots" -> b.settings.put("slots", Integer.toString(QemuOpts.integer(e.getValue(), "-m slots", b.file, 0, 1_000_000)));
                default -> throw new InputException(b.file, 0, "-m: unknown property '" + e.getKey() + "' (QEMU takes size, slots, maxmem)");
            }
        }
    }

    private static void object(String v, ConfigBuilder b, Map<String, Long> backends) throws InputException {
        Map<String, String> o = QemuOpts.parse(v, "qom-type", "-object", b.file);
        String type = o.getOrDefault("qom-type", "");
        if (type.startsWith("memory-backend-")) {
            if (!o.containsKey("id") || !o.containsKey("size")) {
                throw new InputException(b.file, 0, "-object " + type + " needs id= and size=");
            }
            backends.put(o.get("id"), QemuOpts.size(o.get("size"), 1, "-object " + type + " size", b.file));
        } else {
            b.ignore("-object " + type);
        }
    }

    /** softmmu/qdev-monitor.c qemu_global_option: sscanf "%63[^.=].%63[^=]" then '=', else the option list driver=,property=,value=. */
    private static final java.util.regex.Pattern GLOBAL_SHORT = java.util.regex.Pattern.compile("([^.=]+)\\.([^=]+)=(.*)", java.util.regex.Pattern.DOTALL);
    /** The PCI host bridges whose pci-hole64-size property sizes the 64-bit hole (hw/pci-host/q35.c, hw/pci-host/i440fx.c), per preset. */
    private static final Map<String, String> HOLE64_HOSTS = Map.of("qemu-q35", "q35-pcihost", "qemu-pc", "i440FX-pcihost");

    /**
     * -global in both of QEMU's forms. A global names a QOM type exactly (QEMU warns "invalid class name" on another spelling and
     * keeps the default) and only applies to a device the machine has, so the hole size is taken when the machine is known.
     */
    private static void global(String v, ConfigBuilder b) throws InputException {
        String driver;
        String property;
        String value;
        java.util.regex.Matcher m = GLOBAL_SHORT.matcher(v);
        if (m.matches()) {
            driver = m.group(1);
            property = m.group(2);
            value = m.group(3);
        } else {
            Map<String, String> o = QemuOpts.parse(v, null, "-global", b.file);
            for (String k : o.keySet()) {
                if (!k.equals("driver") && !k.equals("property") && !k.equals("value")) {
                    throw new InputException(b.file, 0, "-global " + v + ": invalid parameter '" + k + "' (QEMU takes driver.property=value"
                            + " or driver=D,property=P,value=V)");
                }
            }
            driver = o.get("driver");
            property = o.get("property");
            value = o.get("value");
            if (driver == null || property == null || value == null) {
                throw new InputException(b.file, 0, "-global " + v + ": driver, property and value are all needed");
            }
        }
        if (property.equals("pci-hole64-size") && HOLE64_HOSTS.containsValue(driver)) {
            b.hole64Globals.put(driver, value);
        } else {
            b.ignore("-global " + driver + "." + property);
        }
    }

    /** Applies the recorded -global X.pci-hole64-size of the machine's own host bridge; one for another bridge is ignored, as QEMU does. */
    static void applyGlobals(ConfigBuilder b) throws InputException {
        String host = HOLE64_HOSTS.get(b.preset);
        for (Map.Entry<String, String> e : b.hole64Globals.entrySet()) {
            String what = "-global " + e.getKey() + ".pci-hole64-size";
            if (e.getKey().equals(host)) {
                b.settings.put("pci-hole64-size", Long.toString(QemuOpts.size(e.getValue(), 1, what, b.file)));
            } else {
                b.ignore(what + " (machine " + b.preset + " has no " + e.getKey() + ")");
            }
        }
        b.hole64Globals.clear();
    }

    /** Turns the recorded -cpu option into the vendor and physical-address-bit settings. */
    private static void finishCpu(ConfigBuilder b, boolean kvm) throws InputException {
        String cpu = b.settings.remove(CPU_KEY);
        if (b.preset != null && b.preset.equals("qemu-virt")) {
            if (cpu != null) {
                b.ignore("-cpu");
            }
            return;
        }
        if (cpu == null && b.syntax == GuestConfig.Syntax.LIBVIRT) {
            return;
        }
        Map<String, String> o = cpu == null ? Map.of("model", "qemu64") : QemuOpts.parse(cpu, "model", "-cpu", b.file);
        String model = o.getOrDefault("model", "qemu64");
        boolean hostModel = model.equals("host") || model.equals("max");
        boolean hostBits = hostModel && kvm;
        for (Map.Entry<String, String> e : o.entrySet()) {
            switch (e.getKey()) {
                case "model" -> {
                }
                case "phys-bits" -> {
                    b.settings.put("phys-bits", Integer.toString(QemuOpts.integer(e.getValue(), "-cpu phys-bits", b.file, 32, 52)));
                    hostBits = false;
                }
                case "host-phys-bits" -> hostBits = QemuOpts.bool(e.getValue(), "-cpu host-phys-bits", b.file);
                case "host-phys-bits-limit" -> b.physBitsLimit = QemuOpts.integer(e.getValue(), "-cpu host-phys-bits-limit", b.file, 32, 52);
                case "vendor" -> {
                    b.settings.put("amd", e.getValue().equals("AuthenticAMD") ? "on" : "off");
                    b.notes.add("vCPU vendor " + e.getValue() + " from -cpu vendor=");
                }
                default -> b.ignore("-cpu " + e.getKey().replaceFirst("^[+-]", ""));
            }
        }
        b.physBitsFromHost = hostBits;
        if (hostBits && hostModel && !o.containsKey("host-phys-bits")) {
            b.notes.add("-cpu " + model + " with KVM takes the host's physical address bits (host-phys-bits defaults to on,"
                    + " target/i386/host-cpu.c)");
        }
        if (!b.settings.containsKey("amd")) {
            if (kvm) {
                b.vendorFromHost = true;
            } else {
                boolean amd = tcgModelIsAmd(model);
                b.settings.put("amd", amd ? "on" : "off");
                b.notes.add("without KVM the vCPU vendor is the model's: " + model + " is " + (amd ? "AMD" : "Intel")
                        + " (target/i386/cpu.c builtin_x86_defs)");
            }
        }
    }

    /** The vendor of QEMU's built-in x86 CPU models under TCG (target/i386/cpu.c builtin_x86_defs: qemu64, phenom, athlon, Opteron_G*, EPYC* are AMD). */
    static boolean tcgModelIsAmd(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        return m.equals("qemu64") || m.startsWith("phenom") || m.startsWith("athlon") || m.startsWith("opteron") || m.startsWith("epyc");
    }
}
