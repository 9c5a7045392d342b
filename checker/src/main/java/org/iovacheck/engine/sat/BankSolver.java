package org.iovacheck.engine.sat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.iovacheck.cert.Certificate;
import org.iovacheck.engine.BanksAnswer;
import org.iovacheck.engine.Stats;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;
import org.sat4j.core.VecInt;
import org.sat4j.minisat.SolverFactory;
import org.sat4j.specs.ContradictionException;
import org.sat4j.specs.ISolver;
import org.sat4j.specs.TimeoutException;
import org.sat4j.tools.xplain.HighLevelXplain;

/**
 * Mutable, single use; places K equal banks by SAT over {@link BankEncoding}, with lazily added constraints. It encodes a
 * subset S of the constraints (seeded with those that bound-propagation from the lowest slot runs into) and solves:
 * <ul>
 * <li>UNSAT: the refutation of S, whose DRUP proof the RUP checker verifies, refutes the whole query (fewer constraints never
 * leave less room). The explanation is SAT4J's HighLevelXplain over S, one group per constraint, or past a work budget a
 * deletion that counts free slots by arithmetic; either way it gets its own verified refutation and its minimality is
 * checked by arithmetic.
 * <li>SAT: a model whose banks meet a constraint outside S adds those constraints to S and solves again. Otherwise the
 * vector is lowered (the componentwise minimum of two placements is a placement) until "some bank lower" is UNSAT with a
 * verified proof: the vector is then below every other placement component by component, hence the lexicographically
 * smallest. It is re-validated with {@link MultiPlaceQuery#admits} before it is returned.
 * </ul>
 */
final class BankSolver {
    /** Size budget: domain values summed over the banks of one encoding. */
    static final long MAX_VALUES = 4_000_000L;
    /**
     * Work budget of Xplain: it makes about one solver call per encoded constraint over an encoding that stays exact when
     * constraints are dropped (K(K+1)/2 values per constraint), so its cost grows as n^2 K^2 / 2. Past this (about a second on
     * two cores; 16 banks and some 190 constraints) the explanation is minimised by deletion with arithmetic instead, and
     * checked the same way.
     */
    static final long XPLAIN_BUDGET = 5_000_000L;

    private final MultiPlaceQuery q;
    private final boolean seeded;
    private final boolean preferLow;
    private final long xplainBudget;
    private final BooleanSupplier expired;
    private final String engine;
    private final int k;
    private final BankSlots slots;
    private final long[] from;
    private final long[] to;
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private long lemmas;
    private int calls;

    BankSolver(MultiPlaceQuery q, BooleanSupplier expired, String engine) {
        this(q, expired, engine, true, true, XPLAIN_BUDGET);
    }

    /**
     * For tests: without the seed every constraint enters S through a model that violates it; without preferring low slots the
     * models start high and the lowering loop does the work; with a zero Xplain budget every explanation is minimised by
     * deletion.
     */
    BankSolver(MultiPlaceQuery q, BooleanSupplier expired, String engine, boolean seeded, boolean preferLow, long xplainBudget) {
        this.q = q;
        this.seeded = seeded;
        this.preferLow = preferLow;
        this.xplainBudget = xplainBudget;
        this.expired = expired;
        this.engine = engine;
        this.slots = new BankSlots(q);
        this.k = slots.k;
        this.from = slots.from();
        this.to = slots.to();
    }

