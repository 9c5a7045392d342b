package org.iovacheck.format.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.iovacheck.format.InputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads a libvirt domain XML as {@code virsh dumpxml} prints it (libvirt docs/formatdomain.rst) into a {@link GuestConfig}:
 * machine type, memory and memory devices, NUMA cells, the CPU's vendor and physical address bits, firmware, assigned PCI
 * devices, shared memory and the vIOMMU. Every other element is listed as ignored. Only QEMU/KVM domains (type kvm or qemu).
 */
public final class DomainReader {
    static final String QEMU_NS = "http://libvirt.org/schemas/domain/qemu/1.0";

    private DomainReader() {
    }

    public static GuestConfig read(String text, String file) throws InputException {
        return read(LineDom.parse(text, file), file);
    }

    public static GuestConfig read(Document doc, String file) throws InputException {
        Element d = doc.getDocumentElement();
        if (d == null || !d.getTagName().equals("domain")) {
            throw new InputException(file, d == null ? 0 : LineDom.line(d), "not a libvirt domain XML: the root element is <"
                    + (d == null ? "" : d.getTagName()) + ">, not <domain>");
        }
        String type = Xml.attr(d, "type");
        if (type == null || !(type.equals("kvm") || type.equals("qemu"))) {
            throw new InputException(file, LineDom.line(d), "hypervisor type '" + type + "' is not supported: iovacheck reads QEMU/KVM domains"
                    + " (<domain type='kvm'> or type='qemu')");
        }
        boolean kvm = type.equals("kvm");
        ConfigBuilder b = new ConfigBuilder(GuestConfig.Syntax.LIBVIRT, file);
        Element os = Xml.child(d, "os", file);
        if (os == null) {
            throw new InputException(file, LineDom.line(d), "no <os> element: iovacheck needs <os><type machine='...'> (virsh dumpxml prints it)");
        }
        readOs(os, b, file);
        long numaTotal = readCpu(Xml.child(d, "cpu", file), kvm, b, file);
        long total = readMemory(d, numaTotal, b, file);
        Element devices = Xml.child(d, "devices", file);
        long deviceMemory = devices == null ? 0 : DomainDevices.read(devices, b, file);
        // virDomainDefGetMemoryInitial (src/conf/domain_conf.c): with NUMA cells the initial RAM is their sum; otherwise <memory>
        // minus the memory devices, which libvirt counts inside <memory>
        long initial = numaTotal != 0 ? numaTotal : total - deviceMemory;
        if (initial <= 0) {
            throw new InputException(file, LineDom.line(d), "<memory> (" + total + " bytes) is not larger than the memory devices (" + deviceMemory
                    + " bytes); libvirt counts memory devices inside <memory>");
        }
        b.settings.put("ram", Long.toString(initial));
        if (deviceMemory != 0) {
            b.notes.add("initial RAM (-m size) = <memory> " + total + " minus memory devices " + deviceMemory + " = " + initial
                    + " bytes (libvirt counts memory devices in <memory>, virDomainDefGetMemoryInitial)");
        }
        for (Element c : Xml.children(d)) {
            if (isQemu(c, "commandline")) {
                List<String> args = new ArrayList<>();
                for (Element a : Xml.children(c)) {
                    if (isQemu(a, "arg")) {
                        if (Xml.attr(a, "value") == null) {
                            // libvirt refuses it too ("No qemu command-line argument specified")
                            throw new InputException(file, LineDom.line(a), "<" + a.getTagName() + "> without value=");
                        }
                        args.add(Xml.attr(a, "value"));
                    } else {
                        b.ignore("<" + a.getTagName() + ">");
                    }
                }
                ArgvReader.applyOptions(args, b, true, kvm);
                continue;
            }
            switch (c.getTagName()) {
                case "os", "cpu", "memory", "currentMemory", "maxMemory", "devices" -> {
                }
                default -> b.ignore("<" + c.getTagName() + ">");
            }
        }
        return b.build();
    }

