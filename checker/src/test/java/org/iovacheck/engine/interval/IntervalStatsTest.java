package org.iovacheck.engine.interval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.iovacheck.engine.BanksAnswer;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.PlaceAnswer;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;
import org.junit.jupiter.api.Test;

/**
 * The counters the interval engine reports (they reach the JSON output's stats): sizes as given, merged runs as counted by
 * hand, and tree visits within the class's promise, "descending only into subtrees whose largest end reaches" a region: per
 * region at most 1 + 2 (k + 1) d nodes for k hits in a tree of depth d (the paths to the hits and to the cut-off at the
 * region's end, with their siblings), and at least one per hit and at least the root; none when no range starts at or below
 * the region's last address (the tree is not consulted).
 */
class IntervalStatsTest {
    private static ReservedRegion window(int i, long first, long last) {
        return new ReservedRegion(new Range(first, last), RegionType.RESERVED, "1", "w" + i, Source.BUILTIN);
    }

    @Test
    void treeVisitsStayWithinThePromisedBound() {
        long seed = IntervalPlaceOracleTest.seed("IntervalStatsTest.visits", 59);
        Random rnd = new Random(seed);
        IntervalEngine engine = new IntervalEngine();
        for (int iter = 0; iter < 400; iter++) {
            long base = rnd.nextBoolean() ? 0 : U64.MAX - 4095;
            int m = rnd.nextInt(4) == 0 ? rnd.nextInt(3) : rnd.nextInt(200);
            List<ReservedRegion> rs = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                int a = rnd.nextInt(4096);
                rs.add(window(i, base + a, base + a + rnd.nextInt(Math.min(4096 - a, 1 + rnd.nextInt(40)))));
            }
            List<GuestRegion> gs = new ArrayList<>();
            int n = 1 + rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                int a = rnd.nextInt(4096);
                gs.add(new GuestRegion("g" + i, GuestKind.RAM, new Range(base + a, base + a + rnd.nextInt(Math.min(4096 - a, 1 + rnd.nextInt(300))))));
            }
            CheckAnswer ans = engine.check(new CheckQuery(gs, rs, List.of()), Budget.unlimited());
            Map<String, Long> c = ans.stats().counters();
            String ctx = "seed " + seed + " iteration " + iter;
            int size = 1;
            int depth = 0;
            while (size < m) {
                size <<= 1;
                depth++;
            }
            long bound = 0;
            long least = 0;
            for (GuestRegion g : gs) {
                long k = rs.stream().filter(r -> r.range().overlaps(g.range())).count();
                boolean consulted = rs.stream().anyMatch(r -> U64.le(r.range().first(), g.range().last()));
                bound += consulted ? 1 + 2 * (k + 1) * depth : 0;
                least += consulted ? Math.max(1, k) : 0;
            }
            long visits = c.get("tree-visits");
            assertTrue(visits >= least, ctx + ": " + visits + " visits for " + ans.conflicts().size() + " hits, at least " + least);
            assertTrue(visits <= bound, ctx + ": " + visits + " visits, more than the bound " + bound);
            assertEquals((long) n, c.get("guest-regions"), ctx);
            assertEquals((long) m, c.get("excluded-ranges"), ctx);
            assertEquals(ans.conflicts().isEmpty() ? Verdict.SAFE : Verdict.UNSAFE, ans.verdict(), ctx);
            assertEquals("interval", ans.engine());
        }
    }

    /** Runs: windows that overlap or touch (one ends right before the other starts) form one run, counted by hand. */
    @Test
    void placeCountsWindowsRunsAndSteps() {
        long seed = IntervalPlaceOracleTest.seed("IntervalStatsTest.runs", 61);
        Random rnd = new Random(seed);
        IntervalEngine engine = new IntervalEngine();
        for (int iter = 0; iter < 600; iter++) {
            long base = rnd.nextBoolean() ? 0 : U64.MAX - 255;
            List<ReservedRegion> ws = new ArrayList<>();
            int m = rnd.nextInt(10);
            for (int i = 0; i < m; i++) {
                int a = rnd.nextInt(256);
                ws.add(window(i, base + a, base + a + rnd.nextInt(Math.min(256 - a, 1 + rnd.nextInt(20)))));
            }
            List<Range> sorted = new ArrayList<>(ws.stream().map(ReservedRegion::range).toList());
            sorted.sort(Comparator.naturalOrder());
            int runs = 0;
            long end = 0;
            for (Range r : sorted) {
                if (runs == 0 || (end != U64.MAX && U64.lt(end + 1, r.first()))) {
                    runs++;
                    end = r.last();
                } else {
                    end = U64.max(end, r.last());
                }
            }
            long length = 1 + rnd.nextInt(32);
            String ctx = "seed " + seed + " iteration " + iter;
            PlaceAnswer a = engine.place(new PlaceQuery(length, rnd.nextInt(4), new Range(base, base + 255), ws), Budget.unlimited());
            Map<String, Long> c = a.stats().counters();
            assertEquals((long) m, c.get("windows"), ctx);
            assertEquals((long) runs, c.get("merged-runs"), ctx);
            assertTrue(c.get("gap-steps") >= 1 && c.get("gap-steps") <= runs + 1, ctx + ": " + c);
            int k = 1 + rnd.nextInt(3);
            BanksAnswer b = engine.placeBanks(new MultiPlaceQuery(k, length, rnd.nextInt(4), new Range(base, base + 255), ws), Budget.unlimited());
            Map<String, Long> cb = b.stats().counters();
            assertEquals((long) m, cb.get("windows"), ctx);
            assertEquals((long) runs, cb.get("merged-runs"), ctx);
            assertTrue(cb.get("gap-steps") >= 1 && cb.get("gap-steps") <= runs + k, ctx + ": " + cb);
            if (b.verdict() == Verdict.INFEASIBLE) {
                long core = b.blockingWindows().size() + b.blockingLimits().size();
                assertEquals(core, cb.get("core-size"), ctx);
                assertTrue(cb.get("cover-chain") >= core && cb.get("cover-chain") <= m + 2, ctx + ": " + cb);
            }
        }
    }
}
