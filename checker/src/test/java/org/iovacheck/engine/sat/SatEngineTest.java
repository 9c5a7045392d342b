package org.iovacheck.engine.sat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.cert.Certificate;
import org.iovacheck.cert.DimacsCnf;
import org.iovacheck.cert.DrupText;
import org.iovacheck.cert.Proof;
import org.iovacheck.cert.ProofCheck;
import org.iovacheck.cert.RupChecker;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.Engines;
import org.iovacheck.engine.PlaceAnswer;
import org.iovacheck.engine.Verdict;
import org.iovacheck.engine.interval.IntervalEngine;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;
import org.junit.jupiter.api.Test;

/** The sat engine's own contract: answers come with certificates that verify on their own, budgets give UNKNOWN, cores are minimal. */
class SatEngineTest {
    private static ReservedRegion window(long first, long last, String name) {
        return new ReservedRegion(new Range(first, last), RegionType.MSI_HW, "1", name, new Source("test", 0));
    }

    private static CheckQuery d05(long ram) {
        GuestRegion g = new GuestRegion("ram", GuestKind.RAM, Range.ofSize(0x40000000L, ram));
        return new CheckQuery(List.of(g), List.of(window(0x8000000L, 0x80fffffL, "sw-msi"), window(0xc6010000L, 0xc601ffffL, "its")), List.of());
    }

    @Test
    void registeredAndSelectedByDefault() {
        assertEquals(List.of("interval", "sat"), Engines.select("default").stream().map(e -> e.name()).toList());
    }

    @Test
    void unsafeAnswerCarriesAVerifiedCertificate() throws Exception {
        List<Certificate> certs = new ArrayList<>();
        CheckAnswer a = new SatEngine(certs::add).check(d05(0x86010001L), Budget.unlimited());
        assertEquals(Verdict.UNSAFE, a.verdict());
        assertEquals(1, a.conflicts().size());
        assertEquals(new Range(0xc6010000L, 0xc6010000L), a.conflicts().get(0).overlap());
        assertEquals(1, certs.size());
        Certificate c = certs.get(0);
        assertTrue(c.claim().contains("besides the 1 pair"), c.claim());
        ProofCheck again = RupChecker.check(DimacsCnf.parse(c.cnfText(), "c.cnf"), DrupText.parse(c.proofText(), "c.drup"));
        assertTrue(again.verified(), again.describe());
        for (String counter : List.of("variables", "clauses", "solver-calls", "proof-lemmas")) {
            assertTrue(a.stats().counters().containsKey(counter), counter);
        }
        assertEquals(2L, a.stats().counters().get("solver-calls"));
    }

    @Test
    void onlyWindowsMeetingTheGuestAreEncodedEachRangeOnceYetEveryPairIsReported() {
        // Seeded: duplicate ranges in other groups and types, and many windows far from the guest.
        long seed = BitLevelDifferentialTest.seed(53);
        java.util.Random rnd = new java.util.Random(seed);
        for (int i = 0; i < 200; i++) {
            List<ReservedRegion> ws = new ArrayList<>();
            for (int k = rnd.nextInt(40); k > 0; k--) {
                long first = rnd.nextLong(1 << 12);
                Range r = new Range(first, first + rnd.nextLong(64));
                RegionType t = RegionType.values()[rnd.nextInt(RegionType.values().length)];
                int copies = 1 + rnd.nextInt(3);
                for (int c = 0; c < copies; c++) {
                    ws.add(new ReservedRegion(r, t, String.valueOf(rnd.nextInt(4)), "w" + k + "." + c, new Source("test", k)));
                }
            }
            List<GuestRegion> gs = new ArrayList<>();
            for (int g = rnd.nextInt(3); g >= 0; g--) {
                long first = rnd.nextLong(1 << 12);
                gs.add(new GuestRegion("g" + g, GuestKind.RAM, new Range(first, first + rnd.nextLong(256))));
            }
            CheckQuery q = new CheckQuery(gs, ws, List.of());
            // The oracle: every (guest, window) pair by a direct overlap test.
            List<org.iovacheck.model.Conflict> expected = new ArrayList<>();
            java.util.Set<Range> meeting = new java.util.HashSet<>();
            for (GuestRegion g : gs) {
                for (ReservedRegion w : ws) {
                    if (g.range().overlaps(w.range())) {
                        expected.add(org.iovacheck.model.Conflict.of(g, w));
                        meeting.add(w.range());
                    }
                }
            }
            expected.sort(org.iovacheck.engine.Conflicts.ORDER);
            CheckAnswer a = SAT.check(q, Budget.unlimited());
            String ctx = "seed " + seed + " instance " + i;
            assertEquals(expected.isEmpty() ? Verdict.SAFE : Verdict.UNSAFE, a.verdict(), ctx);
            assertEquals(expected, a.conflicts(), ctx);
            assertEquals((long) meeting.size(), a.stats().counters().get("distinct-ranges-encoded"), ctx);
        }
    }

    private static final SatEngine SAT = new SatEngine();

