package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The IOMMU's valid IOVA ranges as the kernel reports them (sorted, disjoint, never touching) and the gaps between them. */
class ApertureTest {
    @Test
    void validRangesMustBeSortedDisjointAndNotTouching() {
        assertThrows(IllegalArgumentException.class, () -> new Aperture(List.of(), "none"));
        assertThrows(IllegalArgumentException.class, () -> new Aperture(List.of(new Range(0, 0xfff), new Range(0x1000, 0x1fff)), "touch"));
        assertThrows(IllegalArgumentException.class, () -> new Aperture(List.of(new Range(0, 0x1fff), new Range(0x1000, 0x2fff)), "overlap"));
        assertThrows(IllegalArgumentException.class, () -> new Aperture(List.of(new Range(0x3000, 0x3fff), new Range(0, 0xfff)), "unsorted"));
        // above 2^63 the order is unsigned: 0x8000... comes after 0x1000
        Aperture high = new Aperture(List.of(new Range(0, 0xfff), new Range(0x8000000000000000L, U64.MAX)), "split");
        assertEquals(List.of(new Range(0x1000, 0x7fffffffffffffffL)), high.gaps());
        assertThrows(IllegalArgumentException.class,
                () -> new Aperture(List.of(new Range(0x8000000000000000L, U64.MAX), new Range(0, 0xfff)), "unsigned order"));
        assertEquals(2, new Aperture(List.of(new Range(0, 0xfff), new Range(0x2000, 0x2fff)), "gap").valid().size());
    }

    @Test
    void fullMeansOneRangeOverTheWholeSpace() {
        assertTrue(Aperture.full().isFull());
        assertFalse(Aperture.bits(63).isFull());
        assertFalse(new Aperture(List.of(new Range(1, U64.MAX)), "from 1").isFull());
        assertFalse(new Aperture(List.of(new Range(0, 0xfff), new Range(0x2000, U64.MAX)), "two").isFull());
        assertTrue(Aperture.bits(64).isFull());
        assertEquals("39-bit IOMMU input address width", Aperture.bits(39).description());
    }

    @Test
    void gapsAreEverythingOutsideTheValidRanges() {
        assertEquals(List.of(new Range(0, 0xfff), new Range(0x2000, 0x2fff), new Range(0x4000, U64.MAX)),
                new Aperture(List.of(new Range(0x1000, 0x1fff), new Range(0x3000, 0x3fff)), "x").gaps());
        assertEquals(List.of(new Range(0, U64.MAX - 1)), new Aperture(List.of(new Range(U64.MAX, U64.MAX)), "last byte").gaps());
        assertEquals(List.of(new Range(1, U64.MAX)), new Aperture(List.of(new Range(0, 0)), "first byte").gaps());
        assertEquals(List.of(new Range(1L << 48, U64.MAX)), Aperture.bits(48).gaps());
        assertEquals(List.of(new Range(0x1000, U64.MAX - 1)), new Aperture(List.of(new Range(0, 0xfff), new Range(U64.MAX, U64.MAX)), "ends").gaps());
    }

    @Test
    void aUnitsApertureIsItsWidthOrTheWholeSpaceWhenUnknown() {
        IommuUnit w39 = new IommuUnit("dmar0", IommuKind.INTEL_VTD, 39, "cap", Source.BUILTIN);
        assertTrue(w39.widthKnown());
        assertEquals(List.of(new Range(0, 0x7fffffffffL)), w39.aperture().valid());
        IommuUnit unknown = new IommuUnit("dmar1", IommuKind.INTEL_VTD, 0, "none", Source.BUILTIN);
        assertFalse(unknown.widthKnown());
        assertTrue(unknown.aperture().isFull());
        IommuUnit w64 = new IommuUnit("ivhd0", IommuKind.AMD_VI, 64, "efr", Source.BUILTIN);
        assertTrue(w64.widthKnown());
        assertTrue(w64.aperture().isFull());
        IommuUnit w1 = new IommuUnit("tiny", IommuKind.OTHER, 1, "test", Source.BUILTIN);
        assertEquals(List.of(new Range(0, 1)), w1.aperture().valid());
        assertThrows(IllegalArgumentException.class, () -> new IommuUnit("bad", IommuKind.OTHER, -1, "x", Source.BUILTIN));
        assertThrows(IllegalArgumentException.class, () -> new IommuUnit("bad", IommuKind.OTHER, 65, "x", Source.BUILTIN));
    }
}
