package org.iovacheck.engine.sat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.iovacheck.cert.Certificate;
import org.iovacheck.engine.PlaceAnswer;
import org.iovacheck.engine.Stats;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;
import org.sat4j.core.VecInt;
import org.sat4j.minisat.SolverFactory;
import org.sat4j.specs.ContradictionException;
import org.sat4j.specs.IConstr;
import org.sat4j.specs.ISolver;
import org.sat4j.specs.IVecInt;
import org.sat4j.specs.TimeoutException;
import org.sat4j.tools.xplain.Xplain;

/**
 * Mutable, single use; places one block by SAT: with x = y * 2^k each window and limit forbids one interval of y, so an order
 * encoding over the intervals' ends is exact. Lowest base and minimal cores as in docs/engines.md, "sat".
 */
final class PlaceSolver {
    private static final int LOW = CoreMembers.LOW;
    private static final int HIGH = CoreMembers.HIGH;

    private final PlaceQuery q;
    private final BooleanSupplier expired;
    private final String engine;
    private final int k;
    private final long yMax;
    private final int constraints;
    private final boolean[] present;
    private final long[] from;
    private final long[] to;
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private long lemmas;
    private int calls;

    PlaceSolver(PlaceQuery q, BooleanSupplier expired, String engine) {
        this.q = q;
        this.expired = expired;
        this.engine = engine;
        this.k = q.alignLog2();
        this.yMax = (U64.MAX - (q.length() - 1)) >>> k;
        this.constraints = 2 + q.forbidden().size();
        this.present = new boolean[constraints];
        this.from = new long[constraints];
        this.to = new long[constraints];
        forbidLowest();
        forbidHighest();
        for (int i = 0; i < q.forbidden().size(); i++) {
            forbidWindow(2 + i, q.forbidden().get(i).range());
        }
    }

    /** y < ceil(lo / 2^k) puts the block below the allowed range. */
    private void forbidLowest() {
        long yLo = ceilShift(q.allowed().first());
        if (yLo != 0) {
            set(LOW, 0, U64.lt(yMax, yLo) ? yMax : yLo - 1);
        }
    }

    /** y * 2^k + length - 1 > hi puts the block's end above the allowed range. */
    private void forbidHighest() {
        long hi = q.allowed().last();
        long span = q.length() - 1;
        if (U64.lt(hi, span)) {
            set(HIGH, 0, yMax);
            return;
        }
        long yHi = (hi - span) >>> k;
        if (U64.lt(yHi, yMax)) {
            set(HIGH, yHi + 1, yMax);
        }
    }

    /** The block meets window [f, l] iff f - (length - 1) <= x <= l. */
    private void forbidWindow(int i, Range w) {
        long span = q.length() - 1;
        long xs = U64.le(span, w.first()) ? w.first() - span : 0;
        long ys = ceilShift(xs);
        long ye = U64.min(w.last() >>> k, yMax);
        if (U64.le(ys, ye)) {
            set(i, ys, ye);
        }
    }

    private void set(int i, long f, long t) {
        present[i] = true;
        from[i] = f;
        to[i] = t;
    }

    private long ceilShift(long x) {
        long mask = (1L << k) - 1;
        return (x >>> k) + ((x & mask) != 0 ? 1 : 0);
    }

    /** Immutable; the order encoding of a subset of the constraints: its breakpoints and each member's clause (null if absent). */
    private record Encoding(Breakpoints bp, int[][] clause, int[] members) {
        SatSession session(boolean preferTrue, BooleanSupplier expired) {
            SatSession s = new SatSession(bp.variables(), preferTrue, expired);
            bp.addChain(s);
            for (int i : members) {
                s.add(clause[i]);
            }
            return s;
        }
    }

    private Encoding encode(int[] members) {
        long[] points = new long[2 * members.length];
        int count = 0;
        for (int i : members) {
            points[count++] = from[i];
            if (U64.lt(to[i], yMax)) {
                points[count++] = to[i] + 1;
            }
        }
        Breakpoints bp = Breakpoints.of(points, count, yMax, 1);
        int[][] clause = new int[constraints][];
        for (int i : members) {
            clause[i] = bp.outside(bp.segmentOf(from[i]), bp.segmentOf(to[i]));
        }
        return new Encoding(bp, clause, members);
    }

    PlaceAnswer run(Consumer<Certificate> certificates) {
        long t0 = System.nanoTime();
        int[] all = new int[constraints];
        int n = 0;
        for (int i = 0; i < constraints; i++) {
            if (present[i]) {
                all[n++] = i;
            }
        }
        Encoding enc = encode(Arrays.copyOf(all, n));
        counters.put("variables", (long) enc.bp().variables());
        counters.put("breakpoints", (long) enc.bp().segments());
        SatSession s = enc.session(true, expired);
        counters.put("clauses", (long) s.clauses());
        SatSession.Result res = s.solve();
        if (res == SatSession.Result.UNKNOWN) {
            return unknown(t0, s.calls());
        }
        if (res == SatSession.Result.SAT) {
            return lowest(t0, s, enc.bp(), certificates);
        }
        return infeasible(t0, s, enc, certificates);
    }

