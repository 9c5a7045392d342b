package org.iovacheck.model;

/** Immutable; one host range that guest DMA must avoid or that blocks assignment, with its type, IOMMU group and origin. */
public record ReservedRegion(Range range, RegionType type, String group, String name, Source source) {
    public ReservedRegion {
        if (range == null || type == null || source == null) {
            throw new IllegalArgumentException("range, type and source are required");
        }
    }

    public ReservedRegion withType(RegionType t) {
        return new ReservedRegion(range, t, group, name, source);
    }

    public ReservedRegion withRange(Range r) {
        return new ReservedRegion(r, type, group, name, source);
    }

    /** "group 7" or "host" for ranges that belong to no group (aperture, shared bridge windows). */
    public String owner() {
        return group == null ? "host" : "group " + group;
    }
}
