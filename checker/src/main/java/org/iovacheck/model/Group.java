package org.iovacheck.model;

import java.util.List;

/**
 * Immutable; an IOMMU group and its reserved regions as read (sysfs types, MSI kind not yet decided), the IOMMU unit it sits
 * behind (a {@link IommuUnit#name()}; null when unknown) and its devices (empty when not read).
 */
public record Group(String id, List<ReservedRegion> regions, Source source, String unit, List<PciDevice> devices) {
    public Group {
        regions = RegionTable.copyOf(regions);
        devices = List.copyOf(devices);
    }

    /** A group known only by its reserved regions. */
    public Group(String id, List<ReservedRegion> regions, Source source) {
        this(id, regions, source, null, List.of());
    }
}
