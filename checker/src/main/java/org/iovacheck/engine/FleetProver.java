package org.iovacheck.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.ExclusionUnion;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostClasses;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.ResolvedHost;

/**
 * "Safe on every host of the fleet" as one check against the deduplicated union of the exclusions of the fleet's classes of
 * identical hosts. The fast path looks first; a SAFE union is then decided by every chosen engine (SAT with its checked proof),
 * while a violation names the first host that has the offending range, which is read again in full, matched against its class
 * and re-checked alone by every chosen engine before it is reported.
 */
public final class FleetProver {
    private FleetProver() {
    }

    /** Over hosts held in memory (each its own reading). */
    public static ProveOutcome forAll(List<ResolvedHost> hosts, List<GuestRegion> mapped, List<Engine> engines, Budget budget) {
        HostClasses classes = new HostClasses();
        java.util.Map<String, Host> full = new java.util.HashMap<>();
        for (ResolvedHost h : hosts) {
            classes.add(h, null);
            full.put(h.host().name(), h.host());
        }
        return forAll(classes, mapped, engines, budget, c -> full.get(c.first().host().name()));
    }

    /**
     * Over the classes of a fleet; {@code reread} gives the first host of a class in full (read again from its file), for the
     * counterexample.
     */
    public static ProveOutcome forAll(HostClasses classes, List<GuestRegion> mapped, List<Engine> engines, Budget budget,
                                      Function<HostClasses.HostClass, Host> reread) {
        ExclusionUnion u = ExclusionUnion.of(classes.firsts());
        List<ProveOutcome.Obligation> obs = new ArrayList<>();
        String of = classes.hostCount() + " host(s)" + (classes.classes().size() < classes.hostCount()
                ? " (" + classes.classes().size() + " distinct)" : "");
        if (!u.blockers().isEmpty()) {
            Blocker b = u.blockers().get(0);
            obs.add(new ProveOutcome.Obligation("assignability", "host " + u.hostOf(b) + ": " + b.reason(), Verdict.COUNTEREXAMPLE, List.of()));
            return confirmed(classes, u.hostOf(b), mapped, engines, obs, reread);
        }
        obs.add(new ProveOutcome.Obligation("assignability", "no host of the fleet has a region that forbids assignment", Verdict.PROVEN, List.of()));
        CheckQuery q = new CheckQuery(mapped, u.ranges(), List.of());
        CheckOutcome fast = CheckRunner.run(q, Engines.select("interval"), budget);
        CheckOutcome o = fast.verdict() == Verdict.SAFE ? CheckRunner.run(q, engines, budget) : fast;
        String stmt = "no DMA-mapped guest region meets any of the " + u.ranges().size() + " distinct excluded ranges of the " + of;
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
        List<String> owners = u.ownersOf(c.reserved().range(), c.reserved().type());
        if (owners.isEmpty()) {
            throw new IllegalStateException("the fleet's conflict " + c.reserved().range() + " has no host in the union");
        }
        return confirmed(classes, owners.get(0), mapped, engines, obs, reread);
    }

    private static ProveOutcome confirmed(HostClasses classes, String name, List<GuestRegion> mapped, List<Engine> engines,
                                          List<ProveOutcome.Obligation> obs, Function<HostClasses.HostClass, Host> reread) {
        HostClasses.HostClass c = classes.byFirstName(name);
        Host h = reread.apply(c);
        ResolvedHost again = HostSemantics.resolve(h);
        if (!c.matches(again)) {
            throw new IllegalStateException("fleet counterexample host " + name + " reads differently now than when it was proved"
                    + " (was " + c.origin() + " changed during the run?)");
        }
        CheckOutcome replay = CheckRunner.run(new CheckQuery(mapped, again.exclusions(), again.blockers()), engines, Budget.unlimited());
        if (replay.verdict() != Verdict.UNSAFE && replay.verdict() != Verdict.NO_LAYOUT) {
            throw new IllegalStateException("fleet counterexample host " + name + " does not replay: check says " + replay.verdict());
        }
        return new ProveOutcome(Verdict.COUNTEREXAMPLE, obs, h, replay);
    }
}
