package org.iovacheck.plan;

import java.util.List;
import java.util.Map;
import org.iovacheck.engine.CheckOutcome;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.ReservedRegion;

/**
 * Immutable; the answer of place. FOUND: the layout, the preset settings that produce it and its confirming check (every engine,
 * SAFE); for a maximisation also the check one granule above (UNSAFE) or the VMM's refusal there. INFEASIBLE: the host ranges
 * and VMM limits that together leave no layout. UNKNOWN: the budget ran out.
 */
public record PlanResult(Verdict verdict, long ram, GuestLayout layout, Map<String, String> settings, CheckOutcome confirm,
                         CheckOutcome oneMore, String oneMoreRefusal, List<ReservedRegion> blocking, List<String> limits,
                         List<String> evidence) {
    public PlanResult {
        settings = Map.copyOf(settings);
        blocking = List.copyOf(blocking);
        limits = List.copyOf(limits);
        evidence = List.copyOf(evidence);
    }
}
