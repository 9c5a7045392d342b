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
        // virPCIDeviceAddressParseXML (src/conf/device_conf.c): each of domain, bus, slot, function by virXMLPropUInt in base 0,
        // 0 when absent; then virPCIDeviceAddressIsValid (src/util/virpci.c): bus <= 0xFF, slot <= 0x1F, function <= 7, domain any
        // 32-bit value (Linux names domains above 0xffff too, e.g. Intel VMD's 10000:). libvirt skips that check for an address
        // whose domain, bus and slot are all 0; a function above 7 is refused there too, as no such device can exist in sysfs.
        long dom = pciPart(addr, "domain", 0xFFFF_FFFFL, file, line);
        long bus = pciPart(addr, "bus", 0xFF, file, line);
        long slot = pciPart(addr, "slot", 0x1F, file, line);
        long fn = pciPart(addr, "function", 7, file, line);
        b.hostdevs.add(String.format(Locale.ROOT, "%04x:%02x:%02x.%x", dom, bus, slot, fn));
        Element drv = Xml.child(h, "driver", file);
        if (drv != null && "yes".equals(Xml.attr(drv, "iommufd"))) {
            b.notes.add("hostdev " + b.hostdevs.get(b.hostdevs.size() - 1) + " uses iommufd: reserved regions are enforced per device"
                    + " (EADDRINUSE at attach instead of EINVAL)");
        }
    }

    /** One part of a PCI address as libvirt reads it (see {@link #hostdev}); 0 when absent. */
    private static long pciPart(Element addr, String name, long max, String file, int line) throws InputException {
        if (!addr.hasAttribute(name)) {
            return 0;
        }
        String raw = addr.getAttribute(name);
        long v = Xml.cUnsigned(raw, 0);
        if (v < 0 || v > 0xFFFF_FFFFL) { // virStrToLong_uip: (unsigned int) val != val
            throw new InputException(file, line, "<address " + name + "='" + raw + "'>: not a non-negative integer as libvirt reads it"
                    + " (0x10 hexadecimal, 010 octal, 10 decimal; nothing after the digits)");
        }
        if (v > max) {
            throw new InputException(file, line, "<address " + name + "='" + raw + "'>: invalid PCI address " + name + " 0x"
                    + Long.toHexString(v) + ", must be <= 0x" + Long.toHexString(max).toUpperCase(Locale.ROOT));
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
