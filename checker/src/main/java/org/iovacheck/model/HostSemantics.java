package org.iovacheck.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's reading of a host (Linux 6.12 iommu.c, vfio_iommu_type1.c, iommufd/io_pagetable.c): decides each {@code msi}
 * line, merges same-type regions that overlap or touch within a group (never across types), and derives the exclusions
 * (every type but direct-relaxable, or all with {@code relaxable: strict}) and blockers ({@code direct} regions).
 */
public final class HostSemantics {
    /** The software MSI window of arm-smmu, arm-smmu-v3 and virtio-iommu: MSI_IOVA_BASE 0x8000000, MSI_IOVA_LENGTH 0x100000. */
    public static final Range ARM_SW_MSI_WINDOW = new Range(0x8000000L, 0x80fffffL);

    /** The kernel's list order: by start address, ties by type (iommu_insert_resv_region), then by end. */
    public static final Comparator<ReservedRegion> KERNEL_ORDER = (a, b) -> {
        int c = Long.compareUnsigned(a.range().first(), b.range().first());
        if (c == 0) {
            c = Integer.compare(a.type().ordinal(), b.type().ordinal());
        }
        return c != 0 ? c : Long.compareUnsigned(a.range().last(), b.range().last());
    };

    private HostSemantics() {
    }

    public static ResolvedHost resolve(Host host) {
        return resolve(host, true);
    }

    /** As {@link #resolve(Host)}; without notes when {@code withNotes} is false (fleets of many hosts print none of them). */
    public static ResolvedHost resolve(Host host, boolean withNotes) {
        List<String> notes = withNotes ? new ArrayList<>() : new NoNotes();
        Map<String, Integer> msiRules = new LinkedHashMap<>();
        List<ReservedRegion> regions = new ArrayList<>();
        List<List<ReservedRegion>> byGroup = new ArrayList<>(host.groups().size());
        for (Group g : host.groups()) {
            List<ReservedRegion> decided = new ArrayList<>(g.regions().size());
            for (ReservedRegion r : g.regions()) {
                decided.add(r.type() == RegionType.MSI ? decideMsi(host, r, notes, msiRules) : r);
            }
            List<ReservedRegion> merged = mergeSameType(decided);
            byGroup.add(merged);
            regions.addAll(merged);
        }
        for (Map.Entry<String, Integer> e : msiRules.entrySet()) {
            if (e.getValue() > LISTED) {
                notes.add((e.getValue() - LISTED) + " more msi line(s) decided: " + e.getKey());
            }
        }

        List<ReservedRegion> exclusions = new ArrayList<>();
        List<Blocker> blockers = new ArrayList<>();
        List<ReservedRegion> relaxed = new ArrayList<>();
        for (ReservedRegion r : regions) {
            if (r.type() == RegionType.DIRECT) {
                // Xen assigns such a device and identity-maps the range in the guest (RDM): guest RAM must avoid it, which libxl
                // arranges by moving low RAM (libxl__domain_device_construct_rdm); only VFIO and iommufd refuse the device
                if (host.backend() != Backend.XEN) {
                    blockers.add(new Blocker(r, "firmware requires a 1:1 mapping of " + r.range()
                            + "; the kernel refuses to give " + r.owner() + " to VFIO or iommufd (device unassignable)"));
                }
                exclusions.add(r);
            } else if (r.type() == RegionType.DIRECT_RELAXABLE && host.relaxable() == RelaxablePolicy.KERNEL) {
                relaxed.add(r);
            } else {
                exclusions.add(r);
            }
        }
        if (!relaxed.isEmpty()) {
            notes.add(relaxed.size() + " direct-relaxable region(s) ignored as VFIO and iommufd do (relaxable: kernel; kvmtool refuses them: use relaxable: strict): "
                    + describe(relaxed));
        } else if (host.relaxable() == RelaxablePolicy.STRICT) {
            notes.add("relaxable: strict: direct-relaxable regions are excluded as kvmtool does");
        }
        if (host.backend() == Backend.IOMMUFD) {
            iommufdMsiSanity(regions, blockers, notes);
        } else if (host.backend() == Backend.VFIO_TYPE1) {
            // vfio_iommu_type1's own rule: Xen passthrough has no VFIO container to refuse the group
            Type1Attach.emptiedBy(UnitApertures.container(host), byGroup).ifPresent(r -> blockers.add(new Blocker(r, "vfio-type1 refuses to attach " + r.owner()
                    + ": its non-relaxable regions leave no valid IOVA in the container's aperture (vfio_iommu_resv_exclude, -EINVAL)")));
        }
        for (Group g : host.groups()) {
            if (g.regions().isEmpty()) {
                notes.add("group " + g.id() + " lists no reserved regions (what the kernel prints for a group that has none)");
            }
        }
        if (host.backend() == Backend.XEN && regions.stream().anyMatch(r -> r.type() == RegionType.DIRECT)) {
            notes.add("backend xen: direct (RMRR) regions are reserved device memory that Xen identity-maps in the guest; guest RAM must"
                    + " avoid them (give them to the xen-hvm preset as rdm= so that libxl's relocation is modelled)");
        }
        for (BridgeWindow w : host.bridgeWindows()) {
            exclusions.add(new ReservedRegion(w.range(), RegionType.BRIDGE_WINDOW, w.group(), w.name(), w.source()));
        }
        if (!host.bridgeWindows().isEmpty()) {
            notes.add(host.bridgeWindows().size() + " PCI bridge window(s) from the host file or /proc/iomem excluded (sysfs does not list them)");
        }
        UnitApertures.apply(host, exclusions, blockers, notes);
        return new ResolvedHost(host, regions, exclusions, blockers, notes);
    }

