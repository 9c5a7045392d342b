package org.iovacheck.model;

import java.util.ArrayList;
import java.util.Comparator;
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

    /**
     * As {@link #resolve(Host)}; without notes when {@code withNotes} is false (fleets of many hosts print none of them). Works
     * on {@link RegionTable}s: per group one stable sort by first address, no object per region.
     */
    public static ResolvedHost resolve(Host host, boolean withNotes) {
        List<String> notes = withNotes ? new ArrayList<>() : new NoNotes();
        MsiNotes msi = new MsiNotes(notes);
        List<List<ReservedRegion>> byGroup = new ArrayList<>(host.groups().size());
        int total = 0;
        for (Group g : host.groups()) {
            RegionTable merged = merge(decideMsi(host, RegionTable.of(g.regions()), msi));
            byGroup.add(merged);
            total += merged.size();
        }
        msi.finish();
        RegionTable regions;
        if (byGroup.size() == 1) {
            regions = (RegionTable) byGroup.get(0);
        } else {
            RegionTable.Builder all = new RegionTable.Builder(total);
            for (List<ReservedRegion> g : byGroup) {
                all.addAll((RegionTable) g);
            }
            regions = all.build();
        }

        RegionTable.Builder exclusions = new RegionTable.Builder(regions.size() + 8);
        List<Blocker> blockers = new ArrayList<>();
        List<ReservedRegion> relaxed = new ArrayList<>();
        int relaxedCount = 0;
        boolean anyDirect = false;
        for (int i = 0; i < regions.size(); i++) {
            RegionType t = regions.type(i);
            if (t == RegionType.DIRECT) {
                anyDirect = true;
                // Xen assigns such a device and identity-maps the range in the guest (RDM): guest RAM must avoid it, which libxl
                // arranges by moving low RAM (libxl__domain_device_construct_rdm); only VFIO and iommufd refuse the device
                if (host.backend() != Backend.XEN) {
                    ReservedRegion r = regions.get(i);
                    blockers.add(new Blocker(r, "firmware requires a 1:1 mapping of " + r.range()
                            + "; the kernel refuses to give " + r.owner() + " to VFIO or iommufd (device unassignable)"));
                }
            } else if (t == RegionType.DIRECT_RELAXABLE && host.relaxable() == RelaxablePolicy.KERNEL) {
                if (relaxed.size() < LISTED) {
                    relaxed.add(regions.get(i));
                }
                relaxedCount++;
            }
        }
        if (relaxedCount == 0) {
            exclusions.addAll(regions);
        } else {
            for (int i = 0; i < regions.size(); i++) {
                if (regions.type(i) != RegionType.DIRECT_RELAXABLE) {
                    exclusions.addRow(regions, i);
                }
            }
        }
        if (relaxedCount > 0) {
            notes.add(relaxedCount + " direct-relaxable region(s) ignored as VFIO and iommufd do (relaxable: kernel; kvmtool refuses them: use relaxable: strict): "
                    + describe(relaxed, relaxedCount));
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
        if (host.backend() == Backend.XEN && anyDirect) {
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
        return new ResolvedHost(host, regions, exclusions.build(), blockers, notes);
    }

    /** The group's regions with every {@code msi} line decided (the table itself when it has none). */
    private static RegionTable decideMsi(Host host, RegionTable t, MsiNotes msi) {
        int n = t.size();
        int i = 0;
        while (i < n && t.type(i) != RegionType.MSI) {
            i++;
        }
        if (i == n) {
            return t;
        }
        byte[] types = t.types();
        byte msiType = (byte) RegionType.MSI.ordinal();
        for (int k = i; k < n; k++) {
            if (types[k] != msiType) {
                continue;
            }
            long f = t.first[k];
            long l = t.last[k];
            RegionType decided = null;
            for (MsiOverride o : host.msiOverrides()) {
                if (o.range().first() == f && o.range().last() == l && (o.group() == null || o.group().equals(t.group(k)))) {
                    decided = o.kind().type();
                    msi.note(t, k, decided, 0, "host file, " + o.source());
                    break;
                }
            }
            if (decided == null && f == ARM_SW_MSI_WINDOW.first() && l == ARM_SW_MSI_WINDOW.last()) {
                decided = RegionType.MSI_SW;
                msi.note(t, k, decided, 1, "rule: exactly the arm SMMU software MSI window 0x8000000, 1 MiB");
            }
            if (decided == null) {
                decided = RegionType.MSI_HW;
                msi.note(t, k, decided, 2, "rule: any msi line other than the arm software window is hardware unless the host file says otherwise");
            }
            types[k] = (byte) decided.ordinal();
        }
        return t.withTypes(types);
    }

    /**
     * The notes on decided msi lines: the first {@link #LISTED} of each rule and kind one by one, then a count per rule, in the
     * order the rules were first used.
     */
    private static final class MsiNotes {
        private final List<String> notes;
        private final int[] seen = new int[6];
        private final int[] order = new int[6];
        private final String[] keys = new String[6];
        private int used;

        MsiNotes(List<String> notes) {
            this.notes = notes;
        }

        /** {@code rule}: 0 host file, 1 the arm window rule, 2 the hardware rule. */
        void note(RegionTable t, int row, RegionType type, int rule, String why) {
            int k = rule * 2 + (type == RegionType.MSI_SW ? 1 : 0);
            if (seen[k]++ == 0) {
                order[used++] = k;
                keys[k] = type.description() + " (" + (rule == 0 ? "host file" : why) + ")";
            }
            if (seen[k] <= LISTED && !(notes instanceof NoNotes)) {
                ReservedRegion r = t.get(row);
                notes.add("msi " + r.range() + " in " + r.owner() + ": " + type.description() + " (" + why + ")");
            }
        }

        void finish() {
            for (int i = 0; i < used; i++) {
                int k = order[i];
                if (seen[k] > LISTED) {
                    notes.add((seen[k] - LISTED) + " more msi line(s) decided: " + keys[k]);
                }
            }
        }
    }

    /**
     * The kernel's iommu_insert_resv_region() (drivers/iommu/iommu.c): in start order (ties kept in the order given, as the
     * kernel printed them), a region merges into the previous one of its type unless {@code start > top_end + 1}, compared in
     * u64 as the kernel does: after a region that ends at 2^64-1, {@code top_end + 1} wraps to 0, so nothing of that type
     * merges into it and both lines stay (sysfs then prints overlapping lines of one type). Other types never merge. The
     * result is in {@link #KERNEL_ORDER}.
     */
    public static List<ReservedRegion> mergeSameType(List<ReservedRegion> groupRegions) {
        return merge(RegionTable.of(groupRegions));
    }

    /**
     * One pass over the rows in first-address order (ties in the order given), one open merged region per type: a row either
     * extends the open region of its type or closes it and opens its own. Merged regions are numbered as they open, hence in
     * first-address order; only runs of equal first addresses are then put in {@link #KERNEL_ORDER} (type, then last). A
     * group that needs no change (a sysfs file: sorted, nothing to merge) is returned as it is.
     */
    private static RegionTable merge(RegionTable t) {
        int n = t.size();
        if (n == 0) {
            return t;
        }
        long[] first = t.first;
        long[] tl = t.last;
        byte[] ty = t.type;
        int[] byFirst = RegionTable.orderByFirst(first, n);
        int[] open = new int[RegionType.values().length];
        java.util.Arrays.fill(open, -1);
        int[] row = new int[n];
        long[] last = new long[n];
        int slots = 0;
        boolean changed = false;
        for (int p = 0; p < n; p++) {
            int r = byFirst[p];
            int k = ty[r];
            int c = open[k];
            // Deliberate u64 wrap-around: the kernel's own comparison, top_end + 1 == 0 when top_end == 2^64-1.
            if (c >= 0 && Long.compareUnsigned(first[r], last[c] + 1) <= 0) {
                last[c] = U64.max(last[c], tl[r]);
                changed = true;
            } else {
                row[slots] = r;
                last[slots] = tl[r];
                open[k] = slots++;
                changed |= r != slots - 1;
            }
        }
        int[] order = new int[slots];
        for (int i = 0; i < slots; i++) {
            order[i] = i;
        }
        for (int i = 0; i < slots;) {
            int j = i + 1;
            while (j < slots && first[row[j]] == first[row[i]]) {
                j++;
            }
            if (j - i > 1) {
                Integer[] run = new Integer[j - i];
                for (int k = i; k < j; k++) {
                    run[k - i] = k;
                }
                java.util.Arrays.sort(run, (x, y) -> {
                    int c = Integer.compare(t.type(row[x]).ordinal(), t.type(row[y]).ordinal());
                    if (c == 0) {
                        c = Long.compareUnsigned(last[x], last[y]);
                    }
                    return c != 0 ? c : Integer.compare(x, y);
                });
                for (int k = i; k < j; k++) {
                    order[k] = run[k - i];
                    changed |= order[k] != k;
                }
            }
            i = j;
        }
        if (!changed) {
            return t;
        }
        RegionTable.Builder out = new RegionTable.Builder(slots);
        for (int i = 0; i < slots; i++) {
            int sl = order[i];
            int r = row[sl];
            out.addRow(t, r, first[r], last[sl], t.type(r));
        }
        return out.build();
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

    /** The first few of {@code total} regions, then how many more. */
    private static String describe(List<ReservedRegion> first, int total) {
        StringBuilder sb = new StringBuilder();
        for (ReservedRegion r : first.subList(0, Math.min(LISTED, first.size()))) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(r.range()).append(" (").append(r.owner()).append(')');
        }
        if (total > LISTED) {
            sb.append(" and ").append(total - LISTED).append(" more");
        }
        return sb.toString();
    }
}