    BanksAnswer run(Consumer<Certificate> certificates) {
        long t0 = System.nanoTime();
        BitSet inS = seeded ? slots.seed() : new BitSet(slots.count);
        counters.put("seeded", (long) inS.cardinality());
        int rounds = 0;
        outer:
        while (true) {
            rounds++;
            counters.put("rounds", (long) rounds);
            counters.put("encoded-constraints", (long) inS.cardinality());
            if (expired.getAsBoolean()) {
                return unknown(t0, "time budget exhausted");
            }
            BankEncoding enc = BankEncoding.forSet(q.banks(), slots.stride, slots.yMax, from, to, inS.stream().toArray(), MAX_VALUES);
            if (enc == null) {
                return unknown(t0, "size budget exhausted: " + inS.cardinality() + " constraints and " + q.banks()
                        + " banks need more than " + MAX_VALUES + " order values");
            }
            counters.put("variables", (long) enc.variables());
            counters.put("clauses", (long) enc.clauses());
            SatSession s = session(enc);
            SatSession.Result res = solve(s);
            if (res == SatSession.Result.UNKNOWN) {
                return unknown(t0, "time budget exhausted");
            }
            if (res == SatSession.Result.UNSAT) {
                return infeasible(t0, s, enc, certificates);
            }
            long[] w = enc.decode(s);
            List<String> evidence = new ArrayList<>();
            int models = 1;
            while (true) {
                if (addViolated(w, inS)) {
                    continue outer;
                }
                int[] lower = enc.someBankLower(w);
                if (lower.length == 0) {
                    evidence.add("every bank sits at the lowest slot its domain allows; nothing lower to refute");
                    break;
                }
                s.add(lower);
                res = solve(s);
                if (res == SatSession.Result.UNKNOWN) {
                    return unknown(t0, "time budget exhausted");
                }
                if (res == SatSession.Result.UNSAT) {
                    Optional<Certificate> c = s.refutation("no placement of " + q.banks() + " bank(s) puts any bank below "
                            + bases(w) + " (" + q + ", " + inS.cardinality() + " constraint(s) encoded)");
                    if (c.isEmpty()) {
                        return unknown(t0, "time budget exhausted while checking a proof");
                    }
                    certificates.accept(c.get());
                    lemmas += c.get().check().lemmasChecked();
                    evidence.add("no bank can go lower: UNSAT with DRUP proof " + c.get().check().describe());
                    break;
                }
                long[] v = enc.decode(s);
                models++;
                long[] m = new long[w.length];
                boolean lowered = false;
                for (int i = 0; i < w.length; i++) {
                    m[i] = U64.min(w[i], v[i]);
                    lowered |= m[i] != w[i];
                }
                if (!lowered) {
                    throw new SatInternalError("a model of 'some bank lower' lowers no bank: " + bases(w) + " then " + bases(v));
                }
                w = m;
                if (!enc.inDomain(w)) {
                    throw new SatInternalError("the componentwise minimum " + bases(w) + " left the domains");
                }
                s = session(enc);
            }
            long[] b = new long[w.length];
            for (int i = 0; i < w.length; i++) {
                b[i] = w[i] << k;
            }
            if (!q.admits(b)) {
                throw new SatInternalError("the placement " + bases(w) + " does not admit the banks: " + q);
            }
            int constraining = slots.constraining();
            evidence.add(0, models + " model(s) over " + rounds + " encoding round(s) (" + inS.cardinality() + " of "
                    + constraining + " constraints encoded, the rest checked against the model); bases re-validated by arithmetic");
            counters.put("models", (long) models);
            counters.put("solver-calls", (long) calls);
            counters.put("proof-lemmas", lemmas);
            return BanksAnswer.found(engine, b, evidence, Stats.of(t0, counters));
        }
    }

    private SatSession session(BankEncoding enc) {
        SatSession s = new SatSession(enc.variables(), preferLow, expired);
        enc.load(s);
        return s;
    }

    private SatSession.Result solve(SatSession s) {
        calls++;
        return s.solve();
    }

    /** Adds to S every constraint outside it that the slots violate; true when any was added. */
    private boolean addViolated(long[] y, BitSet inS) {
        boolean added = false;
        for (int c = 0; c < slots.count; c++) {
            for (long v : y) {
                if (slots.forbids(c, v)) {
                    if (inS.get(c)) {
                        throw new SatInternalError("the model puts a bank at slot " + Long.toUnsignedString(v) + " which encoded constraint "
                                + c + " forbids: " + q);
                    }
                    inS.set(c);
                    added = true;
                    break;
                }
            }
        }
        return added;
    }

