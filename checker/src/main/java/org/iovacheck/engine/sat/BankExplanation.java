package org.iovacheck.engine.sat;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.iovacheck.cert.Certificate;
import org.iovacheck.engine.BanksAnswer;
import org.iovacheck.engine.Stats;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.ReservedRegion;
import org.sat4j.core.VecInt;
import org.sat4j.minisat.SolverFactory;
import org.sat4j.specs.ContradictionException;
import org.sat4j.specs.ISolver;
import org.sat4j.specs.TimeoutException;
import org.sat4j.tools.xplain.HighLevelXplain;

/**
 * Single use, for one {@link BankSolver} whose encoded set is refuted: the INFEASIBLE answer, a minimal explanation (SAT4J's
 * HighLevelXplain, or {@link SlotCore} deletion past the Xplain budget), checked minimal by arithmetic and refuted on its own.
 */
final class BankExplanation {
    private final BankSolver s;

    BankExplanation(BankSolver s) {
        this.s = s;
    }

    /** The answer once the encoded set {@code subset} is refuted by {@code all} ({@code how} says how): a verified explanation. */
    BanksAnswer answer(long t0, int[] subset, Certificate all, String how, Consumer<Certificate> certificates) {
        certificates.accept(all);
        s.lemmas += all.check().lemmasChecked();
        String refuted = "infeasible: UNSAT over " + subset.length + " encoded constraint(s), " + how + "DRUP proof " + all.check().describe();
        all = null; // with 10^6 constraints the first certificate and the explanation's do not both fit a small heap
        long xplainCost = (long) (subset.length + 1) * (subset.length + 1) * s.q.banks() * (s.q.banks() + 1L) / 2;
        boolean byXplain = xplainCost <= s.xplainBudget;
        Optional<int[]> core;
        BankEncoding xe = byXplain ? BankEncoding.forSubsets(s.q.banks(), s.slots.stride, s.slots.yMax, s.from, s.to, subset, BankSolver.MAX_VALUES) : null;
        byXplain = xe != null;
        if (byXplain) {
            s.counters.put("explanation-variables", (long) xe.variables());
            core = core(xe);
        } else {
            core = SlotCore.minimal(s.from, s.to, subset, s.slots.yMax, s.slots.stride, s.q.banks(), s.expired);
        }
        if (core.isEmpty()) {
            return s.unknown(t0, "infeasibility proven (DRUP proof verified) but the time budget ran out while minimising the explanation");
        }
        int[] members = core.get();
        RoomSweep sweep = RoomSweep.of(s.from, s.to, members, s.slots.yMax, s.slots.stride, s.q.banks());
        if (sweep.room() >= s.q.banks()) {
            throw new SatInternalError("arithmetic finds room for every bank past the explanation " + Arrays.toString(members));
        }
        for (int i = 0; i < members.length; i++) {
            if (sweep.roomWithout(i) < s.q.banks()) {
                throw new SatInternalError("the explanation " + Arrays.toString(members) + " is not minimal: it still blocks without " + members[i]);
            }
        }
        CoreMembers named = CoreMembers.of(members, s.q.forbidden());
        List<ReservedRegion> windows = named.windows();
        List<PlaceQuery.Limit> limits = named.limits();
        List<String> shown = windows.stream().limit(8).map(w -> w.range().toString()).toList();
        String claim = "no placement of " + s.q.banks() + " bank(s) avoids " + windows.size() + " window(s) " + shown
                + (windows.size() > shown.size() ? " (the first " + shown.size() + ")" : "") + " and limit(s) " + limits + " (" + s.q + ")";
        BankEncoding ce = BankEncoding.forSet(s.q.banks(), s.slots.stride, s.slots.yMax, s.from, s.to, members, BankSolver.MAX_VALUES);
        if (ce == null) {
            throw new SatInternalError("the explanation needs a larger encoding than the set it came from");
        }
        UnitRefutation u = s.seeded ? UnitRefutation.of(ce, claim, s.expired) : new UnitRefutation(UnitRefutation.Outcome.OPEN, null);
        if (u.outcome() == UnitRefutation.Outcome.INTERRUPTED) {
            return s.unknown(t0, "time budget exhausted while checking a proof");
        }
        Certificate coreCert = u.certificate();
        String coreHow = "by unit propagation (no solver call), ";
        if (u.outcome() == UnitRefutation.Outcome.REFUTED) {
            s.unitRefutations++;
        } else {
            coreHow = "";
            SatSession cs = new SatSession(ce.variables(), false, s.expired);
            ce.load(cs);
            SatSession.Result res = s.solve(cs);
            if (res == SatSession.Result.UNKNOWN) {
                return s.unknown(t0, "time budget exhausted");
            }
            if (res == SatSession.Result.SAT) {
                throw new SatInternalError("the explanation " + Arrays.toString(members) + " is satisfiable: " + s.q);
            }
            Optional<Certificate> c = cs.refutation(claim);
            if (c.isEmpty()) {
                return s.unknown(t0, "time budget exhausted while checking a proof");
            }
            coreCert = c.get();
        }
        certificates.accept(coreCert);
        s.lemmas += coreCert.check().lemmasChecked();
        s.counters.put("solver-calls", (long) s.calls);
        s.counters.put("proof-lemmas", s.lemmas);
        s.counters.put("core-size", (long) members.length);
        s.counters.put("unit-refutations", s.unitRefutations);
        List<String> evidence = List.of(refuted,
                "minimal explanation (" + (byXplain ? "SAT4J HighLevelXplain, one group per constraint" : "deletion over the constraints no other contains, "
                        + "free slots counted by arithmetic: " + subset.length + " constraints exceed Xplain's budget") + "): UNSAT on its own, "
                        + coreHow + "DRUP proof " + coreCert.check().describe()
                        + "; without any one member every bank fits (checked by arithmetic, one sweep)");
        return BanksAnswer.infeasible(s.engine, windows, limits, evidence, Stats.of(t0, s.counters));
    }

