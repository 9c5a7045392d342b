package org.iovacheck.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.Verdict;
import org.iovacheck.format.InputException;
import org.iovacheck.model.ExclusionUnion;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostClasses;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.ResolvedHost;
import org.iovacheck.preset.Preset;

/**
 * The exists-for-all and for-all-exists questions over many hosts, reduced to place: one layout for all hosts is a layout
 * safe against the union of their exclusions; every host admits a layout is place run on each host in turn.
 */
public final class ProvePlans {
    private ProvePlans() {
    }

    /** Immutable; one host's answer in an each-host run, shared by {@code count} identical hosts (the host itself included). */
    public record HostPlan(Host host, PlanResult plan, long count) {
        public HostPlan(Host host, PlanResult plan) {
            this(host, plan, 1);
        }
    }

    /** The fleet memory map: one layout (with {@code ram}, or the largest when ram is null) safe on every host. */
    public static PlanResult oneLayout(Preset p, Map<String, String> settings, Long ram, long granule, List<ResolvedHost> hosts,
                                       boolean p2p, List<Engine> search, List<Engine> confirm, Budget budget) throws InputException {
        ExclusionUnion u = ExclusionUnion.of(hosts);
        Target t = new Target(u.ranges(), u.blockers(), p2p, search, confirm, budget);
        return ram == null ? Planner.maximize(p, settings, granule, t) : Planner.place(p, settings, ram, t);
    }

    /** The fleet memory map over the classes of identical hosts of a fleet (their union is the union of all hosts). */
    public static PlanResult oneLayout(Preset p, Map<String, String> settings, Long ram, long granule, HostClasses classes,
                                       boolean p2p, List<Engine> search, List<Engine> confirm, Budget budget) throws InputException {
        return oneLayout(p, settings, ram, granule, classes.firsts(), p2p, search, confirm, budget);
    }

    /**
     * place on the first host of each class of identical hosts, in fleet order (identical hosts share the answer); stops at the
     * first class without a layout (its plan is INFEASIBLE) or when the budget runs out.
     */
    public static List<HostPlan> eachClass(Preset p, Map<String, String> settings, Long ram, long granule, HostClasses classes, boolean p2p,
                                           List<Engine> search, List<Engine> confirm, Budget budget, IntConsumer progress) throws InputException {
        List<HostPlan> out = new ArrayList<>();
        int i = 0;
        for (HostClasses.HostClass c : classes.classes()) {
            progress.accept(++i);
            ResolvedHost rh = c.first();
            Target t = new Target(rh.exclusions(), rh.blockers(), p2p, search, confirm, budget);
            PlanResult r = ram == null ? Planner.maximize(p, settings, granule, t) : Planner.place(p, settings, ram, t);
            out.add(new HostPlan(rh.host(), r, c.count()));
            if (r.verdict() != Verdict.FOUND) {
                break;
            }
        }
        return out;
    }

    /** place on each host; stops at the first host without a layout (its plan is INFEASIBLE) or when the budget runs out. */
    public static List<HostPlan> eachHost(Preset p, Map<String, String> settings, Long ram, long granule, List<Host> hosts, boolean p2p,
                                          List<Engine> search, List<Engine> confirm, Budget budget, IntConsumer progress) throws InputException {
        List<HostPlan> out = new ArrayList<>();
        int i = 0;
        for (Host h : hosts) {
            progress.accept(++i);
            ResolvedHost rh = HostSemantics.resolve(h);
            Target t = new Target(rh.exclusions(), rh.blockers(), p2p, search, confirm, budget);
            PlanResult r = ram == null ? Planner.maximize(p, settings, granule, t) : Planner.place(p, settings, ram, t);
            out.add(new HostPlan(h, r));
            if (r.verdict() != Verdict.FOUND) {
                break;
            }
        }
        return out;
    }
}