    /**
     * An element of libvirt's QEMU namespace, whatever its prefix: libvirt finds the arguments by namespace (src/qemu/qemu_domain.c,
     * the namespace parser's XPath {@code ./qemu:commandline/qemu:arg} with the QEMU namespace registered).
     */
    private static boolean isQemu(Element e, String localName) {
        return QEMU_NS.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName());
    }

    private static void readOs(Element os, ConfigBuilder b, String file) throws InputException {
        Element t = Xml.child(os, "type", file);
        if (t == null || Xml.attr(t, "machine") == null) {
            throw new InputException(file, LineDom.line(t == null ? os : t), "no machine type: give <os><type arch='x86_64' machine='pc-q35-7.0'>hvm</type>"
                    + " (virsh dumpxml prints it)");
        }
        String arch = Xml.attr(t, "arch");
        b.machine(Xml.attr(t, "machine"), LineDom.line(t));
        boolean arm = b.preset.equals("qemu-virt");
        if (arch != null && (arm ? !arch.equals("aarch64") : !(arch.equals("x86_64") || arch.equals("i686")))) {
            throw new InputException(file, LineDom.line(t), "arch '" + arch + "' does not go with machine '" + Xml.attr(t, "machine") + "'");
        }
        String fw = Xml.attr(os, "firmware");
        Element loader = Xml.child(os, "loader", file);
        if ("efi".equals(fw)) {
            b.firmware = "ovmf";
        } else if ("bios".equals(fw)) {
            b.firmware = "seabios";
        }
        if (loader != null) {
            String path = Xml.text(loader).toLowerCase(Locale.ROOT);
            boolean uefi = "pflash".equals(Xml.attr(loader, "type")) || path.contains("ovmf") || path.contains("edk2") || path.contains("aavmf");
            b.firmware = uefi ? "ovmf" : "seabios";
        }
        if (b.firmware == null && !arm) {
            b.firmware = "seabios";
            b.notes.add("no <os firmware> and no <loader>: QEMU's default firmware, SeaBIOS");
        }
        for (Element c : Xml.children(os)) {
            if (!c.getTagName().equals("type") && !c.getTagName().equals("loader")) {
                b.ignore("<os><" + c.getTagName() + ">");
            }
        }
    }

    /** Reads the CPU element; returns the sum of the NUMA cells' memory (0 without cells). */
    private static long readCpu(Element cpu, boolean kvm, ConfigBuilder b, String file) throws InputException {
        boolean arm = b.preset.equals("qemu-virt");
        String mode = cpu == null ? null : Xml.attr(cpu, "mode");
        Element model = cpu == null ? null : Xml.child(cpu, "model", file);
        String modelName = model == null ? null : Xml.text(model);
        if (mode == null) {
            mode = model == null ? "default" : "custom";
        }
        long numa = 0;
        if (cpu != null) {
            Element n = Xml.child(cpu, "numa", file);
            if (n != null) {
                List<Element> cells = Xml.children(n, "cell");
                for (Element c : cells) {
                    String mem = Xml.attr(c, "memory");
                    if (mem == null) {
                        throw new InputException(file, LineDom.line(c), "<cell> without memory=");
                    }
                    numa = Math.addExact(numa, Xml.scaled(mem, Xml.attr(c, "unit"), file, LineDom.line(c), "cell memory"));
                }
                b.notes.add("NUMA: " + cells.size() + " cell(s); QEMU lays guest RAM out as one block whatever the cells (they only shape the"
                        + " ACPI SRAT), so the layout is the same");
            }
            for (Element c : Xml.children(cpu)) {
                switch (c.getTagName()) {
                    case "model", "numa", "maxphysaddr" -> {
                    }
                    default -> b.ignore("<cpu><" + c.getTagName() + ">");
                }
            }
        }
        if (arm) {
            if (cpu != null && Xml.child(cpu, "maxphysaddr", file) != null) {
                b.notes.add("<maxphysaddr> applies to x86 guests; ignored for virt");
            }
            return numa;
        }
        String vendorId = model == null ? null : Xml.attr(model, "vendor_id");
        if (vendorId != null) {
            b.settings.put("amd", vendorId.equals("AuthenticAMD") ? "on" : "off");
            b.notes.add("vCPU vendor " + vendorId + " from <model vendor_id>");
        } else if (kvm) {
            b.vendorFromHost = true;
        } else {
            boolean amd = ArgvReader.tcgModelIsAmd(modelName == null ? "qemu64" : modelName);
            b.settings.put("amd", amd ? "on" : "off");
            b.notes.add("TCG guest: vCPU vendor of CPU model " + (modelName == null ? "qemu64" : modelName) + " is " + (amd ? "AMD" : "Intel")
                    + " (target/i386/cpu.c builtin_x86_defs)");
        }
        boolean hostModel = mode.equals("host-passthrough") || mode.equals("maximum");
        Element mpa = cpu == null ? null : Xml.child(cpu, "maxphysaddr", file);
        if (mpa != null) {
            String m = Xml.attr(mpa, "mode");
            int line = LineDom.line(mpa);
            if ("emulate".equals(m)) {
                String bits = Xml.attr(mpa, "bits");
                if (bits == null) {
                    throw new InputException(file, line, "<maxphysaddr mode='emulate'> needs bits=");
                }
                b.settings.put("phys-bits", Integer.toString(Xml.decimalAttr(mpa, "bits", file, line, "maxphysaddr bits", 32, 52)));
            } else if ("passthrough".equals(m)) {
                b.physBitsFromHost = true;
                String limit = Xml.attr(mpa, "limit");
                if (limit != null) {
                    b.physBitsLimit = Xml.decimalAttr(mpa, "limit", file, line, "maxphysaddr limit", 32, 52);
                }
            } else {
                throw new InputException(file, line, "<maxphysaddr mode='" + m + "'>: libvirt takes mode='passthrough' or 'emulate'");
            }
        } else if (hostModel && kvm) {
            // QEMU -cpu host/max with KVM: host-phys-bits defaults to on (target/i386/host-cpu.c host_cpu_max_instance_init)
            b.physBitsFromHost = true;
            b.notes.add("<cpu mode='" + mode + "'>: QEMU -cpu host takes the host's physical address bits (host-phys-bits=on)");
        }
        return numa;
    }

    private static long readMemory(Element d, long numaTotal, ConfigBuilder b, String file) throws InputException {
        Element mem = Xml.child(d, "memory", file);
        long total;
        if (mem != null) {
            total = Xml.scaled(mem, file);
            if (numaTotal != 0 && Long.compareUnsigned(numaTotal, total) > 0) {
                b.notes.add("<memory> " + total + " bytes is below the NUMA cells' sum " + numaTotal + " bytes; libvirt uses the cells' sum");
                total = numaTotal;
            }
        } else if (numaTotal != 0) {
            total = numaTotal;
        } else {
            throw new InputException(file, LineDom.line(d), "no <memory> element and no NUMA cells: the guest's RAM size is missing");
        }
        Element cur = Xml.child(d, "currentMemory", file);
        if (cur != null && Xml.scaled(cur, file) != total) {
            b.notes.add("<currentMemory> is the balloon target; QEMU still maps all of <memory>, so the layout uses <memory>");
        }
        Element max = Xml.child(d, "maxMemory", file);
        if (max != null) {
            b.settings.put("maxmem", Long.toString(Xml.scaled(max, file)));
            String slots = Xml.attr(max, "slots");
            if (slots != null) {
                b.settings.put("slots", Integer.toString(Xml.integer(slots, file, LineDom.line(max), "maxMemory slots", 0, 1_000_000)));
            }
        }
        if ((total & ((1L << 20) - 1)) != 0) {
            b.notes.add("<memory> is not a whole number of MiB; libvirt may round it up before starting QEMU (qemuDomainAlignMemorySizes)");
        }
        return total;
    }
}