    /** A minimal subset of the encoded constraints whose clauses (with the order and non-overlap clauses) are unsatisfiable. */
    private Optional<int[]> core(BankEncoding enc) {
        for (int i = 0; i < enc.clauses(); i++) {
            if (enc.tag(i) >= 0 && enc.clause(i).length == 0) {
                return Optional.of(new int[] {enc.tag(i)});
            }
        }
        HighLevelXplain<ISolver> xp = new HighLevelXplain<>(SolverFactory.newDefault());
        xp.setTimeoutOnConflicts(Integer.MAX_VALUE);
        xp.setSearchListener(new ProofRecorder(null, s.expired));
        xp.newVar(enc.variables());
        try {
            for (int i = 0; i < enc.clauses(); i++) {
                int tag = enc.tag(i);
                if (tag < 0) {
                    xp.addNonControlableClause(new VecInt(enc.clause(i)));
                } else {
                    xp.addClause(new VecInt(enc.clause(i)), tag + 1);
                }
            }
            s.calls++;
            if (xp.isSatisfiable()) {
                throw new SatInternalError("HighLevelXplain finds a model where the proof-checked solver found none: " + s.q);
            }
            Collection<Integer> groups = xp.explain();
            int[] members = new int[groups.size()];
            int n = 0;
            for (int g : groups) {
                if (g < 1 || g > s.slots.count) {
                    throw new SatInternalError("HighLevelXplain named a group that was not added: " + g);
                }
                members[n++] = g - 1;
            }
            Arrays.sort(members);
            return Optional.of(members);
        } catch (ContradictionException e) {
            throw new SatInternalError("the order and non-overlap clauses contradict on their own: " + e.getMessage());
        } catch (TimeoutException e) {
            return Optional.empty();
        }
    }

}
