package org.iovacheck.model;

import java.util.List;

/** Immutable; an IOMMU group and its reserved regions as read (sysfs types, MSI kind not yet decided). */
public record Group(String id, List<ReservedRegion> regions, Source source) {
    public Group {
        regions = List.copyOf(regions);
    }
}
