package org.iovacheck.engine;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.ExclusionUnion;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.ResolvedHost;

/**
 * "Safe on every host of the fleet" as one check against the deduplicated union of the hosts' exclusions. The fast path looks
 * first; a SAFE union is then decided by every chosen engine (SAT with its checked proof), while a violation names the first
 * host that has the offending range and that host alone is re-checked by every chosen engine before it is reported.
 */
public final class FleetProver {
    private FleetProver() {
    }

    public static ProveOutcome forAll(List<ResolvedHost> hosts, List<GuestRegion> mapped, List<Engine> engines, Budget budget) {
        ExclusionUnion u = ExclusionUnion.of(hosts);
        List<ProveOutcome.Obligation> obs = new ArrayList<>();
        if (!u.blockers().isEmpty()) {
            Blocker b = u.blockers().get(0);
            obs.add(new ProveOutcome.Obligation("assignability", "host " + u.hostOf(b) + ": " + b.reason(), Verdict.COUNTEREXAMPLE, List.of()));
            return confirmed(hosts, u.hostOf(b), mapped, engines, obs);
        }
        obs.add(new ProveOutcome.Obligation("assignability", "no host of the fleet has a region that forbids assignment", Verdict.PROVEN, List.of()));
        CheckQuery q = new CheckQuery(mapped, u.ranges(), List.of());
        CheckOutcome fast = CheckRunner.run(q, Engines.select("interval"), budget);
        CheckOutcome o = fast.verdict() == Verdict.SAFE ? CheckRunner.run(q, engines, budget) : fast;
        String stmt = "no DMA-mapped guest region meets any of the " + u.ranges().size() + " distinct excluded ranges of the "
                + hosts.size() + " host(s)";
        Verdict v = switch (o.verdict()) {
            case SAFE -> Verdict.PROVEN;
            case UNKNOWN -> Verdict.UNKNOWN;
            default -> Verdict.COUNTEREXAMPLE;
        };
        obs.add(new ProveOutcome.Obligation("exclusions", stmt, v, o.answers()));
        if (v != Verdict.COUNTEREXAMPLE) {
            return new ProveOutcome(v, obs, null, null);
        }
        Conflict c = o.conflicts().get(0);
        return confirmed(hosts, u.owners(c.reserved()).get(0), mapped, engines, obs);
    }

    private static ProveOutcome confirmed(List<ResolvedHost> hosts, String name, List<GuestRegion> mapped, List<Engine> engines,
                                          List<ProveOutcome.Obligation> obs) {
        ResolvedHost h = hosts.stream().filter(x -> x.host().name().equals(name)).findFirst().orElseThrow();
        ResolvedHost again = HostSemantics.resolve(h.host());
        CheckOutcome replay = CheckRunner.run(new CheckQuery(mapped, again.exclusions(), again.blockers()), engines, Budget.unlimited());
        if (replay.verdict() != Verdict.UNSAFE && replay.verdict() != Verdict.NO_LAYOUT) {
            throw new IllegalStateException("fleet counterexample host " + name + " does not replay: check says " + replay.verdict());
        }
        return new ProveOutcome(Verdict.COUNTEREXAMPLE, obs, h.host(), replay);
    }
}
