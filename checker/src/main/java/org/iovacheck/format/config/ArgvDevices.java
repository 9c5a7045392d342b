package org.iovacheck.format.config;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iovacheck.format.InputException;

/** The -device options of a QEMU command line that matter to the layout: VFIO devices, memory devices, ivshmem and vIOMMUs. */
final class ArgvDevices {
    private static final Pattern PCI = Pattern.compile("(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-7])");

    private ArgvDevices() {
    }

    static void device(String v, ConfigBuilder b, Map<String, Long> backends) throws InputException {
        Map<String, String> o = QemuOpts.parse(v, "driver", "-device", b.file);
        String driver = o.getOrDefault("driver", "");
        switch (driver) {
            case "vfio-pci", "vfio-pci-nohotplug" -> vfio(o, b);
            case "pc-dimm", "nvdimm", "virtio-mem-pci", "virtio-pmem-pci" -> {
                Long size = backend(o, "memdev", driver, b, backends);
                long base = 0;
                String addrKey = driver.equals("pc-dimm") || driver.equals("nvdimm") ? "addr" : "memaddr";
                if (o.containsKey(addrKey)) {
                    try {
                        base = org.iovacheck.format.Numbers.address(o.get(addrKey));
                    } catch (IllegalArgumentException e) {
                        throw new InputException(b.file, 0, "-device " + driver + " " + addrKey + ": " + e.getMessage());
                    }
                }
                String model = switch (driver) {
                    case "pc-dimm" -> "dimm";
                    case "virtio-mem-pci" -> "virtio-mem";
                    case "virtio-pmem-pci" -> "virtio-pmem";
                    default -> driver;
                };
                b.memoryDevices.add(new ConfigFacts.MemoryDevice(model, size, base));
                b.notes.add("memory device " + driver + " of " + size + " bytes" + (base == 0 ? "" : " at 0x" + Long.toHexString(base))
                        + ": it lives in the hot-plug area (-m maxmem), which is judged as a whole");
            }
            case "ivshmem-plain" -> {
                Long size = backend(o, "memdev", driver, b, backends);
                b.shmem.add(o.getOrDefault("id", "ivshmem") + " " + size);
                b.notes.add("ivshmem-plain " + o.getOrDefault("id", "ivshmem") + ": a " + size + "-byte shared-memory BAR");
            }
            case "intel-iommu", "virtio-iommu-pci", "virtio-iommu-device", "amd-iommu", "arm-smmuv3" -> {
                b.viommu = switch (driver) {
                    case "intel-iommu" -> "intel";
                    case "amd-iommu" -> "amd";
                    case "arm-smmuv3" -> "smmuv3";
                    default -> "virtio";
                };
                String aw = o.get("aw-bits");
                if (aw != null) {
                    b.viommuAwBits = QemuOpts.integer(aw, "-device " + driver + " aw-bits", b.file, 32, 64);
                }
            }
            default -> b.ignore("-device " + driver);
        }
    }

    private static Long backend(Map<String, String> o, String key, String driver, ConfigBuilder b, Map<String, Long> backends) throws InputException {
        String id = o.get(key);
        if (id == null || !backends.containsKey(id)) {
            throw new InputException(b.file, 0, "-device " + driver + ": " + key + "=" + id + " names no -object memory-backend-* given before it");
        }
        return backends.get(id);
    }

    private static void vfio(Map<String, String> o, ConfigBuilder b) throws InputException {
        String host = o.get("host");
        if (host == null && o.containsKey("sysfsdev")) {
            String s = o.get("sysfsdev");
            host = s.substring(s.lastIndexOf('/') + 1);
        }
        if (host == null) {
            throw new InputException(b.file, 0, "-device vfio-pci without host= or sysfsdev= (iovacheck needs the PCI address)");
        }
        Matcher m = PCI.matcher(host);
        if (!m.matches()) {
            throw new InputException(b.file, 0, "-device vfio-pci host=" + host + " is not a PCI address (dddd:bb:ss.f)");
        }
        String dom = m.group(1) == null ? "0000" : m.group(1);
        b.hostdevs.add((dom + ":" + m.group(2) + ":" + m.group(3) + "." + m.group(4)).toLowerCase(Locale.ROOT));
        if (o.containsKey("iommufd")) {
            b.notes.add("vfio-pci " + host + " uses iommufd: reserved regions are enforced per device (EADDRINUSE at attach instead of EINVAL)");
        }
    }
}
