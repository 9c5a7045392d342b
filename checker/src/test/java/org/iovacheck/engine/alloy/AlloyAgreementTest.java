package org.iovacheck.engine.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.Conflicts;
import org.iovacheck.engine.Verdict;
import org.iovacheck.engine.interval.IntervalEngine;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.junit.jupiter.api.Test;

/**
 * Seeded random small instances (ranges in the lowest and highest 64 addresses): the alloy engine, the interval engine and
 * brute-force address enumeration give the same verdict and the same conflicts, in the same order.
 */
class AlloyAgreementTest {
    private static final long SEED = Long.getLong("iovacheck.seed", 0xa110_7L);
    private static final int INSTANCES = 300;
    private static final GuestKind[] MAPPED_KINDS = {GuestKind.RAM, GuestKind.HOTPLUG, GuestKind.ROM, GuestKind.BAR};
    private static final String[] GROUPS = {null, "1", "2"};

    @Test
    void alloyIntervalAndEnumerationAgree() {
        Random rnd = new Random(SEED);
        AlloyEngine alloy = new AlloyEngine();
        IntervalEngine interval = new IntervalEngine();
        int unsafe = 0;
        int safe = 0;
        int noLayout = 0;
        for (int i = 0; i < INSTANCES; i++) {
            CheckQuery q = randomQuery(rnd);
            String where = "seed=" + SEED + " instance " + i + ": " + q;
            List<Conflict> expected = bruteForce(q);
            Verdict v = !q.blockers().isEmpty() ? Verdict.NO_LAYOUT : expected.isEmpty() ? Verdict.SAFE : Verdict.UNSAFE;
            CheckAnswer a = alloy.check(q, Budget.unlimited());
            CheckAnswer b = interval.check(q, Budget.unlimited());
            assertEquals(v, a.verdict(), where + " alloy verdict");
            assertEquals(expected, a.conflicts(), where + " alloy conflicts");
            assertEquals(v, b.verdict(), where + " interval verdict");
            assertEquals(expected, b.conflicts(), where + " interval conflicts");
            switch (v) {
                case UNSAFE -> unsafe++;
                case SAFE -> safe++;
                default -> noLayout++;
            }
        }
        assertEquals(INSTANCES, unsafe + safe + noLayout);
        // the generator must exercise every verdict, else agreement on one of them says nothing
        String mix = "seed=" + SEED + " verdict mix safe " + safe + ", unsafe " + unsafe + ", no-layout " + noLayout;
        assertEquals(true, safe > INSTANCES / 10 && unsafe > INSTANCES / 10 && noLayout > INSTANCES / 20, mix);
    }

    private static CheckQuery randomQuery(Random rnd) {
        List<GuestRegion> mapped = new ArrayList<>();
        int g = rnd.nextInt(4);
        for (int i = 0; i < g; i++) {
            GuestKind k = MAPPED_KINDS[rnd.nextInt(MAPPED_KINDS.length)];
            mapped.add(new GuestRegion(k.label() + i, k, BreakpointsTest.randomRange(rnd)));
        }
        List<ReservedRegion> excl = new ArrayList<>();
        int x = rnd.nextInt(5);
        for (int i = 0; i < x; i++) {
            RegionType t = RegionType.values()[rnd.nextInt(RegionType.values().length)];
            excl.add(new ReservedRegion(BreakpointsTest.randomRange(rnd), t, GROUPS[rnd.nextInt(GROUPS.length)],
                    rnd.nextBoolean() ? null : "w" + i, new Source("random", i + 1)));
        }
        List<Blocker> blockers = new ArrayList<>();
        if (rnd.nextInt(8) == 0) {
            ReservedRegion at = !excl.isEmpty() && rnd.nextBoolean() ? excl.get(rnd.nextInt(excl.size()))
                    : new ReservedRegion(BreakpointsTest.randomRange(rnd), RegionType.DIRECT, "3", null, new Source("random", 99));
            blockers.add(new Blocker(at, "random blocker"));
        }
        return new CheckQuery(mapped, excl, blockers);
    }

    private static List<Conflict> bruteForce(CheckQuery q) {
        List<Conflict> out = new ArrayList<>();
        for (GuestRegion g : q.mapped()) {
            for (ReservedRegion r : q.exclusions()) {
                if (BreakpointsTest.shareAnAddress(g.range(), r.range())) {
                    out.add(new Conflict(g, r, intersection(g.range(), r.range())));
                }
            }
        }
        out.sort(Conflicts.ORDER);
        return out;
    }

    /** The common addresses, found by enumeration (not Range.intersect). */
    private static Range intersection(Range a, Range b) {
        Long first = null;
        long last = 0;
        for (long base : new long[] {0, -64L}) {
            for (int i = 0; i < 64; i++) {
                long p = base + i;
                if (a.contains(p) && b.contains(p)) {
                    if (first == null) {
                        first = p;
                    }
                    last = p;
                }
            }
        }
        return new Range(first, last);
    }
}
