package org.iovacheck.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The vfio-type1 container's valid IOVA list as the host's groups attach in order (Linux 6.12 drivers/vfio/vfio_iommu_type1.c,
 * vfio_iommu_type1_attach_group): a copy of the list is cut to the aperture and then loses every region of the new group
 * except direct-relaxable ones (vfio_iommu_resv_exclude); an empty result refuses the group with -EINVAL.
 */
final class Type1Attach {
    private Type1Attach() {
    }

    /**
     * The first kernel-excluded region of the first group whose attach leaves no valid IOVA, or empty when every group can
     * attach; {@code groups} holds each group's merged regions with MSI kinds decided (bridge windows are unknown to the kernel).
     * Small hosts are cut region by region as the kernel does. That takes time proportional to regions times list length
     * (minutes for a dump of 10^5 regions), so larger ones use that the list left after groups 0..g is the aperture less the
     * union of their regions, which only shrinks as groups attach: the union of all groups is swept once (O(n log n)), and
     * only when it covers the aperture is the first group that empties the list found by bisection over the groups.
     */
    static Optional<ReservedRegion> emptiedBy(Aperture aperture, List<List<ReservedRegion>> groups) {
        int n = 0;
        for (List<ReservedRegion> g : groups) {
            n += g.size();
        }
        return n <= CUT_BY_CUT ? emptiedByCuts(aperture, groups) : emptiedBySweep(aperture, groups, n);
    }

    /** Up to this many regions the list is cut region by region as the kernel does (at most about 2^16 steps). */
    static final int CUT_BY_CUT = 256;

    /** The kernel's procedure: a copy of the valid list loses each non-relaxable region in turn. */
    static Optional<ReservedRegion> emptiedByCuts(Aperture aperture, List<List<ReservedRegion>> groups) {
        List<Range> valid = new ArrayList<>(aperture.valid());
        for (List<ReservedRegion> g : groups) {
            ReservedRegion first = null;
            for (ReservedRegion r : g) {
                if (r.type() == RegionType.DIRECT_RELAXABLE) {
                    continue;
                }
                if (first == null) {
                    first = r;
                }
                valid = subtract(valid, r.range());
            }
            if (valid.isEmpty()) {
                return Optional.of(first);
            }
        }
        return Optional.empty();
    }

    /** {@code valid} (sorted, disjoint) less {@code cut}, in u64 with inclusive ends. */
    static List<Range> subtract(List<Range> valid, Range cut) {
        List<Range> out = new ArrayList<>(valid.size() + 1);
        for (Range v : valid) {
            if (!v.overlaps(cut)) {
                out.add(v);
                continue;
            }
            if (U64.lt(v.first(), cut.first())) {
                out.add(new Range(v.first(), cut.first() - 1));
            }
            if (U64.lt(cut.last(), v.last())) {
                out.add(new Range(cut.last() + 1, v.last()));
            }
        }
        return out;
    }

    /** The same answer by one sweep of the union and a bisection over the groups ({@code n}: the groups' regions in all). */
    static Optional<ReservedRegion> emptiedBySweep(Aperture aperture, List<List<ReservedRegion>> groups, int n) {
        long[] first = new long[n];
        long[] last = new long[n];
        int[] group = new int[n];
        int k = 0;
        boolean sorted = true;
        for (int gi = 0; gi < groups.size(); gi++) {
            List<ReservedRegion> g = groups.get(gi);
            if (g instanceof RegionTable t) {
                byte relaxable = (byte) RegionType.DIRECT_RELAXABLE.ordinal();
                for (int i = 0; i < t.size(); i++) {
                    if (t.type[i] != relaxable) {
                        long f = t.first[i];
                        sorted &= k == 0 || U64.le(first[k - 1], f);
                        first[k] = f;
                        last[k] = t.last[i];
                        group[k++] = gi;
                    }
                }
                continue;
            }
            for (ReservedRegion r : g) {
                if (r.type() != RegionType.DIRECT_RELAXABLE) {
                    sorted &= k == 0 || U64.le(first[k - 1], r.range().first());
                    first[k] = r.range().first();
                    last[k] = r.range().last();
                    group[k++] = gi;
                }
            }
        }
        if (!sorted) {
            int[] order = RegionTable.orderByFirst(first, k);
            long[] f = new long[k];
            long[] l = new long[k];
            int[] gr = new int[k];
            for (int i = 0; i < k; i++) {
                f[i] = first[order[i]];
                l[i] = last[order[i]];
                gr[i] = group[order[i]];
            }
            first = f;
            last = l;
            group = gr;
        }
        int all = groups.size() - 1;
        if (all < 0 || !covers(aperture, first, last, group, k, all)) {
            return Optional.empty();
        }
        int lo = 0;
        int hi = all;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (covers(aperture, first, last, group, k, mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        for (ReservedRegion r : groups.get(lo)) {
            if (r.type() != RegionType.DIRECT_RELAXABLE) {
                return Optional.of(r);
            }
        }
        throw new IllegalStateException("group " + lo + " empties the valid IOVA list without a region of its own");
    }

    /**
     * True when the regions of groups 0..{@code upTo} (entries sorted by first address, unsigned) cover every valid range of
     * the aperture: one sweep, keeping the largest last address among the entries that start at or below the lowest address
     * not yet known covered.
     */
    private static boolean covers(Aperture aperture, long[] first, long[] last, int[] group, int n, int upTo) {
        int j = 0;
        boolean any = false;
        long reach = 0;
        for (Range v : aperture.valid()) {
            long need = v.first();
            while (true) {
                while (j < n && U64.le(first[j], need)) {
                    if (group[j] <= upTo && (!any || U64.lt(reach, last[j]))) {
                        reach = last[j];
                        any = true;
                    }
                    j++;
                }
                if (!any || U64.lt(reach, need)) {
                    return false;
                }
                if (U64.le(v.last(), reach)) {
                    break;
                }
                need = reach + 1;
            }
        }
        return true;
    }
}
