package org.iovacheck.format.config;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.iovacheck.format.InputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

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
        for (String k : List.of("machine", "ram", "maxmem", "slots", "phys-bits", "max-ram-below-4g", "pci-hole64-size", "highmem",
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
            default -> "-machine ...," + k + "=" + showArg(k, v);
        };
    }

    private static String size(String v) {
        long b = Long.parseUnsignedLong(v);
        for (String[] u : new String[][] {{"40", "T"}, {"30", "G"}, {"20", "M"}, {"10", "K"}}) {
            int s = Integer.parseInt(u[0]);
            if (b != 0 && (b & ((1L << s) - 1)) == 0) {
                return Long.toUnsignedString(b >>> s) + u[1];
            }
        }
        return v + "B";
    }

    /** The domain XML text with the changes applied (other content, comments and whitespace kept). */
    public static String rewrite(String originalXml, GuestConfig c, Map<String, String> before, Map<String, String> after) throws InputException {
        Document doc = LineDom.parse(originalXml, c.file());
        DomainEditor ed = new DomainEditor(doc);
        for (String k : changedKeys(before, after)) {
            String v = after.get(k);
            switch (k) {
                case "machine" -> ed.machine(machineName(c.preset(), v));
                case "ram" -> ed.memory(Long.parseUnsignedLong(v) + deviceBytes(c));
                case "maxmem" -> ed.maxMemory(Long.parseUnsignedLong(v), null);
                case "slots" -> ed.maxMemory(-1, v);
                case "phys-bits" -> ed.maxphysaddr(c.cpu().physBitsFromHost(), v);
                case "pci-hole64-size" -> ed.pcihole64(c.preset().equals("qemu-q35") ? "pcie-root" : "pci-root", Long.parseUnsignedLong(v));
                case "amd" -> throw new InputException(c.file(), 0, "--write cannot change the vCPU vendor; edit <cpu> by hand");
                default -> ed.machineArg(k + "=" + showArg(k, v));
            }
        }
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            String s = w.toString();
            return s.endsWith("\n") ? s : s + "\n";
        } catch (TransformerException e) {
            throw new InputException(c.file(), 0, "cannot write the corrected XML: " + e.getMessage());
        }
    }

    /** Local edits on a domain DOM; new elements are appended where libvirt expects them. */
    private record DomainEditor(Document doc) {
        Element root() {
            return doc.getDocumentElement();
        }

        Element childOrNew(Element parent, String name) {
            List<Element> l = Xml.children(parent, name);
            if (!l.isEmpty()) {
                return l.get(0);
            }
            Element e = doc.createElement(name);
            parent.appendChild(e);
            return e;
        }

        void machine(String name) {
            childOrNew(childOrNew(root(), "os"), "type").setAttribute("machine", name);
        }

        void memory(long bytes) {
            for (String n : List.of("memory", "currentMemory")) {
                List<Element> l = Xml.children(root(), n);
                if (!l.isEmpty() || n.equals("memory")) {
                    Element e = childOrNew(root(), n);
                    e.setAttribute("unit", "KiB");
                    e.setTextContent(Long.toString(bytes / 1024));
                }
            }
        }

        void maxMemory(long bytes, String slots) {
            Element e = childOrNew(root(), "maxMemory");
            if (bytes >= 0) {
                e.setAttribute("unit", "KiB");
                e.setTextContent(Long.toString(bytes / 1024));
            }
            if (slots != null) {
                e.setAttribute("slots", slots);
            }
        }

        void maxphysaddr(boolean passthrough, String bits) {
            Element cpu = childOrNew(root(), "cpu");
            Element m = childOrNew(cpu, "maxphysaddr");
            if (passthrough) {
                m.setAttribute("mode", "passthrough");
                m.setAttribute("limit", bits);
                m.removeAttribute("bits");
            } else {
                m.setAttribute("mode", "emulate");
                m.setAttribute("bits", bits);
                m.removeAttribute("limit");
            }
        }

        void pcihole64(String model, long bytes) {
            Element devices = childOrNew(root(), "devices");
            Element ctl = null;
            for (Element c : Xml.children(devices, "controller")) {
                if ("pci".equals(c.getAttribute("type")) && "0".equals(c.getAttribute("index"))) {
                    ctl = c;
                }
            }
            if (ctl == null) {
                ctl = doc.createElement("controller");
                ctl.setAttribute("type", "pci");
                ctl.setAttribute("index", "0");
                ctl.setAttribute("model", model);
                devices.appendChild(ctl);
            }
            Element h = childOrNew(ctl, "pcihole64");
            h.setAttribute("unit", "KiB");
            h.setTextContent(Long.toString(bytes / 1024));
        }

        void machineArg(String arg) {
            Element root = root();
            root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:qemu", DomainReader.QEMU_NS);
            Element cl = null;
            for (Element c : Xml.children(root)) {
                if (c.getTagName().equals("qemu:commandline")) {
                    cl = c;
                }
            }
            if (cl == null) {
                cl = doc.createElementNS(DomainReader.QEMU_NS, "qemu:commandline");
                root.appendChild(cl);
            }
            for (String a : List.of("-machine", arg)) {
                Element e = doc.createElementNS(DomainReader.QEMU_NS, "qemu:arg");
                e.setAttribute("value", a);
                cl.appendChild(e);
            }
        }
    }
}
