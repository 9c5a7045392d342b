package org.iovacheck.engine.sat;

import java.util.ArrayList;
import java.util.BitSet;
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
import org.iovacheck.model.U64;

/**
 * Mutable, single use; places K equal banks by SAT over {@link BankEncoding}, with lazily added constraints. It encodes a
 * subset S of the constraints (seeded with those that bound-propagation from the lowest slot runs into) and solves:
 * <ul>
 * <li>UNSAT: the refutation of S, whose DRUP proof the RUP checker verifies, refutes the whole query (fewer constraints never
 * leave less room). The explanation ({@link BankExplanation}) is SAT4J's HighLevelXplain over S, one group per constraint, or past a work budget a
 * deletion that counts free slots by arithmetic ({@link SlotCore}, O(n log n)); either way it gets its own verified
 * refutation and its minimality is checked by arithmetic ({@link RoomSweep}, one sweep).
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
     * constraints are dropped (K(K+1)/2 values per constraint), so its cost grows as n^2 K^2 / 2. Past this (one bank and
     * some 310 constraints, 16 banks and some 40) the explanation is minimised by deletion with arithmetic instead
     * ({@link SlotCore}), and checked the same way: one bank and 732 constraints took 2.6 s in Xplain (a fresh JVM, loaded
     * machine), which made place INFEASIBLE at 1,000 windows slower than z3's whole process.
     */
    static final long XPLAIN_BUDGET = 100_000L;

    final MultiPlaceQuery q;
    final boolean seeded;
    private final boolean preferLow;
    final long xplainBudget;
    final BooleanSupplier expired;
    final String engine;
    private final int k;
    final BankSlots slots;
    final long[] from;
    final long[] to;
    final Map<String, Long> counters = new LinkedHashMap<>();
    long lemmas;
    long unitRefutations;
    int calls;

    BankSolver(MultiPlaceQuery q, BooleanSupplier expired, String engine) {
        this(q, expired, engine, true, true, XPLAIN_BUDGET);
    }

    /**
     * For tests: without the seed every constraint enters S through a model that violates it; without preferring low slots the
     * models start high and the lowering loop does the work, and every refutation (of S and of the explanation) is the solver's,
     * not unit propagation's; with a zero Xplain budget every explanation is minimised by deletion.
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
        BankSlots.Seed seed = seeded ? slots.seed() : null;
        BitSet inS = seed != null ? seed.constraints() : new BitSet(slots.count);
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
            if (rounds == 1 && seed != null && seed.blocked()) {
                // Bound propagation already blocks the seed: unit propagation refutes its encoding, no solver needed.
                UnitRefutation u = UnitRefutation.of(enc, refutedAll(inS.cardinality()), expired);
                if (u.outcome() == UnitRefutation.Outcome.INTERRUPTED) {
                    return unknown(t0, "time budget exhausted while checking a proof");
                }
                if (u.outcome() == UnitRefutation.Outcome.REFUTED) {
                    unitRefutations++;
                    int[] subset = enc.subset();
                    enc = null; // an explanation of 10^6 constraints needs the memory
                    return new BankExplanation(this).answer(t0, subset, u.certificate(), "by unit propagation (no solver call), ", certificates);
                }
            }
            if (rounds == 1 && seed != null && !seed.blocked()) {
                boolean[] stopped = {false};
                BanksAnswer a = foundByPropagation(t0, enc, seed.slots(), inS.cardinality(), certificates, stopped);
                if (stopped[0]) {
                    return unknown(t0, "time budget exhausted while checking a proof");
                }
                if (a != null) {
                    return a;
                }
            }
            SatSession s = session(enc);
            SatSession.Result res = solve(s);
            if (res == SatSession.Result.UNKNOWN) {
                return unknown(t0, "time budget exhausted");
            }
            if (res == SatSession.Result.UNSAT) {
                int[] subset = enc.subset();
                Optional<Certificate> all = s.refutation(refutedAll(subset.length));
                if (all.isEmpty()) {
                    return unknown(t0, "time budget exhausted while checking a proof");
                }
                s = null; // the solver's copy of the formula is not needed past its proof
                enc = null;
                return new BankExplanation(this).answer(t0, subset, all.get(), "", certificates);
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
            evidence.add(0, models + " model(s) over " + rounds + " encoding round(s) (" + inS.cardinality() + " of "
                    + slots.constraining() + " constraints encoded, the rest checked against the model); bases re-validated by arithmetic");
            counters.put("models", (long) models);
            return found(t0, w, evidence);
        }
    }

    /** FOUND at slots {@code w} once they are shown lowest: re-validated by arithmetic against the whole query. */
    private BanksAnswer found(long t0, long[] w, List<String> evidence) {
        long[] b = new long[w.length];
        for (int i = 0; i < w.length; i++) {
            b[i] = w[i] << k;
        }
        if (!q.admits(b)) {
            throw new SatInternalError("the placement " + bases(w) + " does not admit the banks: " + q);
        }
        counters.put("solver-calls", (long) calls);
        counters.put("proof-lemmas", lemmas);
        counters.put("unit-refutations", unitRefutations);
        return BanksAnswer.found(engine, b, evidence, Stats.of(t0, counters));
    }

    /**
     * The first-fit slots of the seed, when no bank can go lower by unit propagation over the encoded set plus "some bank
     * lower" (DRUP proof checked): FOUND without a solver. Null when propagation leaves that open (the solver decides then),
     * or when the budget ran out ({@code stopped} is then set).
     */
    private BanksAnswer foundByPropagation(long t0, BankEncoding enc, long[] w, int encoded, Consumer<Certificate> certificates, boolean[] stopped) {
        for (int c = 0; c < slots.count; c++) {
            for (long v : w) {
                if (slots.forbids(c, v)) {
                    throw new SatInternalError("bound propagation put a bank at slot " + Long.toUnsignedString(v) + " which constraint " + c
                            + " forbids: " + q);
                }
            }
        }
        if (!enc.inDomain(w)) {
            return null;
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("placement by bound propagation (first fit; " + encoded + " of " + slots.constraining()
                + " constraints encoded, the rest checked against it); bases re-validated by arithmetic");
        int[] lower = enc.someBankLower(w);
        if (lower.length == 0) {
            evidence.add("every bank sits at the lowest slot its domain allows; nothing lower to refute");
            return found(t0, w, evidence);
        }
        UnitRefutation u = UnitRefutation.of(enc, lower, "no placement of " + q.banks() + " bank(s) puts any bank below " + bases(w) + " ("
                + q + ", " + encoded + " constraint(s) encoded)", expired);
        if (u.outcome() == UnitRefutation.Outcome.INTERRUPTED) {
            stopped[0] = true;
            return null;
        }
        if (u.outcome() == UnitRefutation.Outcome.OPEN) {
            return null;
        }
        unitRefutations++;
        certificates.accept(u.certificate());
        lemmas += u.certificate().check().lemmasChecked();
        evidence.add("no bank can go lower: unit propagation refutes 'some bank lower' (no solver call), DRUP proof "
                + u.certificate().check().describe());
        counters.put("models", 0L);
        return found(t0, w, evidence);
    }

    private SatSession session(BankEncoding enc) {
        SatSession s = new SatSession(enc.variables(), preferLow, expired);
        enc.load(s);
        return s;
    }

    SatSession.Result solve(SatSession s) {
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

    private String refutedAll(int constraints) {
        return "no placement of " + q.banks() + " bank(s) avoids " + constraints + " of the constraint(s) (" + q + ")";
    }

    private String bases(long[] y) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < y.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(U64.shortHex(y[i] << k));
        }
        return sb.append(']').toString();
    }

    BanksAnswer unknown(long t0, String why) {
        counters.put("solver-calls", (long) calls);
        return BanksAnswer.unknown(engine, List.of(why + " after " + calls + " solver call(s)"), Stats.of(t0, counters));
    }
}
