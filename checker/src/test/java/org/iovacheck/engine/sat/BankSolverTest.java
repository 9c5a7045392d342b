package org.iovacheck.engine.sat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iovacheck.cert.Certificate;
import org.iovacheck.cert.Cnf;
import org.iovacheck.cert.Proof;
import org.iovacheck.cert.ProofCheck;
import org.iovacheck.cert.RupChecker;
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
import org.junit.jupiter.api.Test;

/**
 * The SAT bank solver's own paths: lazily added constraints, the lowering loop and explanations by deletion (exercised by
 * switching off the seed, the preference for low slots and Xplain, against the interval engine), and the certificates:
 * verified as issued, rejected once a lemma or the formula is tampered with.
 */
class BankSolverTest {
    private static final Source SRC = new Source("test", 0);

    private static ReservedRegion w(long first, long last) {
        return new ReservedRegion(new Range(first, last), RegionType.RESERVED, null, "w" + Long.toHexString(first), SRC);
    }

    @Test
    void withoutSeedOrLowPreferenceAndWithoutXplainTheSolverStillFindsTheIntervalEnginesAnswer() {
        long seed = Long.getLong("iovacheck.seed", 77L);
        System.out.println("BankSolverTest: seed " + seed + " (replay with -Diovacheck.seed=" + seed + ")");
        Random rnd = new Random(seed);
        IntervalEngine interval = new IntervalEngine();
        int lazyRounds = 0;
        int lowered = 0;
        for (int i = 0; i < 600; i++) {
            int bits = 8 + rnd.nextInt(3) * 12;
            long mask = U64.maskBits(bits);
            List<ReservedRegion> ws = new ArrayList<>();
            int m = rnd.nextInt(16);
            for (int j = 0; j < m; j++) {
                long x = rnd.nextLong() & mask;
                long size = rnd.nextLong() & (mask >>> (1 + rnd.nextInt(bits - 1)));
                ws.add(w(x, U64.lt(mask - x, size) ? mask : x + size));
            }
            int banks = 1 + rnd.nextInt(5);
            long len = 1 + (rnd.nextLong() & (mask >>> (2 + rnd.nextInt(bits - 2))));
            long lo = rnd.nextBoolean() ? 0 : rnd.nextLong() & (mask >>> 2);
            MultiPlaceQuery q = new MultiPlaceQuery(banks, len, rnd.nextInt(bits / 2), new Range(lo, mask), ws);
            BanksAnswer want = interval.placeBanks(q, Budget.unlimited());
            for (int variant = 0; variant < 2; variant++) {
                BanksAnswer got = new BankSolver(q, () -> false, "sat", false, variant == 0, variant == 0 ? 0 : BankSolver.XPLAIN_BUDGET)
                        .run(c -> assertTrue(c.check().verified()));
                String ctx = "seed " + seed + " instance " + i + " variant " + variant + ": " + q + " " + ws + " want " + want + " got " + got;
                assertEquals(want.verdict(), got.verdict(), ctx);
                if (got.verdict() == Verdict.FOUND) {
                    assertEquals(want.bases(), got.bases(), ctx);
                    lazyRounds += got.stats().counters().get("rounds") > 1 ? 1 : 0;
                    lowered += got.stats().counters().get("models") > 1 ? 1 : 0;
                } else {
                    assertBlocksMinimally(interval, q, got, ctx);
                }
            }
        }
        assertTrue(lazyRounds > 50 && lowered > 20, lazyRounds + " answers needed lazy rounds, " + lowered + " needed lowering");
    }

    private static void assertBlocksMinimally(IntervalEngine oracle, MultiPlaceQuery q, BanksAnswer a, String ctx) {
        int n = a.blockingWindows().size() + a.blockingLimits().size();
        for (int drop = -1; drop < n; drop++) {
            List<ReservedRegion> ws = new ArrayList<>();
            for (int i = 0; i < a.blockingWindows().size(); i++) {
                if (i != drop) {
                    ws.add(a.blockingWindows().get(i));
                }
            }
            long lo = 0;
            long hi = U64.MAX;
            for (int i = 0; i < a.blockingLimits().size(); i++) {
                if (a.blockingWindows().size() + i != drop) {
                    if (a.blockingLimits().get(i) == PlaceQuery.Limit.LOWEST_BASE) {
                        lo = q.allowed().first();
                    } else {
                        hi = q.allowed().last();
                    }
                }
            }
            Verdict v = oracle.placeBanks(new MultiPlaceQuery(q.banks(), q.length(), q.alignLog2(), new Range(lo, hi), ws), Budget.unlimited()).verdict();
            assertEquals(drop < 0 ? Verdict.INFEASIBLE : Verdict.FOUND, v, ctx + " dropping member " + drop);
        }
    }

