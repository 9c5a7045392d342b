package org.iovacheck.plan;

import java.util.List;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engine;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.ReservedRegion;

/**
 * Immutable; what a layout must be safe against (the exclusions and blockers of every host, unioned) and how to judge:
 * {@code search} engines try candidates, {@code confirm} engines re-check the answer.
 */
public record Target(List<ReservedRegion> exclusions, List<Blocker> blockers, boolean p2p, List<Engine> search, List<Engine> confirm,
                     Budget budget) {
    public Target {
        exclusions = List.copyOf(exclusions);
        blockers = List.copyOf(blockers);
        search = List.copyOf(search);
        confirm = List.copyOf(confirm);
    }

    Target without(ReservedRegion w) {
        List<ReservedRegion> fewer = exclusions.stream().filter(r -> r != w).toList();
        return new Target(fewer, blockers, p2p, search, confirm, budget);
    }
}
