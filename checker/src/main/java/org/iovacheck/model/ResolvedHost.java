package org.iovacheck.model;

import java.util.List;

/**
 * Immutable; a host after the kernel's rules: MSI kinds decided, same-type regions merged per group,
 * the ranges every DMA mapping must avoid (exclusions), the regions that forbid assignment (blockers) and notes on the rules applied.
 */
public record ResolvedHost(Host host, List<ReservedRegion> regions, List<ReservedRegion> exclusions,
                           List<Blocker> blockers, List<String> notes) {
    public ResolvedHost {
        regions = RegionTable.copyOf(regions);
        exclusions = RegionTable.copyOf(exclusions);
        blockers = List.copyOf(blockers);
        notes = List.copyOf(notes);
    }
}
