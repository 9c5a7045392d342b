package org.iovacheck.engine.interval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.Conflicts;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/** The sweep against brute force: every address of an 8-bit window enumerated, the window placed low, across 2^63 and at the top. */
class IntervalCheckOracleTest {
    private static final long[] BASES = {0, 0x8000000000000000L - 128, U64.MAX - 255};

    @Test
    void sweepFindsExactlyTheBruteForceConflicts() {
        long seed = Seeds.seed("IntervalCheckOracleTest");
        Random rnd = new Random(seed);
        IntervalEngine engine = new IntervalEngine();
        for (int iter = 0; iter < 20000; iter++) {
            long base = BASES[iter % BASES.length];
            List<GuestRegion> gs = new ArrayList<>();
            int ng = rnd.nextInt(5);
            for (int i = 0; i < ng; i++) {
                int a = rnd.nextInt(256);
                int b = a + rnd.nextInt(Math.min(256 - a, 1 + rnd.nextInt(128)));
                gs.add(new GuestRegion("g" + i, GuestKind.RAM, new Range(base + a, base + b)));
            }
            List<ReservedRegion> rs = new ArrayList<>();
            int nr = rnd.nextInt(12);
            for (int i = 0; i < nr; i++) {
                int a = rnd.nextInt(256);
                int b = a + rnd.nextInt(Math.min(256 - a, 1 + rnd.nextInt(64)));
                rs.add(new ReservedRegion(new Range(base + a, base + b), RegionType.RESERVED, "" + (i % 3), "r" + i, Source.BUILTIN));
            }
            List<Blocker> blockers = rnd.nextInt(20) == 0 && !rs.isEmpty() ? List.of(new Blocker(rs.get(0), "test")) : List.of();
            CheckAnswer ans = engine.check(new CheckQuery(gs, rs, blockers), Budget.unlimited());

            List<Conflict> expected = new ArrayList<>();
            for (GuestRegion g : gs) {
                for (ReservedRegion r : rs) {
                    Set<Long> common = new HashSet<>();
                    for (long p = 0; p < 256; p++) {
                        if (g.range().contains(base + p) && r.range().contains(base + p)) {
                            common.add(base + p);
                        }
                    }
                    if (!common.isEmpty()) {
                        long lo = common.stream().min(U64::compare).orElseThrow();
                        long hi = common.stream().max(U64::compare).orElseThrow();
                        assertEquals(common.size(), hi - lo + 1, "intersection of two ranges is contiguous");
                        expected.add(new Conflict(g, r, new Range(lo, hi)));
                    }
                }
            }
            expected.sort(Conflicts.ORDER);
            String ctx = "seed " + seed + " iteration " + iter;
            assertEquals(expected, ans.conflicts(), ctx);
            Verdict v = !blockers.isEmpty() ? Verdict.NO_LAYOUT : expected.isEmpty() ? Verdict.SAFE : Verdict.UNSAFE;
            assertEquals(v, ans.verdict(), ctx);
        }
    }

    @Test
    void expiredBudgetAnswersUnknownNotSafe() {
        List<ReservedRegion> rs = new ArrayList<>();
        for (int i = 0; i < 10000; i++) {
            rs.add(new ReservedRegion(new Range(i * 16L, i * 16L + 7), RegionType.RESERVED, "1", null, Source.BUILTIN));
        }
        CheckQuery q = new CheckQuery(List.of(new GuestRegion("ram", GuestKind.RAM, new Range(1L << 40, 1L << 41))), rs, List.of());
        CheckAnswer a = new IntervalEngine().check(q, new Budget(System.nanoTime() - 1));
        assertEquals(Verdict.UNKNOWN, a.verdict());
        assertEquals(List.of(), a.conflicts());
    }

    @Test
    void wholeSpaceRegionsConflictEverywhere() {
        GuestRegion g = new GuestRegion("all", GuestKind.RAM, Range.ALL);
        ReservedRegion top = new ReservedRegion(new Range(U64.MAX, U64.MAX), RegionType.OUTSIDE_APERTURE, null, null, Source.BUILTIN);
        CheckAnswer a = new IntervalEngine().check(new CheckQuery(List.of(g), List.of(top), List.of()), Budget.unlimited());
        assertEquals(Verdict.UNSAFE, a.verdict());
        assertEquals(new Range(U64.MAX, U64.MAX), a.conflicts().get(0).overlap());
    }
}
