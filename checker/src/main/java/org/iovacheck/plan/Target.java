package org.iovacheck.plan;

import java.util.List;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engine;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.ExclusionIndex;
import org.iovacheck.model.ReservedRegion;

/**
 * Immutable; what a layout must be safe against (the exclusions and blockers of every host, unioned) and how to judge:
 * candidates are tried against the exclusion index (exact; {@code search} engines place movable banks) and the answer is
 * re-checked by the {@code confirm} engines.
 */
public record Target(List<ReservedRegion> exclusions, List<Blocker> blockers, boolean p2p, List<Engine> search, List<Engine> confirm,
                     Budget budget, ExclusionIndex index) {
    public Target {
        exclusions = List.copyOf(exclusions);
        blockers = List.copyOf(blockers);
        search = List.copyOf(search);
        confirm = List.copyOf(confirm);
        if (index == null) {
            index = new ExclusionIndex(exclusions);
        }
    }

    public Target(List<ReservedRegion> exclusions, List<Blocker> blockers, boolean p2p, List<Engine> search, List<Engine> confirm,
                  Budget budget) {
        this(exclusions, blockers, p2p, search, confirm, budget, null);
    }

    Target without(ReservedRegion w) {
        List<ReservedRegion> fewer = exclusions.stream().filter(r -> r != w).toList();
        return new Target(fewer, blockers, p2p, search, confirm, budget, null);
    }
}
