package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * The column-table resolution (issue 16) against plain object-list references written straight from the kernel's rules: the
 * same-type merge of iommu_insert_resv_region (sort each type by start, stable; merge unless start > top_end + 1 in u64;
 * list by start, type, end) and vfio-type1's attach, cutting the valid IOVA list region by region. Seeded random groups
 * with duplicates, ties, unsorted input and ranges at the top of the space.
 */
class RegionTableOracleTest {
    private static final RegionType[] RAW = {RegionType.RESERVED, RegionType.MSI, RegionType.DIRECT, RegionType.DIRECT_RELAXABLE};

    /** The reference merge: per type a stable sort by first, the kernel's u64 merge rule, then a stable sort by kernel order. */
    static List<ReservedRegion> mergeReference(List<ReservedRegion> in) {
        Map<RegionType, List<ReservedRegion>> byType = new EnumMap<>(RegionType.class);
        for (ReservedRegion r : in) {
            byType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r);
        }
        List<ReservedRegion> out = new ArrayList<>();
        for (List<ReservedRegion> list : byType.values()) {
            list.sort((a, b) -> Long.compareUnsigned(a.range().first(), b.range().first()));
            ReservedRegion cur = null;
            for (ReservedRegion r : list) {
                if (cur != null && Long.compareUnsigned(r.range().first(), cur.range().last() + 1) <= 0) {
                    cur = cur.withRange(cur.range().span(r.range()));
                } else {
                    if (cur != null) {
                        out.add(cur);
                    }
                    cur = r;
                }
            }
            if (cur != null) {
                out.add(cur);
            }
        }
        out.sort(HostSemantics.KERNEL_ORDER);
        return out;
    }

    /** The reference attach: the valid list cut by every non-relaxable region in turn; the first group that empties it. */
    static Optional<ReservedRegion> attachReference(Aperture ap, List<List<ReservedRegion>> groups) {
        List<Range> valid = new ArrayList<>(ap.valid());
        for (List<ReservedRegion> g : groups) {
            ReservedRegion first = null;
            for (ReservedRegion r : g) {
                if (r.type() == RegionType.DIRECT_RELAXABLE) {
                    continue;
                }
                if (first == null) {
                    first = r;
                }
                List<Range> next = new ArrayList<>();
                for (Range v : valid) {
                    if (!v.overlaps(r.range())) {
                        next.add(v);
                        continue;
                    }
                    if (U64.lt(v.first(), r.range().first())) {
                        next.add(new Range(v.first(), r.range().first() - 1));
                    }
                    if (U64.lt(r.range().last(), v.last())) {
                        next.add(new Range(r.range().last() + 1, v.last()));
                    }
                }
                valid = next;
            }
            if (valid.isEmpty()) {
                return Optional.of(first);
            }
        }
        return Optional.empty();
    }

    /** A random address: small, near 2^63 or near 2^64, so that ties, touching ends and the u64 wrap all occur. */
    private static long addr(Random rnd) {
        long base = switch (rnd.nextInt(3)) {
            case 0 -> 0;
            case 1 -> Long.MIN_VALUE;
            default -> -64L;
        };
        return base + rnd.nextInt(64);
    }

    private static List<ReservedRegion> group(Random rnd, String id, int n, RegionType[] types) {
        List<ReservedRegion> g = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long a = addr(rnd);
            long b = addr(rnd);
            if (Long.compareUnsigned(a, b) > 0) {
                long t = a;
                a = b;
                b = t;
            }
            if (i > 0 && rnd.nextInt(5) == 0) {
                ReservedRegion prev = g.get(rnd.nextInt(i));
                a = prev.range().first();
                b = rnd.nextBoolean() ? prev.range().last() : b;
                if (Long.compareUnsigned(a, b) > 0) {
                    b = a;
                }
            }
            g.add(new ReservedRegion(new Range(a, b), types[rnd.nextInt(types.length)], id, null, new Source("f" + id, i + 1)));
        }
        return g;
    }

    @Test
    void theTableMergeIsTheKernelsMergeOnRandomGroups() {
        Random rnd = new Random(Seeds.seed("RegionTableOracleTest.merge"));
        RegionType[] decided = {RegionType.RESERVED, RegionType.MSI_HW, RegionType.MSI_SW, RegionType.DIRECT, RegionType.DIRECT_RELAXABLE};
        for (int c = 0; c < 3000; c++) {
            List<ReservedRegion> in = group(rnd, "7", rnd.nextInt(12), decided);
            List<ReservedRegion> want = mergeReference(in);
            List<ReservedRegion> got = HostSemantics.mergeSameType(in);
            assertEquals(want, got, "case " + c + ": " + in);
            // and the same from a table (the parser's form), whose rows carry their source lines
            assertEquals(want, HostSemantics.mergeSameType(RegionTable.of(in)), "case " + c + " as a table");
        }
    }

    @Test
    void theAttachBisectionIsTheKernelsCutByCut() {
        Random rnd = new Random(Seeds.seed("RegionTableOracleTest.attach"));
        int emptied = 0;
        for (int c = 0; c < 3000; c++) {
            Aperture ap = switch (rnd.nextInt(3)) {
                case 0 -> Aperture.full();
                case 1 -> new Aperture(List.of(new Range(0, 40), new Range(Long.MIN_VALUE + 10, Long.MIN_VALUE + 30)), "two");
                default -> new Aperture(List.of(new Range(5, 20)), "one");
            };
            List<List<ReservedRegion>> groups = new ArrayList<>();
            int g = 1 + rnd.nextInt(4);
            for (int k = 0; k < g; k++) {
                List<ReservedRegion> regions = group(rnd, String.valueOf(k), rnd.nextInt(10), RAW);
                // whole-space regions now and then, so that some hosts do leave no valid IOVA
                if (rnd.nextInt(8) == 0) {
                    regions.add(new ReservedRegion(Range.ALL, RegionType.RESERVED, String.valueOf(k), null, Source.BUILTIN));
                }
                groups.add(rnd.nextBoolean() ? HostSemantics.mergeSameType(regions) : regions);
            }
            Optional<ReservedRegion> want = attachReference(ap, groups);
            assertEquals(want, Type1Attach.emptiedBy(ap, groups), "case " + c + ": " + ap + " " + groups);
            int n = groups.stream().mapToInt(List::size).sum();
            assertEquals(want, Type1Attach.emptiedBySweep(ap, groups, n), "case " + c + " by the sweep: " + ap + " " + groups);
            emptied += want.isPresent() ? 1 : 0;
        }
        assertTrue(emptied > 100 && emptied < 2900, "both answers occur: " + emptied + " of 3000 emptied");
    }

    @Test
    void aTableIsTheListItWasBuiltFrom() {
        Random rnd = new Random(Seeds.seed("RegionTableOracleTest.table"));
        List<ReservedRegion> in = group(rnd, "3", 50, RAW);
        in.add(new ReservedRegion(new Range(1, 2), RegionType.BRIDGE_WINDOW, null, "window", new Source("host.yaml", 9)));
        RegionTable t = RegionTable.of(in);
        assertEquals(in, t);
        assertEquals(in.hashCode(), t.hashCode());
        assertEquals(List.of("f3", "host.yaml"), t.files());
        int[] rows = {50, 3, 3, 0};
        assertEquals(List.of(in.get(50), in.get(3), in.get(3), in.get(0)), t.select(rows, rows.length));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(51));
        assertThrows(IndexOutOfBoundsException.class, () -> t.first(-1));
        RegionTable.Builder b = new RegionTable.Builder(0);
        int o = b.origin("1", null, "f");
        assertThrows(IllegalArgumentException.class, () -> b.add(5, 4, RegionType.RESERVED, o, 1));
        assertThrows(IllegalArgumentException.class, () -> b.add(4, 5, RegionType.RESERVED, o + 1, 1));
    }

    @Test
    void orderByFirstIsAStableUnsignedSort() {
        Random rnd = new Random(Seeds.seed("RegionTableOracleTest.order"));
        for (int c = 0; c < 500; c++) {
            int n = rnd.nextInt(200);
            long[] f = new long[n];
            for (int i = 0; i < n; i++) {
                f[i] = addr(rnd);
            }
            if (rnd.nextBoolean()) {
                java.util.Arrays.sort(f);
            }
            int[] order = RegionTable.orderByFirst(f, n);
            Integer[] want = new Integer[n];
            for (int i = 0; i < n; i++) {
                want[i] = i;
            }
            java.util.Arrays.sort(want, (x, y) -> Long.compareUnsigned(f[x], f[y]));
            for (int i = 0; i < n; i++) {
                assertEquals((int) want[i], order[i], "case " + c + " position " + i);
            }
        }
    }
}