    private BanksAnswer infeasible(long t0, SatSession s, BankEncoding enc, Consumer<Certificate> certificates) {
        int[] subset = enc.subset();
        Optional<Certificate> all = s.refutation("no placement of " + q.banks() + " bank(s) avoids " + subset.length
                + " of the constraint(s) (" + q + ")");
        if (all.isEmpty()) {
            return unknown(t0, "time budget exhausted while checking a proof");
        }
        certificates.accept(all.get());
        lemmas += all.get().check().lemmasChecked();
        long xplainCost = (long) (subset.length + 1) * (subset.length + 1) * q.banks() * (q.banks() + 1L) / 2;
        boolean byXplain = xplainCost <= xplainBudget;
        Optional<int[]> core;
        BankEncoding xe = byXplain ? BankEncoding.forSubsets(q.banks(), slots.stride, slots.yMax, from, to, subset, MAX_VALUES) : null;
        byXplain = xe != null;
        if (byXplain) {
            counters.put("explanation-variables", (long) xe.variables());
            core = core(xe);
        } else {
            core = slots.deletionCore(subset, expired);
        }
        if (core.isEmpty()) {
            return unknown(t0, "infeasibility proven (DRUP proof verified) but the time budget ran out while minimising the explanation");
        }
        int[] members = core.get();
        BankEncoding ce = BankEncoding.forSet(q.banks(), slots.stride, slots.yMax, from, to, members, MAX_VALUES);
        if (ce == null) {
            throw new SatInternalError("the explanation needs a larger encoding than the set it came from");
        }
        SatSession cs = new SatSession(ce.variables(), false, expired);
        ce.load(cs);
        SatSession.Result res = solve(cs);
        if (res == SatSession.Result.UNKNOWN) {
            return unknown(t0, "time budget exhausted");
        }
        if (res == SatSession.Result.SAT) {
            throw new SatInternalError("the explanation " + Arrays.toString(members) + " is satisfiable: " + q);
        }
        CoreMembers named = CoreMembers.of(members, q.forbidden());
        List<ReservedRegion> windows = named.windows();
        List<PlaceQuery.Limit> limits = named.limits();
        Optional<Certificate> coreCert = cs.refutation("no placement of " + q.banks() + " bank(s) avoids " + windows.size() + " window(s) "
                + windows.stream().map(w -> w.range().toString()).toList() + " and limit(s) " + limits + " (" + q + ")");
        if (coreCert.isEmpty()) {
            return unknown(t0, "time budget exhausted while checking a proof");
        }
        certificates.accept(coreCert.get());
        lemmas += coreCert.get().check().lemmasChecked();
        int[] sortedCore = slots.byStart(members);
        boolean[] off = new boolean[sortedCore.length];
        if (slots.room(sortedCore, off) >= q.banks()) {
            throw new SatInternalError("arithmetic finds room for every bank past the explanation " + Arrays.toString(members));
        }
        for (int i = 0; i < sortedCore.length; i++) {
            off[i] = true;
            if (slots.room(sortedCore, off) < q.banks()) {
                throw new SatInternalError("the explanation " + Arrays.toString(members) + " is not minimal: it still blocks without " + sortedCore[i]);
            }
            off[i] = false;
        }
        counters.put("solver-calls", (long) calls);
        counters.put("proof-lemmas", lemmas);
        counters.put("core-size", (long) members.length);
        List<String> evidence = List.of(
                "infeasible: UNSAT over " + subset.length + " encoded constraint(s), DRUP proof " + all.get().check().describe(),
                "minimal explanation (" + (byXplain ? "SAT4J HighLevelXplain, one group per constraint" : "deletion, free slots counted by arithmetic: "
                        + subset.length + " constraints exceed Xplain's budget") + "): UNSAT on its own, DRUP proof "
                        + coreCert.get().check().describe() + "; without any one member every bank fits (checked by arithmetic)");
        return BanksAnswer.infeasible(engine, windows, limits, evidence, Stats.of(t0, counters));
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
        xp.setSearchListener(new ProofRecorder(null, expired));
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
            calls++;
            if (xp.isSatisfiable()) {
                throw new SatInternalError("HighLevelXplain finds a model where the proof-checked solver found none: " + q);
            }
            Collection<Integer> groups = xp.explain();
            int[] members = new int[groups.size()];
            int n = 0;
            for (int g : groups) {
                if (g < 1 || g > slots.count) {
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

    private String bases(long[] y) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < y.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(U64.shortHex(y[i] << k));
        }
        return sb.append(']').toString();
    }

    private BanksAnswer unknown(long t0, String why) {
        counters.put("solver-calls", (long) calls);
        return BanksAnswer.unknown(engine, List.of(why + " after " + calls + " solver call(s)"), Stats.of(t0, counters));
    }
}
