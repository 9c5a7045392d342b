package org.iovacheck.model;

/** Immutable; one host range that guest DMA must avoid or that blocks assignment, with its type, IOMMU group and origin. */
public record ReservedRegion(Range range, RegionType type, String group, String name, Source source) {
    public ReservedRegion {
        if (range == null || type == null || source == null) {
            throw new IllegalArgumentException("range, type and source are required");
        }
    }

    // equals and hashCode written out, with the values the record's generated ones give (as Range's): the generated ones link
    // through an invokedynamic bootstrap on first use, which a short run (one check, whose engines' answers are compared)
    // pays for each record type.
    @Override
    public boolean equals(Object o) {
        return o instanceof ReservedRegion r && range.equals(r.range) && type == r.type && java.util.Objects.equals(group, r.group)
                && java.util.Objects.equals(name, r.name) && source.equals(r.source);
    }

    @Override
    public int hashCode() {
        int h = range.hashCode();
        h = 31 * h + type.hashCode();
        h = 31 * h + java.util.Objects.hashCode(group);
        h = 31 * h + java.util.Objects.hashCode(name);
        return 31 * h + source.hashCode();
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
