package org.iovacheck.format.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iovacheck.model.PciBar;
import org.iovacheck.model.PciDevice;
import org.iovacheck.model.Range;

/**
 * Reads one device of an IOMMU group ({@code /sys/kernel/iommu_groups/N/devices/<name>}, a link into /sys/devices): ids from
 * {@code vendor}, {@code device}, {@code class}; the driver from the {@code driver} link; its resources from {@code resource}
 * (drivers/pci/pci-sysfs.c resource_show: "0x%016llx 0x%016llx 0x%016llx" start, end, flags per resource); the IOMMU unit from
 * the {@code iommu} link (iommu_device_link); and the PCI path above it (the bridges whose windows it sits behind).
 */
final class DeviceReader {
    /** include/linux/ioport.h: IORESOURCE_IO, IORESOURCE_MEM, IORESOURCE_PREFETCH, IORESOURCE_MEM_64. */
    static final long IORESOURCE_IO = 0x100;
    static final long IORESOURCE_MEM = 0x200;
    static final long IORESOURCE_PREFETCH = 0x2000;
    static final long IORESOURCE_MEM_64 = 0x100000;
    /** Resources 0-12: six BARs, the ROM and six SR-IOV BARs (include/linux/pci.h); later ones are a bridge's windows. */
    static final int LAST_DEVICE_RESOURCE = 12;

    private DeviceReader() {
    }

    /** Immutable; a device, the unit its {@code iommu} link names (null none) and the PCI addresses of the path above it, top first. */
    record Read(PciDevice device, String unit, List<String> pciPath) {
    }

    static Read read(Reads r, Path entry) {
        String name = entry.getFileName().toString();
        String vendor = r.line(entry.resolve("vendor")).map(DeviceReader::id).orElse(null);
        String dev = r.line(entry.resolve("device")).map(DeviceReader::id).orElse(null);
        String id = vendor != null && dev != null ? vendor + ":" + dev : null;
        String cls = r.line(entry.resolve("class")).orElse(null);
        String driver = r.linkName(entry.resolve("driver")).orElse(null);
        String unit = r.linkName(entry.resolve("iommu")).orElse(null);
        List<PciBar> bars = bars(r, entry.resolve("resource"));
        return new Read(new PciDevice(name, id, cls, driver, bars), unit, path(entry));
    }

    private static String id(String sysfsValue) {
        String s = sysfsValue.trim().toLowerCase(java.util.Locale.ROOT);
        return s.startsWith("0x") ? s.substring(2) : s;
    }

    static List<PciBar> bars(Reads r, Path file) {
        Optional<String> t = r.text(file);
        List<PciBar> out = new ArrayList<>();
        if (t.isEmpty()) {
            return out;
        }
        String[] lines = t.get().split("\n");
        for (int i = 0; i < lines.length && i <= LAST_DEVICE_RESOURCE; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length != 3) {
                if (!lines[i].isBlank()) {
                    r.warn(file + ":" + (i + 1) + ": expected 'start end flags'; resource skipped");
                }
                continue;
            }
            Long start = UnitReader.parseHex(f[0]);
            Long end = UnitReader.parseHex(f[1]);
            Long flags = UnitReader.parseHex(f[2]);
            if (start == null || end == null || flags == null) {
                r.warn(file + ":" + (i + 1) + ": not hexadecimal; resource skipped");
                continue;
            }
            boolean io = (flags & IORESOURCE_IO) != 0;
            boolean mem = (flags & IORESOURCE_MEM) != 0;
            if ((!io && !mem) || (start == 0 && end == 0) || Long.compareUnsigned(end, start) < 0) {
                continue;
            }
            out.add(new PciBar(i, new Range(start, end), io, (flags & IORESOURCE_MEM_64) != 0, (flags & IORESOURCE_PREFETCH) != 0));
        }
        return out;
    }

    /** The PCI components of the device's real path (/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0 gives pci0000:00, 0000:00:01.0, 0000:01:00.0). */
    private static List<String> path(Path entry) {
        List<String> out = new ArrayList<>();
        try {
            Path real = entry.toRealPath();
            for (Path p : real) {
                String s = p.toString();
                if (s.matches("pci[0-9a-f]{4}:[0-9a-f]{2}") || s.matches("[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]")) {
                    out.add(s);
                }
            }
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        return out;
    }

    /** "0000:01:00.0" → "0000:01" (the bus it sits on). */
    static String busOf(String bdf) {
        return bdf.substring(0, 7);
    }

    static boolean isBdf(String s) {
        return s.matches("[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]");
    }
}
