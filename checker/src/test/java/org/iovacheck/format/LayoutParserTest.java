package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.junit.jupiter.api.Test;

class LayoutParserTest {
    @Test
    void readsRegionsKindsNamesAndComments() throws InputException {
        GuestLayout g = LayoutParser.parse("""
                # a q35-like guest
                0x0 0x7fffffff ram low memory
                0xfffc0000 0xffffffff rom bios   # SeaBIOS
                0xfee00000 0xfeefffff mmio
                0x100000000 0x17fffffff ram
                0x382800000000 0x382bffffffff bar gpu-bar
                """, "g.layout");
        assertEquals(5, g.regions().size());
        assertEquals("low memory", g.regions().get(0).name());
        assertEquals("mmio3", g.regions().get(1).name());
        assertEquals(3, g.mapped(false).size());
        assertEquals(4, g.mapped(true).size());
        assertEquals(GuestKind.BAR, g.regions().get(4).kind());
    }

    @Test
    void errorsNameFileAndLine() {
        assertError("0x0 0x10 mmio\n0x10 0x20 mmio\n", 2, "overlaps");
        assertError("0x0 ram\n", 1, "found 2 fields");
        assertError("0x0 0x10 dram\n", 1, "unknown guest region kind 'dram'");
        assertError("0x20 0x10 ram\n", 1, "is above last");
        assertError("# nothing\n", 0, "no guest regions");
        assertError("0x0 0x1ffffffffffffffff ram\n", 1, "does not fit in 64 bits");
    }

    private static void assertError(String text, int line, String fragment) {
        InputException e = assertThrows(InputException.class, () -> LayoutParser.parse(text, "g.layout"));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void mappedRegionsMustBePageAlignedAsTheKernelMapsThem() {
        assertError("0x40000000 0x40000fff ram\n0x40001000 0x40001ffe ram\n", 2, "is not page-aligned");
        assertError("0x40000001 0x40000fff hotplug\n", 1, "vfio_dma_do_map");
        assertError("0x40000800 0x400017ff rom\n", 1, "is not page-aligned");
    }

    @Test
    void unmappedKindsMayBeByteGranularAndTheTopOfTheSpaceIsAligned() throws InputException {
        GuestLayout g = LayoutParser.parse("0xfed00000 0xfed003ff mmio hpet\n0x1000 0x10ff bar small\n"
                + "0xfffffffffffff000 0xffffffffffffffff ram top\n", "g.layout");
        assertEquals(3, g.regions().size());
    }
}
