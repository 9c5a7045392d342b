package org.iovacheck.format.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.iovacheck.format.InputException;
import org.w3c.dom.Document;

/**
 * Answers in the configuration's own syntax: the libvirt XML elements or QEMU options that change when preset settings change
 * (machine version, RAM, maxmem/slots, phys-bits, max-ram-below-4g, pci-hole64-size), and the corrected domain XML.
 */
public final class ConfigAnswer {
    private ConfigAnswer() {
    }

    /** The preset keys whose value differs between before and after, in a stable order. */
    public static List<String> changedKeys(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        for (String k : List.of("machine", "ram", "maxmem", "slots", "phys-bits", "phys-bits-limit", "x-pci-mmio64-mb", "max-ram-below-4g",
                "pci-hole64-size", "highmem",
                "highmem-ecam", "highmem-redists", "highmem-mmio", "highmem-mmio-size", "compact-highmem", "amd")) {
            if (after.containsKey(k) && !Objects.equals(before.get(k), after.get(k))) {
                out.add(k);
            }
        }
        return out;
    }

    /** One line per change, in the configuration's syntax; empty when nothing changes. */
    public static List<String> changes(GuestConfig c, Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        for (String k : changedKeys(before, after)) {
            String v = after.get(k);
            String was = before.get(k) == null ? "" : " (was " + show(k, before.get(k), c) + ")";
            out.add(c.syntax() == GuestConfig.Syntax.LIBVIRT ? xml(k, v, c) + was : argv(k, v, c) + was);
        }
        return out;
    }

    private static String show(String k, String v, GuestConfig c) {
        return switch (k) {
            case "machine" -> machineName(c.preset(), v);
            case "ram", "maxmem", "max-ram-below-4g", "pci-hole64-size", "highmem-mmio-size" -> size(v);
            default -> v;
        };
    }

    static String machineName(String preset, String version) {
        boolean latest = version == null || version.equals("latest");
        return switch (preset) {
            case "qemu-q35" -> latest ? "q35" : "pc-q35-" + version;
            case "qemu-pc" -> latest ? "pc" : "pc-i440fx-" + version;
            default -> latest ? "virt" : "virt-" + version;
        };
    }

    private static long deviceBytes(GuestConfig c) {
        return c.facts().memoryDevices().stream().mapToLong(ConfigFacts.MemoryDevice::size).sum();
    }

    private static String xml(String k, String v, GuestConfig c) {
        return switch (k) {
            case "machine" -> "<os><type arch='" + (c.preset().equals("qemu-virt") ? "aarch64" : "x86_64") + "' machine='"
                    + machineName(c.preset(), v) + "'>hvm</type></os>";
            case "ram" -> "<memory unit='KiB'>" + (Long.parseUnsignedLong(v) + deviceBytes(c)) / 1024 + "</memory> and <currentMemory unit='KiB'>"
                    + (Long.parseUnsignedLong(v) + deviceBytes(c)) / 1024 + "</currentMemory>";
            case "maxmem" -> "<maxMemory unit='KiB'>" + Long.parseUnsignedLong(v) / 1024 + "</maxMemory>";
            case "slots" -> "<maxMemory slots='" + v + "'>";
            case "phys-bits" -> c.cpu().physBitsFromHost() ? "<cpu><maxphysaddr mode='passthrough' limit='" + v + "'/></cpu>"
                    : "<cpu><maxphysaddr mode='emulate' bits='" + v + "'/></cpu>";
            case "pci-hole64-size" -> "<controller type='pci' index='0' model='" + (c.preset().equals("qemu-q35") ? "pcie-root" : "pci-root")
                    + "'><pcihole64 unit='KiB'>" + Long.parseUnsignedLong(v) / 1024 + "</pcihole64></controller>";
            case "amd" -> "<cpu><model vendor_id='" + (v.equals("on") ? "AuthenticAMD" : "GenuineIntel") + "'>...</model></cpu>";
            case "phys-bits-limit" -> "<cpu mode='host-passthrough'><maxphysaddr mode='passthrough' limit='" + v + "'/></cpu>";
            case "x-pci-mmio64-mb" -> "<qemu:commandline><qemu:arg value='-fw_cfg'/><qemu:arg value='name=opt/ovmf/X-PciMmio64Mb,string=" + v
                    + "'/></qemu:commandline> (xmlns:qemu='" + DomainReader.QEMU_NS + "' on <domain>)";
            default -> "<qemu:commandline><qemu:arg value='-machine'/><qemu:arg value='" + k + "=" + showArg(k, v)
                    + "'/></qemu:commandline> (xmlns:qemu='" + DomainReader.QEMU_NS + "' on <domain>)";
        };
    }

