package org.iovacheck.model;

/** Immutable; a DMA-mapped guest region that intersects an excluded host range, and the exact addresses they share. */
public record Conflict(GuestRegion guest, ReservedRegion reserved, Range overlap) {
    public Conflict {
        if (!guest.range().overlaps(reserved.range()) || !overlap.equals(guest.range().intersect(reserved.range()))) {
            throw new IllegalArgumentException("overlap " + overlap + " is not the intersection of " + guest.range() + " and " + reserved.range());
        }
    }

    // equals and hashCode written out, with the values the record's generated ones give (as Range's): the generated ones link
    // through an invokedynamic bootstrap on first use, which a short run (one check, whose engines' answers are compared)
    // pays for each record type.
    @Override
    public boolean equals(Object o) {
        return o instanceof Conflict c && guest.equals(c.guest) && reserved.equals(c.reserved) && overlap.equals(c.overlap);
    }

    @Override
    public int hashCode() {
        return (31 * guest.hashCode() + reserved.hashCode()) * 31 + overlap.hashCode();
    }

    public static Conflict of(GuestRegion g, ReservedRegion r) {
        return new Conflict(g, r, g.range().intersect(r.range()));
    }
}