    private PlaceAnswer lowest(long t0, SatSession s, Breakpoints bp, Consumer<Certificate> certificates) {
        List<String> evidence = new ArrayList<>();
        int seg = bp.decode(s);
        int models = 1;
        while (true) {
            long base = bp.first(seg) << k;
            if (!q.admits(base)) {
                throw new SatInternalError("model base " + U64.hex(base) + " does not admit the block: " + q);
            }
            if (seg == 0) {
                evidence.add("base " + U64.hex(base) + " is the lowest aligned address; nothing below to refute");
                break;
            }
            s.add(bp.atOrBelow(seg - 1));
            SatSession.Result res = s.solve();
            if (res == SatSession.Result.UNKNOWN) {
                return unknown(t0, s.calls());
            }
            if (res == SatSession.Result.SAT) {
                int lower = bp.decode(s);
                if (lower >= seg) {
                    throw new SatInternalError("asserting a base below " + U64.hex(base) + " gave a model at segment " + lower);
                }
                seg = lower;
                models++;
                continue;
            }
            Optional<Certificate> c = s.refutation("no aligned block fits below base " + U64.hex(base) + " (" + q + ")");
            if (c.isEmpty()) {
                return unknown(t0, s.calls());
            }
            certificates.accept(c.get());
            lemmas += c.get().check().lemmasChecked();
            evidence.add("lowest base: nothing below it, UNSAT with DRUP proof " + c.get().check().describe());
            break;
        }
        long base = bp.first(seg) << k;
        evidence.add(0, models + " model(s), the last at base " + U64.hex(base) + ", re-validated by arithmetic against every window and limit");
        counters.put("solver-calls", (long) s.calls());
        counters.put("proof-lemmas", lemmas);
        return PlaceAnswer.found(engine, Range.ofSize(base, q.length()), evidence, Stats.of(t0, counters));
    }

    /**
     * The whole question refuted (proof checked); then a candidate core from the solver's final conflict under selector
     * assumptions; members that alone cover some base are kept as hard, the rest minimized by Xplain; the core refuted on its
     * own (proof checked) and its minimality checked by arithmetic.
     */
    private PlaceAnswer infeasible(long t0, SatSession s, Encoding enc, Consumer<Certificate> certificates) {
        calls = s.calls();
        Optional<Certificate> all = s.refutation("no aligned block fits (" + q + ")");
        if (all.isEmpty()) {
            return unknown(t0, calls);
        }
        certificates.accept(all.get());
        lemmas += all.get().check().lemmasChecked();
        Optional<int[]> candidate = candidate(enc);
        if (candidate.isEmpty()) {
            return unknown(t0, calls);
        }
        Optional<int[]> core = minimize(candidate.get());
        if (core.isEmpty()) {
            return unknown(t0, calls);
        }
        int[] members = core.get();
        SatSession cs = encode(members).session(false, expired);
        SatSession.Result res = cs.solve();
        calls += cs.calls();
        if (res == SatSession.Result.UNKNOWN) {
            return unknown(t0, calls);
        }
        if (res == SatSession.Result.SAT) {
            throw new SatInternalError("the explanation " + Arrays.toString(members) + " is satisfiable: " + q);
        }
        CoreMembers named = CoreMembers.of(members, q.forbidden());
        List<ReservedRegion> windows = named.windows();
        List<PlaceQuery.Limit> limits = named.limits();
        Optional<Certificate> coreCert = cs.refutation("no aligned block fits past " + windows.size() + " window(s) "
                + windows.stream().map(w -> w.range().toString()).toList() + " and limit(s) " + limits + " (" + q + ")");
        if (coreCert.isEmpty()) {
            return unknown(t0, calls);
        }
        certificates.accept(coreCert.get());
        lemmas += coreCert.get().check().lemmasChecked();
        Cover cover = Cover.of(from, to, members, yMax);
        for (int i : members) {
            if (!cover.alone(i)) {
                throw new SatInternalError("the explanation " + Arrays.toString(members) + " is not minimal: " + i + " is redundant");
            }
        }
        counters.put("solver-calls", (long) calls);
        counters.put("proof-lemmas", lemmas);
        counters.put("core-size", (long) members.length);
        List<String> evidence = List.of(
                "infeasible: UNSAT with DRUP proof " + all.get().check().describe(),
                "minimal explanation (solver core minimized by SAT4J Xplain): UNSAT on its own, DRUP proof " + coreCert.get().check().describe()
                        + "; without any one member a placement exists (checked by arithmetic)");
        return PlaceAnswer.infeasible(engine, windows, limits, evidence, Stats.of(t0, counters));
    }

