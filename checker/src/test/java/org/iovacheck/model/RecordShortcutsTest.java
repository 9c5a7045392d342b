package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * The hand-written equals and hashCode of {@link Range}, {@link Source}, {@link GuestRegion}, {@link ReservedRegion} and
 * {@link Conflict}, and {@link HostFacts#isEmpty()} (written for start-up speed) against
 * what the JDK generates for a record: a record of the same components is the oracle, so hashes (and with them the order of
 * any hash-based collection) are what they were.
 */
class RecordShortcutsTest {
    /** The JDK's generated equals and hashCode for Range's components. */
    private record Generated(long first, long last) {
    }

    @Test
    void rangeEqualsAndHashCodeAreTheRecordOnes() {
        SplittableRandom r = new SplittableRandom(Seeds.seed("RecordShortcutsTest.range"));
        long[] pool = {0, 1, 2, 0x1000, -1L, -2L, Long.MIN_VALUE, Long.MAX_VALUE};
        for (int i = 0; i < 20_000; i++) {
            long a = i % 2 == 0 ? r.nextLong() : pool[r.nextInt(pool.length)];
            long b = i % 3 == 0 ? r.nextLong() : pool[r.nextInt(pool.length)];
            long c = r.nextBoolean() ? a : pool[r.nextInt(pool.length)];
            long d = r.nextBoolean() ? b : pool[r.nextInt(pool.length)];
            if (U64.lt(b, a) || U64.lt(d, c)) {
                continue;
            }
            Range x = new Range(a, b);
            Range y = new Range(c, d);
            assertEquals(new Generated(a, b).hashCode(), x.hashCode(), x.toString());
            assertEquals(new Generated(a, b).equals(new Generated(c, d)), x.equals(y), x + " vs " + y);
            assertEquals(x.equals(y), y.equals(x));
            if (x.equals(y)) {
                assertEquals(x.hashCode(), y.hashCode());
            }
        }
        Range z = new Range(3, 7);
        assertTrue(z.equals(z));
        assertFalse(z.equals(null));
        assertFalse(z.equals(new Generated(3, 7)), "another type with the same values is not equal");
        assertNotEquals(new Range(3, 7), new Range(3, 8));
        assertNotEquals(new Range(3, 7), new Range(2, 7));
    }

    private record GeneratedSource(String file, int line) {
    }

    private record GeneratedGuest(String name, GuestKind kind, Range range) {
    }

    private record GeneratedReserved(Range range, RegionType type, String group, String name, Source source) {
    }

    private record GeneratedConflict(GuestRegion guest, ReservedRegion reserved, Range overlap) {
    }

    /**
     * Pairs drawn from small pools (so that equal and nearly equal values meet often): each type's equals and hashCode are the
     * ones of a record with the same components (whose own equals and hashCode, for the record components, are the real
     * types' and were checked the same way first).
     */
    @Test
    void regionAndConflictEqualsAndHashCodeAreTheRecordOnes() {
        SplittableRandom r = new SplittableRandom(Seeds.seed("RecordShortcutsTest.regions"));
        String[] files = {"a.yaml", "b.yaml", null, ""};
        String[] names = {"ram", "ram2", "", "x"};
        String[] groups = {"0", "7", null};
        Range[] ranges = {new Range(0, 0xfff), new Range(0x1000, 0x1fff), new Range(0x800, 0x17ff), new Range(0, -1L)};
        int equalPairs = 0;
        int unequalPairs = 0;
        for (int i = 0; i < 20_000; i++) {
            // Half of the pairs are built from the same components (equal, not the same objects), the others drawn apart: two
            // independent draws give equal conflicts in about 2 of 100,000 iterations, too rarely for every seed.
            boolean twin = r.nextBoolean();
            String f1 = files[r.nextInt(files.length)];
            String f2 = twin ? f1 : files[r.nextInt(files.length)];
            int l1 = r.nextInt(3);
            int l2 = twin ? l1 : r.nextInt(3);
            Source s1 = new Source(f1, l1);
            Source s2 = new Source(f2, l2);
            same(new GeneratedSource(f1, l1), new GeneratedSource(f2, l2), s1, s2);

            GuestKind k1 = GuestKind.values()[r.nextInt(2)];
            GuestKind k2 = twin ? k1 : GuestKind.values()[r.nextInt(2)];
            String n1 = names[r.nextInt(names.length)];
            String n2 = twin ? n1 : names[r.nextInt(names.length)];
            Range g1 = ranges[r.nextInt(ranges.length)];
            Range g2 = twin ? new Range(g1.first(), g1.last()) : ranges[r.nextInt(ranges.length)];
            GuestRegion x1 = new GuestRegion(n1, k1, g1);
            GuestRegion x2 = new GuestRegion(n2, k2, g2);
            same(new GeneratedGuest(n1, k1, g1), new GeneratedGuest(n2, k2, g2), x1, x2);

            RegionType t1 = RegionType.values()[r.nextInt(2)];
            RegionType t2 = twin ? t1 : RegionType.values()[r.nextInt(2)];
            String gr1 = groups[r.nextInt(groups.length)];
            String gr2 = twin ? gr1 : groups[r.nextInt(groups.length)];
            String m1 = r.nextBoolean() ? null : names[r.nextInt(names.length)];
            String m2 = twin ? m1 : r.nextBoolean() ? null : names[r.nextInt(names.length)];
            Range h1 = ranges[r.nextInt(ranges.length)];
            Range h2 = twin ? new Range(h1.first(), h1.last()) : ranges[r.nextInt(ranges.length)];
            ReservedRegion y1 = new ReservedRegion(h1, t1, gr1, m1, s1);
            ReservedRegion y2 = new ReservedRegion(h2, t2, gr2, m2, s2);
            same(new GeneratedReserved(h1, t1, gr1, m1, s1), new GeneratedReserved(h2, t2, gr2, m2, s2), y1, y2);

            if (g1.overlaps(h1) && g2.overlaps(h2)) {
                Conflict c1 = Conflict.of(x1, y1);
                Conflict c2 = Conflict.of(x2, y2);
                same(new GeneratedConflict(x1, y1, c1.overlap()), new GeneratedConflict(x2, y2, c2.overlap()), c1, c2);
                equalPairs += c1.equals(c2) ? 1 : 0;
                unequalPairs += c1.equals(c2) ? 0 : 1;
            }
        }
        assertTrue(unequalPairs > 0, "the pools gave unequal conflicts too");
        assertTrue(equalPairs > 0, "the pools gave equal conflicts too");
        Source s = new Source("f", 1);
        assertFalse(s.equals(null));
        assertFalse(s.equals(new GeneratedSource("f", 1)), "another type with the same values is not equal");
    }

    /** {@code a, b} (records of the same components) and {@code x, y} agree on equality, and x's hash is a's. */
    private static void same(Record a, Record b, Object x, Object y) {
        assertEquals(a.hashCode(), x.hashCode(), x.toString());
        assertEquals(a.equals(b), x.equals(y), x + " vs " + y);
        assertEquals(x.equals(y), y.equals(x), x + " vs " + y);
        assertTrue(x.equals(x));
        if (x.equals(y)) {
            assertEquals(x.hashCode(), y.hashCode());
        }
    }

    @Test
    void hostFactsAreEmptyExactlyWhenEqualToNone() {
        HostFacts none = HostFacts.NONE;
        assertTrue(none.isEmpty());
        InterruptIsolation unknown = new InterruptIsolation(Known.UNKNOWN, null, Known.UNKNOWN, Known.UNKNOWN);
        assertTrue(new HostFacts(null, 0, null, Known.UNKNOWN, Known.UNKNOWN, unknown, List.of()).isEmpty(), "equal, not the same object");
        assertTrue(new HostFacts(null, 0, null, Known.UNKNOWN, Known.UNKNOWN, null, List.of()).isEmpty(), "null interrupts mean unknown");
        BridgeWindow w = new BridgeWindow(new Range(0x1000, 0x1fff), "7", "w", Source.BUILTIN);
        List<HostFacts> oneChange = List.of(
                new HostFacts("GenuineIntel", 0, null, Known.UNKNOWN, Known.UNKNOWN, unknown, List.of()),
                new HostFacts(null, 46, null, Known.UNKNOWN, Known.UNKNOWN, unknown, List.of()),
                new HostFacts(null, 0, "6.12", Known.UNKNOWN, Known.UNKNOWN, unknown, List.of()),
                new HostFacts(null, 0, null, Known.YES, Known.UNKNOWN, unknown, List.of()),
                new HostFacts(null, 0, null, Known.UNKNOWN, Known.NO, unknown, List.of()),
                new HostFacts(null, 0, null, Known.UNKNOWN, Known.UNKNOWN, new InterruptIsolation(Known.YES, null, Known.UNKNOWN, Known.UNKNOWN), List.of()),
                new HostFacts(null, 0, null, Known.UNKNOWN, Known.UNKNOWN, new InterruptIsolation(Known.UNKNOWN, "dmesg", Known.UNKNOWN, Known.UNKNOWN), List.of()),
                new HostFacts(null, 0, null, Known.UNKNOWN, Known.UNKNOWN, new InterruptIsolation(Known.UNKNOWN, null, Known.NO, Known.UNKNOWN), List.of()),
                new HostFacts(null, 0, null, Known.UNKNOWN, Known.UNKNOWN, new InterruptIsolation(Known.UNKNOWN, null, Known.UNKNOWN, Known.YES), List.of()),
                new HostFacts(null, 0, null, Known.UNKNOWN, Known.UNKNOWN, unknown, List.of(w)));
        for (HostFacts f : oneChange) {
            assertEquals(f.equals(none), f.isEmpty(), f.toString());
            assertFalse(f.isEmpty(), f.toString());
        }
    }
}
