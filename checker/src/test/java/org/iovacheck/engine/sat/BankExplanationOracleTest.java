package org.iovacheck.engine.sat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iovacheck.engine.BanksAnswer;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Verdict;
import org.iovacheck.engine.interval.IntervalEngine;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * The bank solver's answers on random queries at the top of the 64-bit line (allowed ranges and windows ending at 2^64 - 1,
 * one to five banks): the verdict and the bases are the interval engine's, and the explanation it names, read back as slot
 * intervals, blocks and is minimal by the former quadratic arithmetic ({@link QuadraticRoom}); each with the seed, without
 * it (every constraint added from a model, the set and the explanation refuted by the solver) and with Xplain wherever its
 * budget allows.
 */
class BankExplanationOracleTest {
    private static final Source SRC = new Source("test", 0);

    private static ReservedRegion w(long first, long last) {
        return new ReservedRegion(new Range(first, last), RegionType.RESERVED, null, "w" + Long.toHexString(first), SRC);
    }

    private static long below(Random rnd, long bound) {
        return bound == 0 ? 0 : Long.remainderUnsigned(rnd.nextLong(), bound);
    }

    private static MultiPlaceQuery query(Random rnd) {
        int align = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(24);
        long len = 1 + (rnd.nextLong() >>> (20 + rnd.nextInt(40)));
        int banks = 1 + rnd.nextInt(5);
        long span = (banks + 1 + rnd.nextInt(4)) * (len + (1L << align));
        long lo = U64.MAX - span;
        long hi = rnd.nextInt(4) == 0 ? U64.MAX - below(rnd, len) : U64.MAX;
        List<ReservedRegion> ws = new ArrayList<>();
        int m = rnd.nextInt(12);
        for (int j = 0; j < m; j++) {
            long first = lo + below(rnd, U64.MAX - lo);
            long size = rnd.nextInt(3) == 0 ? below(rnd, 64) : below(rnd, 2 * len);
            long last = rnd.nextInt(4) == 0 || U64.lt(U64.MAX - first, size) ? U64.MAX : first + size;
            ws.add(w(first, last));
        }
        try {
            return new MultiPlaceQuery(banks, len, align, new Range(lo, hi), ws);
        } catch (IllegalArgumentException e) {
            return new MultiPlaceQuery(1, len, align, new Range(lo, hi), ws);
        }
    }