    /** Six banks of 0x40 bytes aligned to 0x40 below 0x200 (eight slots) with windows in slots 1, 3 and 5: five fit. */
    private static MultiPlaceQuery sixBanksInFiveSlots() {
        return new MultiPlaceQuery(6, 0x40, 6, new Range(0, 0x1ff), List.of(w(0x1000, 0x1fff), w(0x140, 0x14f), w(0x40, 0x4f), w(0xc0, 0xcf)));
    }

    @Test
    void blockingSetNamesTheThreeWindowsAndTheUpperLimit() {
        List<Certificate> certs = new ArrayList<>();
        BanksAnswer a = new SatEngine(certs::add).placeBanks(sixBanksInFiveSlots(), Budget.unlimited());
        assertEquals(Verdict.INFEASIBLE, a.verdict(), a.toString());
        assertEquals(List.of(new Range(0x140, 0x14f), new Range(0x40, 0x4f), new Range(0xc0, 0xcf)),
                a.blockingWindows().stream().map(ReservedRegion::range).toList());
        assertEquals(List.of(PlaceQuery.Limit.HIGHEST_END), a.blockingLimits());
        assertEquals(2, certs.size(), "one refutation of the query, one of the explanation");
        for (Certificate c : certs) {
            assertTrue(c.check().verified(), c.check().describe());
            assertEquals(RupChecker.check(c.cnf(), c.proof()), c.check());
        }
    }

    @Test
    void tamperedProofsAreRejected() {
        List<Certificate> certs = new ArrayList<>();
        new SatEngine(certs::add).placeBanks(sixBanksInFiveSlots(), Budget.unlimited());
        Certificate c = certs.get(0);
        Cnf f = c.cnf();
        Proof p = c.proof();
        assertTrue(RupChecker.check(f, p).verified());

        Proof.Builder withoutEnd = new Proof.Builder();
        for (int i = 0; i + 1 < p.size(); i++) {
            withoutEnd.step(p.isDeletion(i), 0, p.step(i));
        }
        ProofCheck noEmpty = RupChecker.check(f, withoutEnd.build());
        assertEquals(ProofCheck.Status.REJECTED, noEmpty.status(), noEmpty.describe());

        Proof.Builder foreign = new Proof.Builder();
        foreign.add(f.variables() + 1);
        for (int i = 0; i < p.size(); i++) {
            foreign.step(p.isDeletion(i), 0, p.step(i));
        }
        ProofCheck bad = RupChecker.check(f, foreign.build());
        assertEquals(ProofCheck.Status.REJECTED, bad.status(), bad.describe());
        assertTrue(bad.describe().contains("not among the formula's"), bad.describe());

        int rejected = 0;
        for (int drop = 0; drop < f.size(); drop++) {
            Cnf.Builder fewer = new Cnf.Builder().declareVariables(f.variables());
            for (int i = 0; i < f.size(); i++) {
                if (i != drop) {
                    fewer.add(f.clause(i));
                }
            }
            ProofCheck r = RupChecker.check(fewer.build(), p);
            assertNotEquals(ProofCheck.Status.INTERRUPTED, r.status());
            if (!r.verified()) {
                rejected++;
            }
        }
        assertTrue(rejected > 0, "the proof must depend on some clause of the formula");
    }

    @Test
    void lowestVectorComesWithAVerifiedProofThatNoBankCanGoLower() {
        List<Certificate> certs = new ArrayList<>();
        MultiPlaceQuery q = new MultiPlaceQuery(3, 0x40, 4, new Range(0x10, 0xfff), List.of(w(0x50, 0x5f), w(0xb0, 0xbf)));
        BanksAnswer a = new SatEngine(certs::add).placeBanks(q, Budget.unlimited());
        assertEquals(Verdict.FOUND, a.verdict(), a.toString());
        assertArrayEquals(new long[] {0x10, 0x60, 0xc0}, a.baseArray());
        assertEquals(1, certs.size());
        assertTrue(certs.get(0).claim().contains("below"), certs.get(0).claim());
        assertFalse(certs.get(0).proof().size() == 0);
    }
}
