package org.iovacheck.format.config;

import java.util.Locale;
import org.iovacheck.format.InputException;
import org.w3c.dom.Element;

/**
 * The {@code <devices>} of a libvirt domain: assigned PCI devices ({@code <hostdev>}, {@code <interface type='hostdev'>}),
 * memory devices, shared memory, the vIOMMU and the PCI root's 64-bit hole; every other device is listed as ignored.
 */
final class DomainDevices {
    private DomainDevices() {
    }

    /** Reads the devices into the builder; returns the memory devices' total size in bytes. */
    static long read(Element devices, ConfigBuilder b, String file) throws InputException {
        long deviceMemory = 0;
        for (Element c : Xml.children(devices)) {
            switch (c.getTagName()) {
                case "hostdev" -> hostdev(c, b, file);
                case "interface" -> {
                    if ("hostdev".equals(Xml.attr(c, "type"))) {
                        hostdev(c, b, file);
                    } else {
                        b.ignore("<interface type='" + Xml.attr(c, "type") + "'>");
                    }
                }
                case "memory" -> deviceMemory = Math.addExact(deviceMemory, memoryDevice(c, b, file));
                case "shmem" -> shmem(c, b, file);
                case "iommu" -> iommu(c, b, file);
                case "controller" -> controller(c, b, file);
                default -> b.ignore("<" + c.getTagName() + ">");
            }
        }
        return deviceMemory;
    }

    private static void hostdev(Element h, ConfigBuilder b, String file) throws InputException {
        String what = "<" + h.getTagName() + ">";
        if (h.getTagName().equals("hostdev") && (!"subsystem".equals(Xml.attr(h, "mode")) || !"pci".equals(Xml.attr(h, "type")))) {
            b.ignore("<hostdev mode='" + Xml.attr(h, "mode") + "' type='" + Xml.attr(h, "type") + "'> (not a PCI device: not VFIO-mapped)");
            return;
        }
        Element src = Xml.child(h, "source", file);
        Element addr = src == null ? null : Xml.child(src, "address", file);
        if (addr == null) {
            throw new InputException(file, LineDom.line(h), what + " without <source><address domain bus slot function>");
        }
        int line = LineDom.line(addr);
        int dom = addr.hasAttribute("domain") ? Xml.integer(Xml.attr(addr, "domain"), file, line, "domain", 0, 0xffff) : 0;
        int bus = Xml.integer(req(addr, "bus", file), file, line, "bus", 0, 0xff);
        int slot = Xml.integer(req(addr, "slot", file), file, line, "slot", 0, 0x1f);
        int fn = Xml.integer(req(addr, "function", file), file, line, "function", 0, 7);
        b.hostdevs.add(String.format(Locale.ROOT, "%04x:%02x:%02x.%x", dom, bus, slot, fn));
        Element drv = Xml.child(h, "driver", file);
        if (drv != null && "yes".equals(Xml.attr(drv, "iommufd"))) {
            b.notes.add("hostdev " + b.hostdevs.get(b.hostdevs.size() - 1) + " uses iommufd: reserved regions are enforced per device"
                    + " (EADDRINUSE at attach instead of EINVAL)");
        }
    }

    private static String req(Element e, String a, String file) throws InputException {
        String v = Xml.attr(e, a);
        if (v == null) {
            throw new InputException(file, LineDom.line(e), "<address> without " + a + "=");
        }
        return v;
    }

    private static long memoryDevice(Element m, ConfigBuilder b, String file) throws InputException {
        String model = Xml.attr(m, "model");
        if (model == null) {
            throw new InputException(file, LineDom.line(m), "<memory> device without model= (dimm, nvdimm, virtio-mem, virtio-pmem)");
        }
        Element target = Xml.child(m, "target", file);
        Element size = target == null ? null : Xml.child(target, "size", file);
        if (size == null) {
            throw new InputException(file, LineDom.line(m), "<memory model='" + model + "'> without <target><size>");
        }
        long bytes = Xml.scaled(size, file);
        long base = 0;
        Element addr = Xml.child(m, "address", file);
        if (addr == null && target != null) {
            addr = Xml.child(target, "address", file);
        }
        if (addr != null && Xml.attr(addr, "base") != null) {
            try {
                base = Long.parseUnsignedLong(Xml.attr(addr, "base").replaceFirst("^0[xX]", ""), 16);
            } catch (NumberFormatException e) {
                throw new InputException(file, LineDom.line(addr), "base='" + Xml.attr(addr, "base") + "' is not a hex address");
            }
        }
        switch (model) {
            case "dimm", "nvdimm", "virtio-mem", "virtio-pmem" -> {
                b.memoryDevices.add(new ConfigFacts.MemoryDevice(model, bytes, base));
                b.notes.add("memory device " + model + " of " + bytes + " bytes" + (base == 0 ? "" : " at 0x" + Long.toHexString(base))
                        + ": it lives in the hot-plug area (<maxMemory>), which is judged as a whole");
            }
            default -> throw new InputException(file, LineDom.line(m), "memory device model '" + model + "' is not modelled (dimm, nvdimm,"
                    + " virtio-mem, virtio-pmem)");
        }
        return bytes;
    }

    private static void shmem(Element s, ConfigBuilder b, String file) throws InputException {
        Element size = Xml.child(s, "size", file);
        long bytes = size == null ? 4L << 20 : Xml.scaled(size, file);
        String name = Xml.attr(s, "name");
        b.shmem.add(name + " " + bytes);
        b.notes.add("shmem '" + name + "' (ivshmem-plain): a " + bytes + "-byte shared-memory BAR");
    }

    private static void iommu(Element i, ConfigBuilder b, String file) throws InputException {
        b.viommu = Xml.attr(i, "model");
        Element drv = Xml.child(i, "driver", file);
        if (drv != null && Xml.attr(drv, "aw_bits") != null) {
            b.viommuAwBits = Xml.integer(Xml.attr(drv, "aw_bits"), file, LineDom.line(drv), "aw_bits", 32, 64);
        }
    }

    private static void controller(Element c, ConfigBuilder b, String file) throws InputException {
        Element hole = Xml.child(c, "pcihole64", file);
        if (hole != null && "pci".equals(Xml.attr(c, "type"))) {
            long bytes = Xml.scaled(hole, file);
            if (bytes != 0) {
                b.settings.put("pci-hole64-size", Long.toString(bytes));
            }
            return;
        }
        b.ignore("<controller type='" + Xml.attr(c, "type") + "'>");
    }
}
