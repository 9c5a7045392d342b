package org.iovacheck.engine.sat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.iovacheck.cert.Certificate;
import org.iovacheck.engine.BanksAnswer;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.Conflicts;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.PlaceAnswer;
import org.iovacheck.engine.Stats;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.PlaceQuery;

/**
 * The SAT prover (SAT4J, order encoding over breakpoints): conflicts and placements come from validated models; every "nothing
 * more" or "nothing lower" is an UNSAT answer whose DRUP proof is verified in-tree first, then handed to an optional sink.
 */
public final class SatEngine implements Engine {
    private final Consumer<Certificate> certificates;

    public SatEngine() {
        this(c -> {
        });
    }

    /** An engine that hands every verified UNSAT certificate to {@code certificates} (e.g. to write it to disk). */
    public SatEngine(Consumer<Certificate> certificates) {
        this.certificates = certificates;
    }

    @Override
    public String name() {
        return "sat";
    }

    @Override
    public CheckAnswer check(CheckQuery q, Budget budget) {
        long t0 = System.nanoTime();
        Relevant relevant = Relevant.of(q, budget::expired);
        if (relevant == null) {
            return new CheckAnswer(name(), Verdict.UNKNOWN, List.of(), List.of("time budget exhausted while selecting the ranges "
                    + "that meet the guest"), Stats.of(t0, new LinkedHashMap<>()));
        }
        CheckSolver.Result r = new CheckSolver(relevant.reduced(), budget::expired).run(certificates);
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("variables", (long) r.variables());
        counters.put("clauses", (long) r.clauses());
        counters.put("solver-calls", (long) r.calls());
        counters.put("breakpoints", (long) r.segments());
        counters.put("windows-meeting-guest", (long) relevant.windows());
        counters.put("distinct-ranges-encoded", (long) relevant.reduced().exclusions().size());
        counters.put("proof-lemmas", r.refutation().map(c -> (long) c.check().lemmasChecked()).orElse(0L));
        if (!r.complete()) {
            return new CheckAnswer(name(), Verdict.UNKNOWN, List.of(),
                    List.of("time budget exhausted after " + r.calls() + " solver call(s) and " + r.conflicts().size() + " pair(s)"),
                    Stats.of(t0, counters));
        }
        List<Conflict> conflicts = new ArrayList<>(relevant.expand(r.conflicts()));
        conflicts.sort(Conflicts.ORDER);
        Verdict v = !q.blockers().isEmpty() ? Verdict.NO_LAYOUT : conflicts.isEmpty() ? Verdict.SAFE : Verdict.UNSAFE;
        List<String> evidence = new ArrayList<>();
        evidence.add("encoded the " + relevant.reduced().exclusions().size() + " distinct range(s) of the " + relevant.windows() + " of "
                + q.exclusions().size() + " excluded range(s) that meet a mapped region (direct overlap test of each)");
        evidence.add("order encoding over " + r.segments() + " address segments; " + r.witnesses().size()
                + " solver model(s) gave witness segments, each validated to lie in both ranges of its pairs");
        Certificate c = r.refutation().orElseThrow();
        evidence.add("no further pair: UNSAT, DRUP proof " + c.check().describe());
        return new CheckAnswer(name(), v, conflicts, evidence, Stats.of(t0, counters));
    }

    @Override
    public PlaceAnswer place(PlaceQuery q, Budget budget) {
        return new PlaceSolver(q, budget::expired, name()).run(certificates);
    }

    @Override
    public BanksAnswer placeBanks(MultiPlaceQuery q, Budget budget) {
        return new BankSolver(q, budget::expired, name()).run(certificates);
    }
}
