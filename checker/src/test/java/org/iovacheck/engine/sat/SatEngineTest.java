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
