package org.iovacheck.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The two checks behind a device hot-add (vfio_iommu_type1_attach_group, iopt_table_enforce_dev_resv_regions): may the new
 * group join while the running guest's mappings exist, and which hot-plug memory ranges could then no longer be mapped.
 */
public final class HotaddQuestion {
    private HotaddQuestion() {
    }

    /**
     * The attach check: the running guest's current mappings (RAM, ROM, BARs with p2p; not the unpopulated hot-plug area)
     * against the device's non-relaxable regions and aperture; its direct regions are blockers.
     */
    public static CheckQuery attach(GuestLayout running, ResolvedHost device, boolean p2p) {
        List<GuestRegion> mapped = new ArrayList<>();
        for (GuestRegion g : running.mapped(p2p)) {
            if (g.kind() != GuestKind.HOTPLUG) {
                mapped.add(g);
            }
        }
        return new CheckQuery(mapped, device.exclusions(), device.blockers());
    }

    /** The hot-plug check: the guest's hot-plug areas against every exclusion of the host and the device together. */
    public static CheckQuery hotplug(GuestLayout running, ResolvedHost host, ResolvedHost device) {
        List<GuestRegion> areas = running.regions().stream().filter(g -> g.kind() == GuestKind.HOTPLUG).toList();
        List<ReservedRegion> all = new ArrayList<>(host.exclusions());
        all.addAll(device.exclusions());
        return new CheckQuery(areas, all, List.of());
    }

    /** The parts of the given areas that meet none of the conflicts: where memory can still be hot-plugged. */
    public static List<Range> remaining(List<GuestRegion> areas, List<Conflict> conflicts) {
        List<Range> out = new ArrayList<>();
        for (GuestRegion a : areas) {
            List<Range> cut = new ArrayList<>();
            for (Conflict c : conflicts) {
                if (c.guest().equals(a)) {
                    cut.add(c.overlap());
                }
            }
            cut.sort(null);
            long next = a.range().first();
            boolean open = true;
            for (Range r : cut) {
                if (open && U64.lt(next, r.first())) {
                    out.add(new Range(next, r.first() - 1));
                }
                if (U64.le(next, r.last())) {
                    if (r.last() == a.range().last()) {
                        open = false;
                    } else {
                        next = r.last() + 1;
                    }
                }
            }
            if (open && U64.le(next, a.range().last())) {
                out.add(new Range(next, a.range().last()));
            }
        }
        return out;
    }
}