    private static ReservedRegion decideMsi(Host host, ReservedRegion r, List<String> notes, Map<String, Integer> rules) {
        for (MsiOverride o : host.msiOverrides()) {
            if (o.range().equals(r.range()) && (o.group() == null || o.group().equals(r.group()))) {
                note(notes, rules, r, o.kind().type(), "host file, " + o.source());
                return r.withType(o.kind().type());
            }
        }
        if (r.range().equals(ARM_SW_MSI_WINDOW)) {
            note(notes, rules, r, RegionType.MSI_SW, "rule: exactly the arm SMMU software MSI window 0x8000000, 1 MiB");
            return r.withType(RegionType.MSI_SW);
        }
        note(notes, rules, r, RegionType.MSI_HW,
                "rule: any msi line other than the arm software window is hardware unless the host file says otherwise");
        return r.withType(RegionType.MSI_HW);
    }

    private static void note(List<String> notes, Map<String, Integer> rules, ReservedRegion r, RegionType t, String why) {
        if (notes instanceof NoNotes) {
            return; // nothing is kept: build no text (a fleet resolves a million hosts)
        }
        String key = t.description() + " (" + (why.startsWith("host file") ? "host file" : why) + ")";
        int seen = rules.merge(key, 1, Integer::sum);
        if (seen <= LISTED && !(notes instanceof NoNotes)) {
            notes.add("msi " + r.range() + " in " + r.owner() + ": " + t.description() + " (" + why + ")");
        }
    }

    /**
     * The kernel's iommu_insert_resv_region() (drivers/iommu/iommu.c): in start order (ties kept in the order given, as the
     * kernel printed them), a region merges into the previous one of its type unless {@code start > top_end + 1}, compared in
     * u64 as the kernel does: after a region that ends at 2^64-1, {@code top_end + 1} wraps to 0, so nothing of that type
     * merges into it and both lines stay (sysfs then prints overlapping lines of one type). Other types never merge.
     */
    public static List<ReservedRegion> mergeSameType(List<ReservedRegion> groupRegions) {
        Map<RegionType, List<ReservedRegion>> byType = new EnumMap<>(RegionType.class);
        for (ReservedRegion r : groupRegions) {
            byType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r);
        }
        List<ReservedRegion> out = new ArrayList<>(groupRegions.size());
        for (List<ReservedRegion> list : byType.values()) {
            list.sort((a, b) -> Long.compareUnsigned(a.range().first(), b.range().first()));
            ReservedRegion cur = null;
            for (ReservedRegion r : list) {
                // Deliberate u64 wrap-around: the kernel's own comparison, top_end + 1 == 0 when top_end == 2^64-1.
                if (cur != null && Long.compareUnsigned(r.range().first(), cur.range().last() + 1) <= 0) {
                    cur = cur.withRange(cur.range().span(r.range()));
                } else {
                    if (cur != null) {
                        out.add(cur);
                    }
                    cur = r;
                }
            }
            if (cur != null) {
                out.add(cur);
            }
        }
        out.sort(KERNEL_ORDER);
        return out;
    }

    private static void iommufdMsiSanity(List<ReservedRegion> regions, List<Blocker> blockers, List<String> notes) {
        Map<String, List<ReservedRegion>> sw = new LinkedHashMap<>();
        Map<String, List<ReservedRegion>> hw = new LinkedHashMap<>();
        for (ReservedRegion r : regions) {
            String g = String.valueOf(r.group());
            if (r.type() == RegionType.MSI_SW) {
                sw.computeIfAbsent(g, k -> new ArrayList<>()).add(r);
            } else if (r.type() == RegionType.MSI_HW) {
                hw.computeIfAbsent(g, k -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<String, List<ReservedRegion>> e : sw.entrySet()) {
            List<ReservedRegion> s = e.getValue();
            List<ReservedRegion> h = hw.getOrDefault(e.getKey(), List.of());
            if (!h.isEmpty() || s.size() > 1) {
                blockers.add(new Blocker(s.get(0), "iommufd refuses to attach " + s.get(0).owner()
                        + ": its regions combine a software MSI window with "
                        + (h.isEmpty() ? "another software window" : "a hardware doorbell")
                        + " (io_pagetable.c WARN_ON, -EINVAL); the group file is read as one device"));
            }
        }
        if (!sw.isEmpty() || !hw.isEmpty()) {
            notes.add("backend iommufd: regions apply per device; a group file is read as one device's list");
        }
    }

    private static final int LISTED = 10;

    /** A notes list that keeps nothing. */
    private static final class NoNotes extends java.util.AbstractList<String> {
        @Override
        public boolean add(String s) {
            return false;
        }

        @Override
        public String get(int i) {
            throw new IndexOutOfBoundsException(i);
        }

        @Override
        public int size() {
            return 0;
        }
    }

    private static String describe(List<ReservedRegion> rs) {
        StringBuilder sb = new StringBuilder();
        for (ReservedRegion r : rs.subList(0, Math.min(LISTED, rs.size()))) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(r.range()).append(" (").append(r.owner()).append(')');
        }
        if (rs.size() > LISTED) {
            sb.append(" and ").append(rs.size() - LISTED).append(" more");
        }
        return sb.toString();
    }
}
