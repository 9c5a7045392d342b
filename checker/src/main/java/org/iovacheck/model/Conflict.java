package org.iovacheck.model;

/** Immutable; a DMA-mapped guest region that intersects an excluded host range, and the exact addresses they share. */
public record Conflict(GuestRegion guest, ReservedRegion reserved, Range overlap) {
    public Conflict {
        if (!guest.range().overlaps(reserved.range()) || !overlap.equals(guest.range().intersect(reserved.range()))) {
            throw new IllegalArgumentException("overlap " + overlap + " is not the intersection of " + guest.range() + " and " + reserved.range());
        }
    }

    public static Conflict of(GuestRegion g, ReservedRegion r) {
        return new Conflict(g, r, g.range().intersect(r.range()));
    }
}
