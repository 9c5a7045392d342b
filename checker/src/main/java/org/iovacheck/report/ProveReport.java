package org.iovacheck.report;

import java.nio.file.Path;
import java.util.List;
import org.iovacheck.engine.ProveOutcome;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.plan.PlanResult;
import org.iovacheck.plan.ProvePlans;

/**
 * Immutable; everything a prove printout shows. Mode for-all fills {@code forAll} (obligations, counterexample); one-layout fills
 * {@code plan} and its re-proof in {@code forAll}; each-host fills {@code hosts} (and {@code forAll} when the freedom is empty).
 */
public record ProveReport(String mode, String subjectKind, String subjectName, String subjectSource, long hostCount, String guest,
                          GuestLayout layout, Verdict verdict, ProveOutcome forAll, PlanResult plan, List<ProvePlans.HostPlan> hosts,
                          Path saved, List<String> notes) {
    public ProveReport {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        notes = List.copyOf(notes);
    }
}
