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
 * The hand-written equals and hashCode of {@link Range} and {@link HostFacts#isEmpty()} (written for start-up speed) against
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
