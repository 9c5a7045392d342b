package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * RegionTable's list contract where the column arrays are longer than the table (a built table keeps up to an eighth of spare
 * capacity): every accessor refuses a row past the end, as a list must; the documented identities (a table is its own copy);
 * the builder's growth; the type column's checks; and the sortedness test against a direct comparison.
 */
class RegionTableTest {
    private static ReservedRegion region(long a, long b, RegionType t, String group, String file, int line) {
        return new ReservedRegion(new Range(a, b), t, group, null, new Source(file, line));
    }

    /** A table of {@code n} rows built in a builder sized for more, so that its arrays keep spare capacity. */
    private static RegionTable spare(int n, boolean twoOrigins) {
        RegionTable.Builder b = new RegionTable.Builder(n + n / 10 + 4);
        for (int i = 0; i < n; i++) {
            b.add(region(i * 0x1000L, i * 0x1000L + 0xfff, RegionType.RESERVED, twoOrigins && i % 2 == 1 ? "2" : "1", "f", i + 1));
        }
        return b.build();
    }

    @Test
    void aRowPastTheEndIsRefusedByEveryAccessor() {
        for (boolean two : new boolean[] {false, true}) {
            RegionTable t = spare(90, two);
            assertEquals(90, t.size());
            assertEquals(0x59000L, t.first(89));
            assertEquals(0x59fffL, t.last(89));
            assertEquals(RegionType.RESERVED, t.type(89));
            assertEquals(two ? "2" : "1", t.group(89));
            for (int i : new int[] {90, 91, -1}) {
                assertThrows(IndexOutOfBoundsException.class, () -> t.get(i));
                assertThrows(IndexOutOfBoundsException.class, () -> t.first(i));
                assertThrows(IndexOutOfBoundsException.class, () -> t.last(i));
                assertThrows(IndexOutOfBoundsException.class, () -> t.type(i));
                assertThrows(IndexOutOfBoundsException.class, () -> t.group(i));
                assertThrows(IndexOutOfBoundsException.class, () -> t.select(new int[] {0, i}, 2));
                RegionTable.Builder b = new RegionTable.Builder(4);
                assertThrows(IndexOutOfBoundsException.class, () -> b.addRow(t, i));
            }
            // the message names the row and the size, not an array index
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.first(90));
            assertEquals("row 90 of 90", e.getMessage());
        }
    }

    @Test
    void aSelectionKeepsEachRowsOrigin() {
        for (boolean two : new boolean[] {false, true}) {
            RegionTable t = spare(20, two);
            RegionTable s = t.select(new int[] {19, 0, 7, 7}, 4);
            assertEquals(List.of(t.get(19), t.get(0), t.get(7), t.get(7)), s);
            assertEquals(two ? List.of("2", "1", "2", "2") : List.of("1", "1", "1", "1"),
                    List.of(s.group(0), s.group(1), s.group(2), s.group(3)));
        }
    }

    @Test
    void aTableIsItsOwnCopyAndAListIsCopied() {
        RegionTable t = spare(5, true);
        assertSame(t, RegionTable.copyOf(t));
        assertSame(t, RegionTable.of(t));
        List<ReservedRegion> plain = new ArrayList<>(t);
        List<ReservedRegion> copy = RegionTable.copyOf(plain);
        plain.clear();
        assertEquals(t, copy, "a copy, not a view");
        assertEquals(List.of(), RegionTable.empty());
        assertEquals(0, RegionTable.empty().size());
        assertEquals(List.of(""), RegionTable.empty().files());
    }

    @Test
    void theBuilderGrowsForEveryWayOfAdding() {
        RegionTable t = spare(50, true);
        RegionTable.Builder b = new RegionTable.Builder(0);
        assertTrue(b.add(region(0, 0, RegionType.MSI_HW, "9", "g", 3)), "a list's add says it changed the list");
        b.addAll(t);
        b.addAll(RegionTable.empty());
        b.addAll(t);
        for (int i = 0; i < 10; i++) {
            b.addRow(t, i);
        }
        List<ReservedRegion> want = new ArrayList<>();
        want.add(region(0, 0, RegionType.MSI_HW, "9", "g", 3));
        want.addAll(t);
        want.addAll(t);
        want.addAll(t.subList(0, 10));
        assertEquals(want, b);
        assertEquals(want.size(), b.size());
        assertThrows(IndexOutOfBoundsException.class, () -> b.get(want.size()));
        assertThrows(IndexOutOfBoundsException.class, () -> b.get(-1));
        assertEquals(want, b.build());
    }

    @Test
    void theTypeColumnIsCheckedWhenReplaced() {
        RegionTable t = spare(3, false);
        byte reserved = (byte) RegionType.RESERVED.ordinal();
        byte last = (byte) (RegionType.values().length - 1);
        assertEquals(RegionType.values()[last], t.withTypes(new byte[] {reserved, last, 0}).type(1));
        assertEquals(RegionType.values()[0], t.withTypes(new byte[] {0, 0, 0, 0}).type(2), "a longer column is read to the size");
        assertThrows(IllegalArgumentException.class, () -> t.withTypes(new byte[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> t.withTypes(new byte[] {0, (byte) (last + 1), 0}));
        assertThrows(IllegalArgumentException.class, () -> t.withTypes(new byte[] {0, 0, -1}));
        assertEquals(List.of(reserved, reserved, reserved), toList(t.types()));
    }

    private static List<Byte> toList(byte[] b) {
        List<Byte> out = new ArrayList<>();
        for (byte x : b) {
            out.add(x);
        }
        return out;
    }

    @Test
    void sortedByFirstIsUnsignedNonDecreasingOrder() {
        Random rnd = new Random(Seeds.seed("RegionTableTest.sorted"));
        long[] near = {0, 1, Long.MAX_VALUE, Long.MIN_VALUE, -2, -1};
        for (int c = 0; c < 2000; c++) {
            int n = rnd.nextInt(5);
            RegionTable.Builder b = new RegionTable.Builder(n);
            long[] f = new long[n];
            for (int i = 0; i < n; i++) {
                f[i] = near[rnd.nextInt(near.length)];
                b.add(region(f[i], -1L, RegionType.RESERVED, "1", "f", i + 1));
            }
            boolean want = true;
            for (int i = 0; i + 1 < n; i++) {
                want &= Long.compareUnsigned(f[i], f[i + 1]) <= 0;
            }
            assertEquals(want, b.build().sortedByFirst(), "case " + c + ": " + java.util.Arrays.toString(f));
        }
    }
}