    @Test
    void safeAnswerIsARefutation() {
        List<Certificate> certs = new ArrayList<>();
        CheckAnswer a = new SatEngine(certs::add).check(d05(0x86010000L), Budget.unlimited());
        assertEquals(Verdict.SAFE, a.verdict());
        assertEquals(1, certs.size());
        assertTrue(certs.get(0).check().verified());
        assertTrue(a.evidence().stream().anyMatch(e -> e.contains("verified")), a.evidence().toString());
    }

    @Test
    void expiredBudgetIsUnknown() {
        Budget gone = new Budget(System.nanoTime() - 1_000_000L);
        assertEquals(Verdict.UNKNOWN, new SatEngine().check(d05(1L << 40), gone).verdict());
        PlaceQuery q = new PlaceQuery(1L << 30, 21, Range.ALL, List.of(window(0, 0xffffffffL, "low")));
        assertEquals(Verdict.UNKNOWN, new SatEngine().place(q, gone).verdict());
    }

    @Test
    void lowestBaseIsProvedLowest() {
        List<Certificate> certs = new ArrayList<>();
        List<ReservedRegion> ws = List.of(window(0x0, 0x1fffffL, "a"), window(0x600000L, 0x6fffffL, "b"), window(0x300000L, 0x3fffffL, "c"));
        PlaceQuery q = new PlaceQuery(0x200000L, 20, new Range(0, U64.MAX), ws);
        PlaceAnswer a = new SatEngine(certs::add).place(q, Budget.unlimited());
        assertEquals(Verdict.FOUND, a.verdict());
        assertEquals(Range.ofSize(0x400000L, 0x200000L), a.block().orElseThrow());
        assertEquals(1, certs.size());
        Certificate c = certs.get(0);
        assertTrue(c.claim().contains("below base " + U64.hex(0x400000L)), c.claim());
        assertTrue(c.check().verified());
        Proof p = c.proof();
        Proof withoutLast = dropStep(p, p.size() - 1);
        assertFalse(RupChecker.check(c.cnf(), withoutLast).verified(), "a proof without its empty clause must be rejected");
    }

    @Test
    void infeasibleAnswerNamesTheOnlyMinimalCore() {
        ReservedRegion a = window(0x1000, 0x1fff, "A");
        ReservedRegion b = window(0x3000, 0x3fff, "B");
        ReservedRegion c = window(0x1800, 0x3800, "C");
        PlaceQuery q = new PlaceQuery(0x1000, 12, new Range(0x1000, 0x3fff), List.of(a, b, c));
        List<Certificate> certs = new ArrayList<>();
        for (var engine : List.of(new SatEngine(certs::add), new IntervalEngine())) {
            PlaceAnswer ans = engine.place(q, Budget.unlimited());
            assertEquals(Verdict.INFEASIBLE, ans.verdict(), engine.name());
            assertEquals(List.of(c), ans.blockingWindows(), engine.name());
            assertEquals(List.of(PlaceQuery.Limit.LOWEST_BASE, PlaceQuery.Limit.HIGHEST_END), ans.blockingLimits(), engine.name());
        }
        assertEquals(2, certs.size(), "one refutation of the whole question, one of the core alone");
        for (Certificate cert : certs) {
            assertTrue(RupChecker.check(cert.cnf(), cert.proof()).verified(), cert.claim());
        }
        assertTrue(certs.get(1).claim().contains(c.range().toString()), certs.get(1).claim());
    }

    @Test
    void windowCoveringEverythingIsACoreOfOne() {
        PlaceQuery q = new PlaceQuery(16, 4, Range.ALL, List.of(window(0x100, 0x1ff, "x"), window(0, U64.MAX, "all")));
        PlaceAnswer ans = new SatEngine().place(q, Budget.unlimited());
        assertEquals(Verdict.INFEASIBLE, ans.verdict());
        assertEquals("all", ans.blockingWindows().get(0).name());
        assertEquals(1, ans.blockingWindows().size());
        assertTrue(ans.blockingLimits().isEmpty());
    }

    @Test
    void blockAtTheTopOfTheSpace() {
        PlaceQuery q = new PlaceQuery(1, 0, new Range(U64.MAX, U64.MAX), List.of());
        PlaceAnswer ans = new SatEngine().place(q, Budget.unlimited());
        assertEquals(Verdict.FOUND, ans.verdict());
        assertEquals(new Range(U64.MAX, U64.MAX), ans.block().orElseThrow());
        PlaceQuery big = new PlaceQuery(U64.MAX, 0, Range.ALL, List.of(window(U64.MAX, U64.MAX, "top")));
        assertEquals(new Range(0, U64.MAX - 1), new SatEngine().place(big, Budget.unlimited()).block().orElseThrow());
    }

    private static Proof dropStep(Proof p, int drop) {
        Proof.Builder b = new Proof.Builder();
        for (int i = 0; i < p.size(); i++) {
            if (i != drop) {
                b.step(p.isDeletion(i), p.line(i), p.step(i));
            }
        }
        return b.build();
    }
}
