package org.iovacheck.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: writes a fake host tree (sys/, proc/, dev/) under a JUnit @TempDir the way Linux 6.12 lays them out: groups
 * under sys/kernel/iommu_groups with device links into sys/devices, device links to their driver and IOMMU unit, units under
 * sys/class/iommu, and /proc files. Nothing is read back here; the collector under test does that.
 */
public final class FakeHost {
    private final Path root;
    private final List<String> iomem = new ArrayList<>();

    public FakeHost(Path root) {
        this.root = root;
        mkdirs(root.resolve("sys/kernel/iommu_groups"));
        mkdirs(root.resolve("sys/devices"));
        mkdirs(root.resolve("sys/class/iommu"));
        mkdirs(root.resolve("proc/sys/kernel"));
        mkdirs(root.resolve("dev"));
    }

    public Path root() {
        return root;
    }

    public FakeHost write(String rel, String text) {
        Path p = root.resolve(rel);
        mkdirs(p.getParent());
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public FakeHost link(String rel, String target) {
        Path p = root.resolve(rel);
        mkdirs(p.getParent());
        try {
            Files.createSymbolicLink(p, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** /proc/cpuinfo with one processor (the fields collect reads and a few it must skip). */
    public FakeHost cpu(String vendor, int physBits, String flags) {
        return write("proc/cpuinfo", "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: 6\nmodel name\t: Test CPU\n"
                + "flags\t\t: " + flags + "\naddress sizes\t: " + physBits + " bits physical, 48 bits virtual\npower management:\n\n"
                + "processor\t: 1\nvendor_id\t: " + vendor + "\n");
    }

    public FakeHost kernel(String release) {
        return write("proc/sys/kernel/osrelease", release + "\n");
    }

    public FakeHost cmdline(String line) {
        return write("proc/cmdline", line + "\n");
    }

    /** An Intel VT-d unit: sys/class/iommu/NAME/intel-iommu/{cap,ecap} as intel/iommu.c cap_show prints them ("%llx"). */
    public FakeHost intelUnit(String name, long cap, long ecap) {
        return write("sys/class/iommu/" + name + "/intel-iommu/cap", Long.toHexString(cap) + "\n")
                .write("sys/class/iommu/" + name + "/intel-iommu/ecap", Long.toHexString(ecap) + "\n");
    }

    /** An AMD-Vi unit: sys/class/iommu/NAME/amd-iommu/features as amd/init.c prints it ("%llx:%llx"). */
    public FakeHost amdUnit(String name, long efr, long efr2) {
        return write("sys/class/iommu/" + name + "/amd-iommu/features", Long.toHexString(efr) + ":" + Long.toHexString(efr2) + "\n")
                .write("sys/class/iommu/" + name + "/amd-iommu/cap", "190b9\n");
    }

    /** An SMMUv3 unit named smmu3.ADDR whose device link names the platform device. */
    public FakeHost smmuUnit(String name, String platformDevice) {
        mkdirs(root.resolve("sys/class/iommu/" + name));
        return link("sys/class/iommu/" + name + "/device", "../../../devices/platform/" + platformDevice);
    }

    public FakeHost group(String id, String reservedRegions) {
        return write("sys/kernel/iommu_groups/" + id + "/reserved_regions", reservedRegions);
    }

    /**
     * A device of group {@code id}: {@code path} lists the PCI path below the host bridge, top first, ending with the device
     * (e.g. "0000:00:01.0", "0000:01:00.0"); {@code resource} is the sysfs resource text (may be null).
     */
    public FakeHost device(String group, String hostBridge, List<String> path, String vendor, String device, String cls, String driver,
                           String unit, String resource) {
        String bdf = path.get(path.size() - 1);
        String rel = "sys/devices/" + hostBridge + "/" + String.join("/", path);
        write(rel + "/vendor", "0x" + vendor + "\n");
        write(rel + "/device", "0x" + device + "\n");
        write(rel + "/class", cls + "\n");
        if (resource != null) {
            write(rel + "/resource", resource);
        }
        String up = "../".repeat(2 + path.size()); // from the device folder up to sys/
        if (driver != null) {
            link(rel + "/driver", up + "bus/pci/drivers/" + driver);
        }
        if (unit != null) {
            link(rel + "/iommu", up + "devices/virtual/iommu/" + unit);
        }
        return link("sys/kernel/iommu_groups/" + group + "/devices/" + bdf, "../../../../devices/" + hostBridge + "/" + String.join("/", path));
    }

    /** One /proc/iomem line: depth 0 is top level (two spaces of indent per level, kernel/resource.c r_show). */
    public FakeHost iomem(int depth, long first, long last, String name) {
        iomem.add("  ".repeat(depth) + String.format("%08x-%08x : %s", first, last, name));
        return write("proc/iomem", String.join("\n", iomem) + "\n");
    }

    public FakeHost interrupts(String chip) {
        return write("proc/interrupts", "            CPU0       CPU1\n   0:         10          0   IO-APIC   2-edge      timer\n"
                + " 120:          0         55  " + chip + " 524288-edge      vfio-msix[0](0000:01:00.0)\n");
    }

    public FakeHost devNodes(boolean iommufd, boolean vfio) {
        if (iommufd) {
            write("dev/iommu", "");
        }
        if (vfio) {
            write("dev/vfio/vfio", "");
        }
        return this;
    }

    public FakeHost moduleParam(String module, String value) {
        return write("sys/module/" + module + "/parameters/allow_unsafe_interrupts", value + "\n");
    }

    /** A BAR line of a sysfs resource file. */
    public static String resourceLine(long start, long end, long flags) {
        return String.format("0x%016x 0x%016x 0x%016x%n", start, end, flags);
    }

    /** An empty resource line (unused BAR). */
    public static String emptyResource() {
        return resourceLine(0, 0, 0);
    }

    private static void mkdirs(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
