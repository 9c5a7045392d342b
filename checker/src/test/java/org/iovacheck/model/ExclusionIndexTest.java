package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

class ExclusionIndexTest {
    @Test
    void agreesWithBruteForceAtEightBitsAndAtTheTopOfTheSpace() {
        long seed = Seeds.seed("ExclusionIndexTest");
        Random rnd = new Random(seed);
        long[] bases = {0, U64.MAX - 255};
        for (int iter = 0; iter < 20000; iter++) {
            long base = bases[iter % 2];
            List<ReservedRegion> ex = new ArrayList<>();
            for (int i = rnd.nextInt(10); i > 0; i--) {
                int a = rnd.nextInt(256);
                int b = a + rnd.nextInt(Math.min(256 - a, 40));
                ex.add(new ReservedRegion(new Range(base + a, base + b), RegionType.RESERVED, "1", "r" + i, Source.BUILTIN));
            }
            ExclusionIndex idx = new ExclusionIndex(ex);
            int a = rnd.nextInt(256);
            int b = a + rnd.nextInt(256 - a);
            Range q = new Range(base + a, base + b);
            Optional<ReservedRegion> got = idx.firstMeeting(q);
            boolean any = ex.stream().anyMatch(r -> r.range().overlaps(q));
            assertEquals(any, got.isPresent(), "seed " + seed + " " + ex + " " + q);
            got.ifPresent(r -> assertTrue(r.range().overlaps(q), "seed " + seed));
        }
    }
}
