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
     */
    static Optional<ReservedRegion> emptiedBy(Aperture aperture, List<List<ReservedRegion>> groups) {
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
}
