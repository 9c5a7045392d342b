package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** vfio_iommu_type1.c: the container's valid IOVA list loses each attaching group's non-relaxable regions; empty refuses the group. */
class Type1AttachTest {
    static ReservedRegion r(long a, long b, RegionType t, String g) {
        return new ReservedRegion(new Range(a, b), t, g, null, Source.BUILTIN);
    }

    /** Every cut of every list of up to two disjoint, non-touching ranges in a 10-address window, at the bottom and the top. */
    @Test
    void subtractAgreesWithSetDifference() {
        for (long base : new long[] {0, U64.MAX - 9}) {
            List<List<Range>> lists = new ArrayList<>();
            for (int a = 0; a < 10; a++) {
                for (int b = a; b < 10; b++) {
                    lists.add(List.of(new Range(base + a, base + b)));
                    for (int c = b + 2; c < 10; c++) {
                        for (int d = c; d < 10; d++) {
                            lists.add(List.of(new Range(base + a, base + b), new Range(base + c, base + d)));
                        }
                    }
                }
            }
            for (List<Range> valid : lists) {
                for (int c = 0; c < 10; c++) {
                    for (int d = c; d < 10; d++) {
                        Range cut = new Range(base + c, base + d);
                        // the valid ranges never touch, so the result is the maximal runs of the set difference
                        boolean[] in = new boolean[11];
                        for (int p = 0; p < 10; p++) {
                            final long addr = base + p;
                            in[p] = valid.stream().anyMatch(v -> v.contains(addr)) && !(p >= c && p <= d);
                        }
                        List<Range> want = new ArrayList<>();
                        for (int p = 0; p < 10; p++) {
                            if (in[p]) {
                                int q = p;
                                while (in[q + 1]) {
                                    q++;
                                }
                                want.add(new Range(base + p, base + q));
                                p = q;
                            }
                        }
                        assertEquals(want, Type1Attach.subtract(valid, cut), valid + " less " + cut);
                    }
                }
            }
        }
    }

    @Test
    void subtractAtTheEndsOfTheSpace() {
        assertEquals(List.of(new Range(1, U64.MAX)), Type1Attach.subtract(List.of(Range.ALL), new Range(0, 0)));
        assertEquals(List.of(new Range(0, U64.MAX - 1)), Type1Attach.subtract(List.of(Range.ALL), new Range(U64.MAX, U64.MAX)));
        assertEquals(List.of(), Type1Attach.subtract(List.of(Range.ALL), Range.ALL));
    }

    @Test
    void theFirstGroupThatEmptiesTheListIsNamedByItsFirstNonRelaxableRegion() {
        Aperture ap = Aperture.bits(32);
        List<ReservedRegion> g1 = List.of(r(0, 0xffffffffL, RegionType.DIRECT_RELAXABLE, "1"));
        List<ReservedRegion> g2 = List.of(r(0, 0xfff, RegionType.DIRECT_RELAXABLE, "2"), r(0, 0x7fffffffL, RegionType.RESERVED, "2"),
                r(0x80000000L, 0xffffffffL, RegionType.MSI_HW, "2"));
        List<ReservedRegion> g3 = List.of(r(0, 0xffffffffL, RegionType.RESERVED, "3"));
        assertEquals(Optional.empty(), Type1Attach.emptiedBy(ap, List.of(g1)), "relaxable regions do not cut");
        assertEquals(Optional.of(g2.get(1)), Type1Attach.emptiedBy(ap, List.of(g1, g2, g3)));
        assertEquals(Optional.of(g3.get(0)), Type1Attach.emptiedBy(ap, List.of(g1, g3, g2)));
        assertEquals(Optional.empty(), Type1Attach.emptiedBy(Aperture.bits(33), List.of(g2, g3)));
        assertEquals(Optional.empty(), Type1Attach.emptiedBy(ap, List.of()));
        // two groups that together leave nothing: the second is refused
        List<ReservedRegion> low = List.of(r(0, 0x7fffffffL, RegionType.RESERVED, "4"));
        List<ReservedRegion> high = List.of(r(0x80000000L, 0xffffffffL, RegionType.RESERVED, "5"));
        assertEquals(Optional.of(high.get(0)), Type1Attach.emptiedBy(ap, List.of(low, high)));
        assertTrue(Type1Attach.emptiedBy(ap, List.of(low)).isEmpty());
    }
}
