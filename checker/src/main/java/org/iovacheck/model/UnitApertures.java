package org.iovacheck.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The aperture and interrupt rules for a host whose groups sit behind IOMMU units of known or unknown width. Each group gets
 * its unit's aperture (intel/iommu.c domain_update_iommu_cap, amd/iommu.c dma_max_address, arm-smmu-v3.c
 * arm_smmu_domain_finalise); a type1 container of groups behind several units keeps the intersection of their apertures
 * (vfio_iommu_type1.c vfio_iommu_aper_resize), which checking every group's exclusions together yields. Without interrupt
 * isolation both backends refuse every group (-EPERM).
 */
final class UnitApertures {
    private UnitApertures() {
    }

    /**
     * The aperture of a type1 container holding every group: the host's aperture cut to the narrowest known unit width of its
     * groups (vfio_iommu_aper_resize keeps the intersection); the host's own aperture when no unit narrows it or nothing is left.
     */
    static Aperture container(Host host) {
        int narrowest = 64;
        for (Group g : host.groups()) {
            IommuUnit u = g.unit() == null ? null : host.unit(g.unit());
            if (u != null && u.widthKnown()) {
                narrowest = Math.min(narrowest, u.widthBits());
            }
        }
        if (narrowest >= 64) {
            return host.aperture();
        }
        long top = U64.maskBits(narrowest);
        List<Range> cut = new ArrayList<>();
        for (Range r : host.aperture().valid()) {
            if (U64.le(r.first(), top)) {
                cut.add(new Range(r.first(), U64.min(r.last(), top)));
            }
        }
        return cut.isEmpty() ? host.aperture() : new Aperture(cut, host.aperture().description() + ", cut to " + narrowest + " bits");
    }

    static void apply(Host host, List<ReservedRegion> exclusions, List<Blocker> blockers, List<String> notes) {
        Aperture ap = host.aperture();
        for (Range gap : ap.gaps()) {
            exclusions.add(new ReservedRegion(gap, RegionType.OUTSIDE_APERTURE, null, "aperture", host.source()));
        }
        Map<String, List<String>> byUnit = new LinkedHashMap<>();
        List<String> noUnit = new ArrayList<>();
        for (Group g : host.groups()) {
            IommuUnit u = g.unit() == null ? null : host.unit(g.unit());
            if (u == null) {
                noUnit.add(g.id());
            } else {
                byUnit.computeIfAbsent(u.name(), k -> new ArrayList<>()).add(g.id());
            }
        }
        if (!ap.isFull()) {
            notes.add("aperture: " + ap.description());
        }
        TreeSet<Integer> widths = new TreeSet<>();
        for (Map.Entry<String, List<String>> e : byUnit.entrySet()) {
            IommuUnit u = host.unit(e.getKey());
            String who = "IOMMU unit " + u.name() + " (" + u.kind().label() + "), " + groups(e.getValue());
            if (u.widthKnown()) {
                widths.add(u.widthBits());
                for (String gid : e.getValue()) {
                    for (Range gap : u.aperture().gaps()) {
                        exclusions.add(new ReservedRegion(gap, RegionType.OUTSIDE_APERTURE, gid, "aperture of " + u.name(), u.source()));
                    }
                }
                notes.add(who + ": " + u.widthBits() + "-bit input width (" + u.from() + ")");
            } else {
                notes.add(who + ": width unknown (" + u.from() + ")" + (ap.isFull() ? "; the full 64-bit IOVA space was assumed" : ""));
            }
        }
        if (!noUnit.isEmpty() && ap.isFull()) {
            notes.add(host.units().isEmpty() && byUnit.isEmpty()
                    ? "no aperture given: the full 64-bit IOVA space is assumed valid (sysfs does not show the IOMMU address width)"
                    : groups(noUnit) + ": no IOMMU unit known; the full 64-bit IOVA space was assumed");
        }
        if (widths.size() > 1) {
            notes.add("groups sit behind IOMMU units of different widths (" + widths + " bits): a type1 container holding them has the"
                    + " intersection of their apertures (vfio_iommu_type1.c vfio_iommu_aper_resize), so a guest with all of them is held"
                    + " to the narrowest, " + widths.first() + " bits");
        }
        interrupts(host, blockers, notes);
        facts(host, notes);
    }

    private static void interrupts(Host host, List<Blocker> blockers, List<String> notes) {
        InterruptIsolation irq = host.facts().interrupts();
        if (irq.refuses(host.backend())) {
            String param = host.backend() == Backend.IOMMUFD ? "iommufd" : "vfio_iommu_type1";
            String where = host.backend() == Backend.IOMMUFD ? "iommufd/device.c iommufd_device_bind" : "vfio_iommu_type1.c vfio_iommu_type1_attach_group";
            for (Group g : host.groups()) {
                Range r = g.regions().stream().filter(x -> x.type() == RegionType.MSI || x.type() == RegionType.MSI_HW)
                        .map(ReservedRegion::range).findFirst().orElse(Range.ALL);
                ReservedRegion anchor = new ReservedRegion(r, RegionType.MSI, g.id(), "interrupt isolation", g.source());
                blockers.add(new Blocker(anchor, "no interrupt isolation (" + (irq.evidence() == null ? "host file" : irq.evidence())
                        + ") and " + param + " allow_unsafe_interrupts not set: " + host.backend().label()
                        + " refuses to attach group " + g.id() + " with -EPERM (" + where + ")"));
            }
        } else if (irq.isolated() == Known.NO) {
            notes.add("no interrupt isolation, but allow_unsafe_interrupts is set: the device may be attached, and can raise any MSI of the host");
        } else if (irq.isolated() == Known.UNKNOWN && !host.facts().isEmpty()) {
            notes.add("interrupt isolation unknown (no IR-/ITS- MSI chip in /proc/interrupts, no kernel log line): assumed present");
        }
    }

    private static void facts(Host host, List<String> notes) {
        HostFacts f = host.facts();
        if (f.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("host facts: CPU ");
        sb.append(f.cpuVendor() == null ? "vendor unknown" : f.cpuVendor());
        sb.append(f.physBits() > 0 ? ", " + f.physBits() + " physical address bits" : ", physical address bits unknown");
        sb.append(", kernel ").append(f.kernelRelease() == null ? "unknown" : f.kernelRelease());
        sb.append(", iommufd ").append(f.iommufd().label()).append(", VFIO ").append(f.vfio().label());
        if (f.interrupts().isolated() != Known.UNKNOWN) {
            sb.append(", interrupt isolation ").append(f.interrupts().isolated().label());
        }
        notes.add(sb.toString());
        if (!f.hostBridgeWindows().isEmpty()) {
            notes.add(f.hostBridgeWindows().size() + " PCI host-bridge window(s) recorded but not excluded: the IOMMU translates"
                    + " before the host bridge routes, and VFIO/iommufd do not reserve them (dma-iommu.c iova_reserve_pci_windows"
                    + " serves the kernel's own DMA API); list one under bridge-windows to exclude it");
        }
    }

    private static String groups(List<String> ids) {
        return (ids.size() == 1 ? "group " : "groups ") + String.join(", ", ids.size() > 10 ? ids.subList(0, 10) : ids)
                + (ids.size() > 10 ? " and " + (ids.size() - 10) + " more" : "");
    }
}
