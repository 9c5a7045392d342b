package org.iovacheck.engine.sat;

import java.util.ArrayList;
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
import org.sat4j.specs.TimeoutException;
import org.sat4j.tools.xplain.Xplain;

/**
 * Mutable, single use; places one block by SAT. With x = y * 2^k every constraint (each window, the lowest base, the highest
 * end) forbids one interval of y, so an order encoding over those intervals' ends is exact: one clause per constraint plus
 * the chain. The lowest base comes from asserting "below the last model" until UNSAT; infeasibility is a verified refutation
 * plus a minimal core from SAT4J's Xplain whose own refutation is verified and whose minimality is checked by arithmetic.
 */
final class PlaceSolver {
    private static final int LOW = 0;
    private static final int HIGH = 1;

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

    PlaceAnswer run(Consumer<Certificate> certificates) {
        long t0 = System.nanoTime();
        long[] points = new long[2 * constraints];
        int count = 0;
        for (int i = 0; i < constraints; i++) {
            if (present[i]) {
                points[count++] = from[i];
                if (U64.lt(to[i], yMax)) {
                    points[count++] = to[i] + 1;
                }
            }
        }
        Breakpoints bp = Breakpoints.of(points, count, yMax, 1);
        int[][] clause = new int[constraints][];
        for (int i = 0; i < constraints; i++) {
            if (present[i]) {
                clause[i] = bp.outside(bp.segmentOf(from[i]), bp.segmentOf(to[i]));
            }
        }
        counters.put("variables", (long) bp.variables());
        counters.put("breakpoints", (long) bp.segments());
        SatSession s = new SatSession(bp.variables(), true, expired);
        bp.addChain(s);
        for (int i = 0; i < constraints; i++) {
            if (present[i]) {
                s.add(clause[i]);
            }
        }
        counters.put("clauses", (long) s.clauses());
        SatSession.Result res = s.solve();
        if (res == SatSession.Result.UNKNOWN) {
            return unknown(t0, s.calls());
        }
        if (res == SatSession.Result.SAT) {
            return lowest(t0, s, bp, certificates);
        }
        return infeasible(t0, s, bp, clause, certificates);
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

    private PlaceAnswer infeasible(long t0, SatSession s, Breakpoints bp, int[][] clause, Consumer<Certificate> certificates) {
        int calls = s.calls();
        Optional<Certificate> all = s.refutation("no aligned block fits (" + q + ")");
        if (all.isEmpty()) {
            return unknown(t0, calls);
        }
        certificates.accept(all.get());
        lemmas += all.get().check().lemmasChecked();
        Optional<List<Integer>> core = core(bp, clause);
        if (core.isEmpty()) {
            return unknown(t0, calls);
        }
        List<Integer> members = core.get();
        SatSession cs = new SatSession(bp.variables(), false, expired);
        bp.addChain(cs);
        for (int i : members) {
            cs.add(clause[i]);
        }
        SatSession.Result res = cs.solve();
        calls += cs.calls();
        if (res == SatSession.Result.UNKNOWN) {
            return unknown(t0, calls);
        }
        if (res == SatSession.Result.SAT) {
            throw new SatInternalError("the explanation " + members + " is satisfiable: " + q);
        }
        List<ReservedRegion> windows = new ArrayList<>();
        List<PlaceQuery.Limit> limits = new ArrayList<>();
        for (int i : members) {
            if (i == LOW) {
                limits.add(PlaceQuery.Limit.LOWEST_BASE);
            } else if (i == HIGH) {
                limits.add(PlaceQuery.Limit.HIGHEST_END);
            } else {
                windows.add(q.forbidden().get(i - 2));
            }
        }
        Optional<Certificate> coreCert = cs.refutation("no aligned block fits past " + windows.size() + " window(s) " + windows.stream()
                .map(w -> w.range().toString()).toList() + " and limit(s) " + limits + " (" + q + ")");
        if (coreCert.isEmpty()) {
            return unknown(t0, calls);
        }
        certificates.accept(coreCert.get());
        lemmas += coreCert.get().check().lemmasChecked();
        for (int drop : members) {
            if (covers(members, drop)) {
                throw new SatInternalError("the explanation " + members + " is not minimal: it still leaves no room without " + drop);
            }
        }
        counters.put("solver-calls", (long) calls);
        counters.put("proof-lemmas", lemmas);
        counters.put("core-size", (long) members.size());
        List<String> evidence = List.of(
                "infeasible: UNSAT with DRUP proof " + all.get().check().describe(),
                "minimal explanation (SAT4J Xplain): UNSAT on its own, DRUP proof " + coreCert.get().check().describe()
                        + "; without any one member a placement exists (checked by arithmetic)");
        return PlaceAnswer.infeasible(engine, windows, limits, evidence, Stats.of(t0, counters));
    }

    /** A minimal set of constraints whose clauses (with the chain) are unsatisfiable, by Xplain; empty when the budget ran out. */
    private Optional<List<Integer>> core(Breakpoints bp, int[][] clause) {
        for (int i = 0; i < constraints; i++) {
            if (present[i] && clause[i].length == 0) {
                return Optional.of(List.of(i));
            }
        }
        Xplain<ISolver> xp = new Xplain<>(SolverFactory.newDefault(), false);
        xp.setTimeoutOnConflicts(Integer.MAX_VALUE);
        xp.setSearchListener(new ProofRecorder(null, expired));
        xp.newVar(bp.variables());
        Map<IConstr, Integer> origin = new IdentityHashMap<>();
        try {
            for (int j = 0; j + 1 < bp.variables(); j++) {
                xp.addNonControlableClause(new VecInt(new int[] {-bp.atOrBelow(j), bp.atOrBelow(j + 1)}));
            }
            for (int i = 0; i < constraints; i++) {
                if (present[i]) {
                    origin.put(xp.addClause(new VecInt(clause[i])), i);
                }
            }
            if (xp.isSatisfiable()) {
                throw new SatInternalError("Xplain finds a model where the proof-checked solver found none: " + q);
            }
            Collection<IConstr> explanation = xp.explain();
            List<Integer> members = new ArrayList<>();
            for (IConstr c : explanation) {
                Integer i = origin.get(c);
                if (i == null) {
                    throw new SatInternalError("Xplain named a constraint that was not added: " + c);
                }
                members.add(i);
            }
            members.sort(null);
            return Optional.of(members);
        } catch (ContradictionException e) {
            throw new SatInternalError("selector clauses cannot contradict: " + e.getMessage());
        } catch (TimeoutException e) {
            return Optional.empty();
        }
    }

    /** True when the forbidden intervals of {@code members} other than {@code drop} cover every y in [0, yMax]. */
    private boolean covers(List<Integer> members, int drop) {
        List<long[]> iv = new ArrayList<>();
        for (int i : members) {
            if (i != drop) {
                iv.add(new long[] {from[i], to[i]});
            }
        }
        iv.sort((a, b) -> U64.compare(a[0], b[0]));
        long next = 0;
        for (long[] r : iv) {
            if (U64.lt(next, r[0])) {
                return false;
            }
            if (r[1] == yMax) {
                return true;
            }
            next = U64.max(next, r[1] + 1);
        }
        return false;
    }

    private PlaceAnswer unknown(long t0, int calls) {
        counters.put("solver-calls", (long) calls);
        return PlaceAnswer.unknown(engine, List.of("time budget exhausted after " + calls + " solver call(s)"), Stats.of(t0, counters));
    }
}
