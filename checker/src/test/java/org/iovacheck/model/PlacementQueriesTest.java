package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The placement questions' own arithmetic (PlaceQuery, MultiPlaceQuery), worked by hand, at the 2^64 boundary included. */
class PlacementQueriesTest {
    static ReservedRegion window(long a, long b) {
        return new ReservedRegion(new Range(a, b), RegionType.RESERVED, "1", "w", Source.BUILTIN);
    }

    @Test
    void aSingleBlockIsAdmittedWhenAlignedInsideAndClearOfEveryWindow() {
        PlaceQuery q = new PlaceQuery(0x1000, 12, new Range(0x1000, 0x4fff), List.of(window(0x2000, 0x2fff), window(0x4800, 0x4800)));
        assertEquals(0x1000, q.alignment());
        assertTrue(q.admits(0x1000));
        assertFalse(q.admits(0x2000), "meets the window");
        assertTrue(q.admits(0x3000));
        assertFalse(q.admits(0x4000), "meets the one-byte window");
        assertFalse(q.admits(0x5000), "ends beyond the allowed range");
        assertFalse(q.admits(0), "starts below the allowed range");
        assertFalse(q.admits(0x1800), "not aligned");
        assertFalse(q.admits(0x3001), "not aligned");
        assertEquals("place 4 KiB aligned to 2^12 within " + new Range(0x1000, 0x4fff) + " avoiding 2 window(s)", q.toString());
    }

    @Test
    void aSingleBlockMayEndAtTheLastAddressButNotPassIt() {
        PlaceQuery top = new PlaceQuery(0x1000, 12, Range.ALL, List.of());
        assertTrue(top.admits(0xfffffffffffff000L));
        PlaceQuery two = new PlaceQuery(0x2000, 12, Range.ALL, List.of());
        assertFalse(two.admits(0xfffffffffffff000L), "would need a 65th bit");
        assertTrue(two.admits(0xffffffffffffe000L));
        PlaceQuery whole = new PlaceQuery(U64.MAX, 0, Range.ALL, List.of());
        assertTrue(whole.admits(0) && whole.admits(1) && !whole.admits(2));
        PlaceQuery big = new PlaceQuery(1L << 63, 63, Range.ALL, List.of());
        assertEquals(Long.MIN_VALUE, big.alignment());
        assertTrue(big.admits(0) && big.admits(Long.MIN_VALUE) && !big.admits(1L << 62));
    }

