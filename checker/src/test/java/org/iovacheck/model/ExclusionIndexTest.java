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
            // the earliest in first-address order (ties in the order given, as the index sorts stably)
            Optional<ReservedRegion> earliest = ex.stream().filter(r -> r.range().overlaps(q))
                    .min((x, y) -> Long.compareUnsigned(x.range().first(), y.range().first()));
            assertEquals(earliest, got, "seed " + seed + " " + ex + " " + q);
        }
    }

    @Test
    void theFirstConflictIsTheFirstMappedRegionThatMeetsAnExclusion() {
        ReservedRegion msi = new ReservedRegion(new Range(0xfee00000L, 0xfeefffffL), RegionType.MSI_HW, "1", null, Source.BUILTIN);
        ReservedRegion ht = new ReservedRegion(new Range(0xfd00000000L, 0xffffffffffL), RegionType.RESERVED, "1", null, Source.BUILTIN);
        ExclusionIndex idx = new ExclusionIndex(List.of(ht, msi));
        GuestRegion low = new GuestRegion("low", GuestKind.RAM, new Range(0, 0x7fffffffL));
        GuestRegion mid = new GuestRegion("mid", GuestKind.RAM, new Range(0xfe000000L, 0xfeffffffL));
        GuestRegion high = new GuestRegion("high", GuestKind.RAM, new Range(0x100000000L, 0xfeffffffffL));
        assertEquals(Optional.of(new Conflict(mid, msi, new Range(0xfee00000L, 0xfeefffffL))), idx.firstConflict(List.of(low, mid, high)));
        assertEquals(Optional.of(new Conflict(high, ht, new Range(0xfd00000000L, 0xfeffffffffL))), idx.firstConflict(List.of(low, high, mid)));
        assertEquals(Optional.empty(), idx.firstConflict(List.of(low)));
        assertEquals(Optional.empty(), idx.firstConflict(List.of()));
        assertEquals(Optional.empty(), new ExclusionIndex(List.of()).firstMeeting(Range.ALL));
    }

    @Test
    void upperBoundCountsEntriesAtMostTheValueInUnsignedOrder() {
        long[] firsts = {0, 0x1000, 0x1000, 0x7fffffffffffffffL, 0x8000000000000000L, U64.MAX};
        assertEquals(1, ExclusionIndex.upperBound(firsts, 0));
        assertEquals(1, ExclusionIndex.upperBound(firsts, 0xfff));
        assertEquals(3, ExclusionIndex.upperBound(firsts, 0x1000));
        assertEquals(4, ExclusionIndex.upperBound(firsts, 0x7fffffffffffffffL));
        assertEquals(5, ExclusionIndex.upperBound(firsts, 0x8000000000000000L));
        assertEquals(5, ExclusionIndex.upperBound(firsts, U64.MAX - 1));
        assertEquals(6, ExclusionIndex.upperBound(firsts, U64.MAX));
        assertEquals(0, ExclusionIndex.upperBound(new long[] {1}, 0));
        assertEquals(0, ExclusionIndex.upperBound(new long[0], U64.MAX));
    }
}