    private static String showArg(String k, String v) {
        return k.equals("max-ram-below-4g") || k.equals("highmem-mmio-size") ? size(v) : v;
    }

    private static String argv(String k, String v, GuestConfig c) {
        return switch (k) {
            case "machine" -> "-machine " + machineName(c.preset(), v);
            case "ram" -> "-m size=" + size(v);
            case "maxmem" -> "-m maxmem=" + size(v);
            case "slots" -> "-m slots=" + v;
            case "phys-bits" -> c.cpu().physBitsFromHost() ? "-cpu ...,host-phys-bits-limit=" + v : "-cpu ...,phys-bits=" + v;
            case "pci-hole64-size" -> "-global " + (c.preset().equals("qemu-q35") ? "q35-pcihost" : "i440FX-pcihost") + ".pci-hole64-size=" + size(v);
            case "amd" -> "-cpu ...,vendor=" + (v.equals("on") ? "AuthenticAMD" : "GenuineIntel");
            case "phys-bits-limit" -> "-cpu host,host-phys-bits=on,host-phys-bits-limit=" + v;
            case "x-pci-mmio64-mb" -> "-fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=" + v;
            default -> "-machine ...," + k + "=" + showArg(k, v);
        };
    }

    private static String size(String v) {
        long b = v.matches("[0-9]+") ? Long.parseUnsignedLong(v) : org.iovacheck.format.Numbers.size(v);
        for (String[] u : new String[][] {{"40", "T"}, {"30", "G"}, {"20", "M"}, {"10", "K"}}) {
            int s = Integer.parseInt(u[0]);
            if (b != 0 && (b & ((1L << s) - 1)) == 0) {
                return Long.toUnsignedString(b >>> s) + u[1];
            }
        }
        return v + "B";
    }

    /**
     * The domain XML text with the changes applied as line edits (every other byte kept, start tags being on one line as virsh
     * dumpxml prints them); the result is read back and must give the new settings, else the change is printed for hand editing.
     */
    public static String rewrite(String originalXml, GuestConfig c, Map<String, String> before, Map<String, String> after) throws InputException {
        Document doc = LineDom.parse(originalXml, c.file());
        DomainTextEdit ed = new DomainTextEdit(originalXml, doc, c.file());
        boolean maxMemoryDone = false;
        for (String k : changedKeys(before, after)) {
            String v = after.get(k);
            switch (k) {
                case "machine" -> ed.machine(machineName(c.preset(), v));
                case "ram" -> ed.memory(Long.parseUnsignedLong(v) + deviceBytes(c));
                case "maxmem", "slots" -> {
                    // one <maxMemory> carries both: edit it once (the document's elements are the original's, so a second
                    // edit would insert a second element)
                    if (!maxMemoryDone) {
                        if (after.get("maxmem") == null) {
                            throw new InputException(c.file(), 0, "--write: slots without maxmem; apply the printed change by hand");
                        }
                        ed.maxMemory(Long.parseUnsignedLong(after.get("maxmem")), after.get("slots"));
                        maxMemoryDone = true;
                    }
                }
                case "phys-bits" -> ed.maxphysaddr(c.cpu().physBitsFromHost(), v);
                case "phys-bits-limit" -> ed.maxphysaddr(true, v);
                case "x-pci-mmio64-mb" -> ed.qemuArgs("-fw_cfg", "name=opt/ovmf/X-PciMmio64Mb,string=" + v);
                case "pci-hole64-size" -> ed.pcihole64(c.preset().equals("qemu-q35") ? "pcie-root" : "pci-root", Long.parseUnsignedLong(v));
                case "amd" -> throw new InputException(c.file(), 0, "--write cannot change the vCPU vendor; edit <cpu> by hand");
                default -> ed.machineArg(k + "=" + showArg(k, v));
            }
        }
        String out = ed.text();
        GuestConfig back = DomainReader.read(out, c.file() + " (corrected)");
        for (String k : changedKeys(before, after)) {
            String got = back.settings().get(k);
            // phys-bits of a guest that takes the host's bits is written as the passthrough limit (maxphysaddr above)
            if (k.equals("phys-bits-limit") || (k.equals("phys-bits") && c.cpu().physBitsFromHost())) {
                got = Integer.toString(back.cpu().physBitsLimit());
            }
            // ram too: with NUMA cells libvirt takes the RAM from the cells, not from the <memory> written above
            if (!after.get(k).equals(got)) {
                throw new InputException(c.file(), 0, "--write: the corrected XML does not read back with " + k + "=" + after.get(k)
                        + " (got " + got + "); apply the printed change by hand");
            }
        }
        return out;
    }
}
