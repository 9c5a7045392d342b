package org.iovacheck.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iovacheck.model.Group;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostCpu;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * Derives {@link HostCpu} from a loaded host: the collected CPU facts (vendor, physical address bits) when the host input has
 * them; else AMD when its IOMMU reserves the HyperTransport range (only the AMD IOMMU driver does:
 * drivers/iommu/amd/iommu.c amd_iommu_get_resv_regions, HT_RANGE_START..HT_RANGE_END); for the live host (/sys) /proc/cpuinfo;
 * the IOMMU width from the host's aperture or its narrowest IOMMU unit.
 */
public final class HostFactsReader {
    /** 0xfd00000000-0xffffffffff: HT_RANGE_START/HT_RANGE_END of drivers/iommu/amd/amd_iommu_types.h. */
    public static final Range HT_RANGE = new Range(0xfd00000000L, 0xffffffffffL);
    private static final Pattern ADDRESS_SIZES = Pattern.compile("(?m)^address sizes\\s*:\\s*(\\d+) bits physical");
    private static final Pattern VENDOR = Pattern.compile("(?m)^vendor_id\\s*:\\s*(\\S+)");

    private HostFactsReader() {
    }

    public static HostCpu of(Host host, Path hostPath) {
        Boolean amd = null;
        String vendorWhy = null;
        int physBits = 0;
        String physWhy = null;
        if (host.facts().cpuVendor() != null) {
            amd = host.facts().isAmd();
            vendorWhy = "host " + host.name() + "'s CPU is " + host.facts().cpuVendor() + " (collected /proc/cpuinfo vendor_id)";
        }
        if (host.facts().physBits() != 0) {
            physBits = host.facts().physBits();
            physWhy = "collected /proc/cpuinfo address sizes of host " + host.name() + ": " + physBits + " bits physical";
        }
        for (Group g : host.groups()) {
            for (ReservedRegion r : g.regions()) {
                if (amd == null && r.type() == RegionType.RESERVED && r.range().equals(HT_RANGE)) {
                    amd = true;
                    vendorWhy = "host " + host.name() + " is AMD: its IOMMU reserves the HyperTransport range 0xfd00000000-0xffffffffff"
                            + " (group " + g.id() + "), which only the AMD IOMMU driver does";
                }
            }
        }
        if (isLiveSysfs(hostPath)) {
            String cpuinfo = cpuinfo();
            Matcher v = VENDOR.matcher(cpuinfo);
            if (amd == null && v.find()) {
                amd = v.group(1).equals("AuthenticAMD");
                vendorWhy = "this host's /proc/cpuinfo vendor_id is " + v.group(1);
            }
            Matcher a = ADDRESS_SIZES.matcher(cpuinfo);
            if (physBits == 0 && a.find()) {
                physBits = Integer.parseInt(a.group(1));
                physWhy = "this host's /proc/cpuinfo address sizes: " + physBits + " bits physical";
            }
        }
        int iommuBits = 0;
        if (!host.aperture().isFull()) {
            long top = host.aperture().valid().get(host.aperture().valid().size() - 1).last();
            iommuBits = top == U64.MAX ? 64 : 64 - Long.numberOfLeadingZeros(top);
        }
        for (org.iovacheck.model.IommuUnit u : host.units()) {
            // the narrowest known unit width decides what every device can map (collected hosts)
            if (u.widthKnown() && (iommuBits == 0 || u.widthBits() < iommuBits)) {
                iommuBits = u.widthBits();
            }
        }
        return new HostCpu(amd, vendorWhy, physBits, physWhy, iommuBits);
    }

    /** True when the host path is this machine's /sys (the live host). */
    public static boolean isLiveSysfs(Path hostPath) {
        try {
            return hostPath != null && Files.isDirectory(hostPath) && hostPath.toRealPath().equals(Path.of("/sys").toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static String cpuinfo() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            return "";
        }
    }
}