    @Test
    void placeQueryRefusesEmptyBlocksBadAlignmentsAndNoRange() {
        assertThrows(IllegalArgumentException.class, () -> new PlaceQuery(0, 12, Range.ALL, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PlaceQuery(1, -1, Range.ALL, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PlaceQuery(1, 64, Range.ALL, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PlaceQuery(1, 12, null, List.of()));
        assertEquals(0, new PlaceQuery(1, 0, Range.ALL, List.of()).alignLog2());
    }

    @Test
    void banksFitInTheSpaceExactlyWhenTheLastSlotStillEndsWithin64Bits() {
        // four banks of 2^62 bytes at 0, 2^62, 2^63 and 3 * 2^62: the last ends at 2^64-1
        MultiPlaceQuery four = new MultiPlaceQuery(4, 1L << 62, 0, Range.ALL, List.of());
        assertEquals(1L << 62, four.slotStride());
        assertEquals(0xc000000000000000L, four.highestSlot());
        assertTrue(four.admits(new long[] {0, 1L << 62, 1L << 63, 0xc000000000000000L}));
        IllegalArgumentException five = assertThrows(IllegalArgumentException.class, () -> new MultiPlaceQuery(5, 1L << 62, 0, Range.ALL, List.of()));
        assertEquals("5 banks of 4 EiB aligned to 2^0 do not fit in the 64-bit address space", five.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MultiPlaceQuery(2, U64.MAX, 0, Range.ALL, List.of()));
        MultiPlaceQuery one = new MultiPlaceQuery(1, U64.MAX, 0, Range.ALL, List.of());
        assertEquals(1, one.highestSlot());
        assertTrue(one.admits(new long[] {1}) && !one.admits(new long[] {2}));
        assertThrows(IllegalArgumentException.class, () -> new MultiPlaceQuery(0, 1, 0, Range.ALL, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new MultiPlaceQuery(1, 0, 0, Range.ALL, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new MultiPlaceQuery(1, 1, -1, Range.ALL, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new MultiPlaceQuery(1, 1, 64, Range.ALL, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new MultiPlaceQuery(1, 1, 12, null, List.of()));
        assertEquals(Long.MIN_VALUE, new MultiPlaceQuery(1, 1, 63, Range.ALL, List.of()).alignment());
    }

    @Test
    void slotsAreCountedInUnitsOfTheAlignment() {
        assertEquals(1, new MultiPlaceQuery(2, 0x1000, 12, Range.ALL, List.of()).slotStride());
        assertEquals(2, new MultiPlaceQuery(2, 0x1001, 12, Range.ALL, List.of()).slotStride());
        assertEquals(2, new MultiPlaceQuery(2, 0x2000, 12, Range.ALL, List.of()).slotStride());
        assertEquals(1, new MultiPlaceQuery(2, 0x800, 12, Range.ALL, List.of()).slotStride());
        assertEquals(0xfffffffffffffL, new MultiPlaceQuery(2, 0x1000, 12, Range.ALL, List.of()).highestSlot());
        assertEquals(0xffffffffffffeL, new MultiPlaceQuery(2, 0x1001, 12, Range.ALL, List.of()).highestSlot());
        assertEquals(0x1000, new MultiPlaceQuery(2, 0x800, 12, Range.ALL, List.of()).alignment());
    }

    @Test
    void banksAreAdmittedInAnyOrderWhenDisjointAlignedInsideAndClear() {
        MultiPlaceQuery q = new MultiPlaceQuery(2, 0x1000, 12, new Range(0x1000, 0x5fff), List.of(window(0x3000, 0x3fff)));
        assertTrue(q.admits(new long[] {0x1000, 0x2000}), "adjacent banks do not overlap");
        assertTrue(q.admits(new long[] {0x5000, 0x1000}), "any order");
        assertFalse(q.admits(new long[] {0x2000, 0x2000}), "the same bank twice");
        assertFalse(q.admits(new long[] {0x1000, 0x3000}), "meets the window");
        assertFalse(q.admits(new long[] {0x1000, 0x6000}), "ends beyond the allowed range");
        assertFalse(q.admits(new long[] {0, 0x1000}), "starts below the allowed range");
        assertFalse(q.admits(new long[] {0x1000, 0x2800}), "not aligned");
        assertFalse(q.admits(new long[] {0x1000}), "too few");
        assertFalse(q.admits(new long[] {0x1000, 0x2000, 0x4000}), "too many");
        assertFalse(q.admits(null));
        MultiPlaceQuery wide = new MultiPlaceQuery(3, 0x2000, 12, Range.ALL, List.of());
        assertFalse(wide.admits(new long[] {0x1000, 0x4000, 0x2000}), "0x1000 and 0x2000 overlap although not given side by side");
        assertFalse(wide.admits(new long[] {0x4000, 0x1000, 0x2000}));
        assertTrue(wide.admits(new long[] {0x4000, 0x0, 0x2000}));
        assertFalse(wide.admits(new long[] {0, 0x2000, 0xfffffffffffff000L}), "the last bank would pass 2^64-1");
        assertTrue(wide.admits(new long[] {0, 0x2000, 0xffffffffffffe000L}));
        assertEquals(List.of(new Range(0x4000, 0x5fff), new Range(0, 0x1fff)), wide.blocks(new long[] {0x4000, 0}));
        assertEquals("place 2 bank(s) of 4 KiB aligned to 2^12 within " + new Range(0x1000, 0x5fff) + " avoiding 1 window(s)", q.toString());
    }
}
