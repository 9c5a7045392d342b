package org.iovacheck.model;

/** Immutable; one guest-physical range with its kind and name (IOVA == GPA without a vIOMMU). */
public record GuestRegion(String name, GuestKind kind, Range range) {
    public GuestRegion {
        if (name == null || kind == null || range == null) {
            throw new IllegalArgumentException("name, kind and range are required");
        }
    }

    // equals and hashCode written out, with the values the record's generated ones give (as Range's): the generated ones link
    // through an invokedynamic bootstrap on first use, which a short run (one check, whose engines' answers are compared)
    // pays for each record type.
    @Override
    public boolean equals(Object o) {
        return o instanceof GuestRegion g && name.equals(g.name) && kind == g.kind && range.equals(g.range);
    }

    @Override
    public int hashCode() {
        return (31 * name.hashCode() + kind.hashCode()) * 31 + range.hashCode();
    }
}
