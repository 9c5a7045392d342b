package org.iovacheck.engine.sat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.Conflicts;
import org.iovacheck.engine.PlaceAnswer;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.junit.jupiter.api.Test;

/** The order encoding against the bit-level adder/comparator encoding at 6 and 9-bit widths, on seeded random instances. */
class BitLevelDifferentialTest {
    private static final SatEngine SAT = new SatEngine();

    static long seed(long fallback) {
        String s = System.getProperty("iovacheck.seed");
        return s == null || s.isBlank() ? fallback : Long.decode(s.trim());
    }

    @Test
    void placementsAgree() {
        long seed = seed(31);
        Random rnd = new Random(seed);
        int found = 0;
        for (int i = 0; i < 600; i++) {
            int width = rnd.nextBoolean() ? 6 : 9;
            long space = 1L << width;
            List<ReservedRegion> ws = windows(rnd, space, rnd.nextInt(6));
            long lo = rnd.nextLong(space);
            long hi = lo + rnd.nextLong(space - lo);
            PlaceQuery q = new PlaceQuery(1 + rnd.nextLong(space / 2), rnd.nextInt(width + 1), new Range(lo, hi), ws);
            OptionalLong expected = BitLevelOracle.lowestBase(q, width);
            PlaceAnswer a = SAT.place(q, Budget.unlimited());
            String ctx = "seed " + seed + " instance " + i + ": " + q + " " + ws.stream().map(w -> w.range().toString()).toList();
            assertEquals(expected.isPresent() ? Verdict.FOUND : Verdict.INFEASIBLE, a.verdict(), ctx);
            if (expected.isPresent()) {
                assertEquals(expected.getAsLong(), a.block().orElseThrow().first(), ctx);
                found++;
            }
        }
        assertTrue(found > 50 && found < 600, "both outcomes should occur: found " + found);
    }

    @Test
    void conflictsAgree() {
        long seed = seed(37);
        Random rnd = new Random(seed);
        for (int i = 0; i < 300; i++) {
            int width = rnd.nextBoolean() ? 6 : 9;
            long space = 1L << width;
            List<ReservedRegion> ws = windows(rnd, space, rnd.nextInt(6));
            List<GuestRegion> gs = new ArrayList<>();
            for (int g = rnd.nextInt(4); g > 0; g--) {
                gs.add(new GuestRegion("g" + g, GuestKind.RAM, range(rnd, space)));
            }
            List<Conflict> expected = new ArrayList<>();
            for (GuestRegion g : gs) {
                for (ReservedRegion r : ws) {
                    Range shared = BitLevelOracle.overlap(g, r, width);
                    if (shared != null) {
                        expected.add(new Conflict(g, r, shared));
                    }
                }
            }
            expected.sort(Conflicts.ORDER);
            CheckAnswer a = SAT.check(new CheckQuery(gs, ws, List.of()), Budget.unlimited());
            assertEquals(expected, a.conflicts(), "seed " + seed + " instance " + i);
            assertEquals(expected.isEmpty() ? Verdict.SAFE : Verdict.UNSAFE, a.verdict());
        }
    }

    private static List<ReservedRegion> windows(Random rnd, long space, int n) {
        List<ReservedRegion> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ReservedRegion(range(rnd, space), RegionType.RESERVED, null, "w" + i, new Source("test", 0)));
        }
        return out;
    }

    private static Range range(Random rnd, long space) {
        long a = rnd.nextLong(space);
        long b = rnd.nextLong(space);
        return new Range(Math.min(a, b), Math.max(a, b));
    }
}