    /** The constraint numbers (as in {@link CoreMembers}) of the windows and limits an answer names. */
    private static int[] members(MultiPlaceQuery q, BanksAnswer a) {
        List<Integer> out = new ArrayList<>();
        for (PlaceQuery.Limit l : a.blockingLimits()) {
            out.add(l == PlaceQuery.Limit.LOWEST_BASE ? CoreMembers.LOW : CoreMembers.HIGH);
        }
        for (ReservedRegion r : a.blockingWindows()) {
            int found = -1;
            for (int i = 0; i < q.forbidden().size() && found < 0; i++) {
                if (q.forbidden().get(i) == r) {
                    found = i;
                }
            }
            assertTrue(found >= 0, "the explanation names a window not in the query: " + r);
            out.add(2 + found);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void explanationsAtTheTopOfThe64BitLineBlockAndAreMinimalByTheFormerArithmetic() {
        long seed = Seeds.seed("BankExplanationOracleTest");
        Random rnd = new Random(seed);
        IntervalEngine interval = new IntervalEngine();
        int infeasible = 0;
        int found = 0;
        int severalBanks = 0;
        int byUnitPropagation = 0;
        int bySolver = 0;
        for (int i = 0; i < 1500; i++) {
            MultiPlaceQuery q = query(rnd);
            BanksAnswer expected = interval.placeBanks(q, Budget.unlimited());
            Verdict want = expected.verdict();
            BankSlots slots = new BankSlots(q);
            QuadraticRoom oracle = new QuadraticRoom(slots.from(), slots.to(), slots.yMax, slots.stride, q.banks());
            for (int variant = 0; variant < 3; variant++) {
                BankSolver solver = new BankSolver(q, () -> false, "sat", variant != 1, true, variant == 2 ? BankSolver.XPLAIN_BUDGET : 0);
                BanksAnswer got = solver.run(c -> assertTrue(c.check().verified(), c.check().describe()));
                String ctx = "seed " + seed + " instance " + i + " variant " + variant + ": " + q + " got " + got;
                assertEquals(want, got.verdict(), ctx);
                if (got.verdict() == Verdict.FOUND) {
                    assertEquals(expected.bases(), got.bases(), ctx);
                    boolean byPropagation = got.stats().counters().get("models") == 0;
                    assertEquals(variant != 1, byPropagation, ctx + ": with the seed, first fit is the answer and unit propagation "
                            + "shows no bank lower; without it, the solver's models");
                    found++;
                    continue;
                }
                if (got.verdict() != Verdict.INFEASIBLE) {
                    continue;
                }
                infeasible++;
                severalBanks += q.banks() > 1 ? 1 : 0;
                long units = got.stats().counters().get("unit-refutations");
                assertEquals(variant == 1 ? 0 : 2, units, ctx + ": with the seed, bound propagation blocks and unit propagation "
                        + "refutes both the seed and the explanation; without it, the solver refutes both");
                byUnitPropagation += units > 0 ? 1 : 0;
                bySolver += units == 0 ? 1 : 0;
                int[] core = members(q, got);
                assertTrue(core.length > 0, ctx);
                assertTrue(oracle.roomWithout(core, -1) < q.banks(), ctx + ": the explanation leaves room");
                for (int j = 0; j < core.length; j++) {
                    assertTrue(oracle.roomWithout(core, j) >= q.banks(), ctx + ": the explanation still blocks without " + core[j]);
                }
            }
        }
        String tally = found + " FOUND answers, " + infeasible + " INFEASIBLE answers (" + severalBanks + " with K > 1), " + byUnitPropagation + " with a refutation by unit "
                + "propagation, " + bySolver + " with the solver's";
        System.out.println("BankExplanationOracleTest: " + tally);
        assertTrue(found > 600 && infeasible > 600 && severalBanks > 300 && byUnitPropagation > 200 && bySolver > 200, tally);
    }

    @Test
    void unitPropagationRefutesABlockedQueryAndLeavesAFeasibleOneOpen() {
        // Banks of 0x40 bytes aligned to 0x40 below 0x200 (eight slots), windows in slots 1, 3 and 5: five fit, six do not.
        List<ReservedRegion> ws = List.of(w(0x140, 0x14f), w(0x40, 0x4f), w(0xc0, 0xcf));
        for (int banks = 5; banks <= 6; banks++) {
            MultiPlaceQuery q = new MultiPlaceQuery(banks, 0x40, 6, new Range(0, 0x1ff), ws);
            BankSlots slots = new BankSlots(q);
            int[] all = java.util.stream.IntStream.range(0, slots.count).filter(slots::constrains).toArray();
            BankEncoding enc = BankEncoding.forSet(banks, slots.stride, slots.yMax, slots.from(), slots.to(), all, BankSolver.MAX_VALUES);
            UnitRefutation u = UnitRefutation.of(enc, "claim", () -> false);
            assertEquals(banks == 6 ? UnitRefutation.Outcome.REFUTED : UnitRefutation.Outcome.OPEN, u.outcome(), "banks " + banks);
            assertEquals(banks == 6, slots.seed().blocked(), "banks " + banks);
            if (banks == 6) {
                assertTrue(u.certificate().check().verified());
                assertEquals(1, u.certificate().proof().size(), "the proof is the empty clause alone");
                assertEquals(org.iovacheck.cert.RupChecker.check(u.certificate().cnf(), u.certificate().proof()), u.certificate().check());
            } else {
                assertEquals(null, u.certificate());
            }
            assertEquals(UnitRefutation.Outcome.INTERRUPTED, UnitRefutation.of(enc, "claim", () -> true).outcome());
        }
    }
}
