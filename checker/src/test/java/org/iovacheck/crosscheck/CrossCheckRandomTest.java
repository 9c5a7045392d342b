package org.iovacheck.crosscheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.iovacheck.engine.PlaceAnswer;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;
import org.junit.jupiter.api.Test;

/**
 * Seeded random hosts and guests over 8, 16, 40 and 64-bit spaces (edge values favoured): every engine must agree with the
 * naive pairwise oracle, and at 8 bits with brute force. Replay one run with -Diovacheck.seed=N; -Diovacheck.soak=true runs
 * fifty times as many instances.
 */
class CrossCheckRandomTest {
    private static final int[] WIDTHS = {8, 16, 40, 64};
    private static final int SCALE = Seeds.soak() ? 50 : 1;

    @Test
    void checkAnswersAgree() {
        long seed = Seeds.seed(20240601L);
        Random rnd = new Random(seed);
        int instances = 4000 * SCALE;
        for (int i = 0; i < instances; i++) {
            int bits = WIDTHS[rnd.nextInt(WIDTHS.length)];
            List<ReservedRegion> host = Instances.windows(rnd, bits, rnd.nextInt(14));
            List<GuestRegion> guest = Instances.guests(rnd, bits, rnd.nextInt(5));
            List<Blocker> blockers = !host.isEmpty() && rnd.nextInt(10) == 0 ? List.of(new Blocker(host.get(0), "direct")) : List.of();
            CheckQuery q = new CheckQuery(guest, host, blockers);
            String ctx = Seeds.replay("CrossCheckRandomTest", seed, "instance " + i);
            List<Conflict> expected = PairOracle.conflicts(q);
            if (bits == 8) {
                assertEquals(BruteForce.conflicts(q, 1L << bits), expected, ctx + ": the pairwise oracle disagrees with brute force");
            }
            Compare.check(q, expected, ctx);
        }
    }

    @Test
    void placeAnswersAgree() {
        long seed = Seeds.seed(20240602L);
        Random rnd = new Random(seed);
        int instances = 6000 * SCALE;
        int minimizedByXplain = 0;
        for (int i = 0; i < instances; i++) {
            int bits = WIDTHS[rnd.nextInt(WIDTHS.length)];
            List<ReservedRegion> windows = Instances.windows(rnd, bits, rnd.nextInt(12));
            long length = Math.max(1, Instances.value(rnd, rnd.nextInt(bits) + 1));
            int align = rnd.nextInt(3) == 0 ? rnd.nextInt(64) : rnd.nextInt(Math.min(bits, 12) + 1);
            Range allowed = rnd.nextInt(4) == 0 ? Range.ALL : Instances.range(rnd, bits);
            PlaceQuery q = new PlaceQuery(length, align, allowed, windows);
            String ctx = Seeds.replay("CrossCheckRandomTest", seed, "instance " + i);
            if (bits == 8 && Long.compareUnsigned(allowed.last(), 256) < 0) {
                assertEquals(BruteForce.lowestBase(q, 256), PairOracle.lowestBase(q), ctx + ": the candidate oracle disagrees with brute force");
            }
            for (PlaceAnswer a : Compare.place(q, PairOracle.lowestBase(q), p -> PairOracle.lowestBase(p).isPresent(), ctx)) {
                if (a.stats().counters().containsKey("xplain-soft")) {
                    minimizedByXplain++;
                }
            }
        }
        assertTrue(minimizedByXplain > 0, "seed " + seed + ": no core needed Xplain's minimization; that path went untested");
    }
}
