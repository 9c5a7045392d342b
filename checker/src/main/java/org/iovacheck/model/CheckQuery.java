package org.iovacheck.model;

import java.util.List;

/**
 * Immutable; the check question an engine answers: which DMA-mapped guest regions intersect which excluded host ranges.
 * A layout is safe iff there is no such pair and there are no blockers.
 */
public record CheckQuery(List<GuestRegion> mapped, List<ReservedRegion> exclusions, List<Blocker> blockers) {
    public CheckQuery {
        mapped = List.copyOf(mapped);
        exclusions = RegionTable.copyOf(exclusions);
        blockers = List.copyOf(blockers);
    }

    public static CheckQuery of(ResolvedHost host, GuestLayout guest, boolean p2p) {
        return new CheckQuery(guest.mapped(p2p), host.exclusions(), host.blockers());
    }
}