    /** The constraints in the solver's final conflict when every constraint is switched on by an assumed selector. */
    private Optional<int[]> candidate(Encoding enc) {
        Breakpoints bp = enc.bp();
        int base = bp.variables();
        ISolver solver = SolverFactory.newDefault();
        solver.setTimeoutOnConflicts(Integer.MAX_VALUE);
        solver.setSearchListener(new ProofRecorder(null, expired));
        solver.newVar(base + constraints);
        int[] assumptions = new int[enc.members().length];
        try {
            for (int j = 0; j + 1 < bp.variables(); j++) {
                solver.addClause(new VecInt(new int[] {-bp.atOrBelow(j), bp.atOrBelow(j + 1)}));
            }
            int a = 0;
            for (int i : enc.members()) {
                int[] c = enc.clause()[i];
                int[] guarded = Arrays.copyOf(c, c.length + 1);
                guarded[c.length] = -(base + 1 + i);
                solver.addClause(new VecInt(guarded));
                assumptions[a++] = base + 1 + i;
            }
            calls++;
            if (solver.isSatisfiable(new VecInt(assumptions))) {
                throw new SatInternalError("a model exists with every constraint switched on, though the refutation verified: " + q);
            }
        } catch (ContradictionException e) {
            throw new SatInternalError("selector-guarded clauses cannot contradict: " + e.getMessage());
        } catch (TimeoutException | ProofRecorder.BudgetExpired e) {
            return Optional.empty();
        }
        IVecInt why = solver.unsatExplanation();
        if (why == null || why.isEmpty()) {
            return Optional.of(enc.members());
        }
        int[] out = new int[why.size()];
        for (int j = 0; j < out.length; j++) {
            int i = Math.abs(why.get(j)) - base - 1;
            if (i < 0 || i >= constraints || !present[i]) {
                throw new SatInternalError("the solver's explanation names variable " + why.get(j) + ", not a selector");
            }
            out[j] = i;
        }
        Arrays.sort(out);
        return Optional.of(out);
    }

    /**
     * A minimal subset of an unsatisfiable candidate: members that alone cover some base belong to every sub-core and are
     * hard; when they do not already leave no room on their own, Xplain minimizes the others over the candidate's encoding.
     */
    private Optional<int[]> minimize(int[] candidate) {
        for (int i : candidate) {
            if (from[i] == 0 && to[i] == yMax) {
                return Optional.of(new int[] {i});
            }
        }
        Cover cover = Cover.of(from, to, candidate, yMax);
        if (!cover.complete()) {
            throw new SatInternalError("the solver's core " + Arrays.toString(candidate) + " leaves room: " + q);
        }
        List<Integer> hard = new ArrayList<>();
        List<Integer> soft = new ArrayList<>();
        for (int i : candidate) {
            (cover.alone(i) ? hard : soft).add(i);
        }
        counters.put("core-candidate", (long) candidate.length);
        int[] necessary = hard.stream().mapToInt(Integer::intValue).toArray();
        if (soft.isEmpty() || Cover.of(from, to, necessary, yMax).complete()) {
            return Optional.of(necessary);
        }
        counters.put("xplain-soft", (long) soft.size());
        Encoding enc = encode(candidate);
        Breakpoints bp = enc.bp();
        Xplain<ISolver> xp = new Xplain<>(SolverFactory.newDefault(), false);
        xp.setTimeoutOnConflicts(Integer.MAX_VALUE);
        xp.setSearchListener(new ProofRecorder(null, expired));
        xp.newVar(bp.variables());
        Map<IConstr, Integer> origin = new IdentityHashMap<>();
        try {
            for (int j = 0; j + 1 < bp.variables(); j++) {
                xp.addNonControlableClause(new VecInt(new int[] {-bp.atOrBelow(j), bp.atOrBelow(j + 1)}));
            }
            for (int i : hard) {
                xp.addNonControlableClause(new VecInt(enc.clause()[i]));
            }
            for (int i : soft) {
                origin.put(xp.addClause(new VecInt(enc.clause()[i])), i);
            }
            calls++;
            if (xp.isSatisfiable()) {
                throw new SatInternalError("Xplain finds a model of the solver's core: " + q);
            }
            Collection<IConstr> explanation = xp.explain();
            List<Integer> members = new ArrayList<>(hard);
            for (IConstr c : explanation) {
                Integer i = origin.get(c);
                if (i == null) {
                    throw new SatInternalError("Xplain named a constraint that was not added: " + c);
                }
                members.add(i);
            }
            return Optional.of(members.stream().mapToInt(Integer::intValue).sorted().toArray());
        } catch (ContradictionException e) {
            throw new SatInternalError("the necessary part of the core contradicts by itself although it leaves room: " + e.getMessage());
        } catch (TimeoutException | ProofRecorder.BudgetExpired e) {
            return Optional.empty();
        }
    }

    private PlaceAnswer unknown(long t0, int callsSoFar) {
        counters.put("solver-calls", (long) Math.max(calls, callsSoFar));
        return PlaceAnswer.unknown(engine, List.of("time budget exhausted after " + calls + " solver call(s)"), Stats.of(t0, counters));
    }
}
