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
        InputException one = assertThrows(InputException.class, () -> LayoutParser.parse("0x0\n", "g.layout"));
        assertTrue(one.problem().endsWith("found 1 field"), one.problem());
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

    @Test
    void namesDefaultToKindAndPositionAndKeepTheirSpaces() throws InputException {
        GuestLayout g = LayoutParser.parse("\n1073741824\t1073745919\tram\n# c\n0x2000 0x2fff rom  my  rom  # note\n0x3000 0x30ff mmio\n",
                "g.layout");
        assertEquals(3, g.regions().size());
        assertEquals("ram1", g.regions().get(2).name());
        assertEquals(new org.iovacheck.model.Range(1L << 30, (1L << 30) + 4095), g.regions().get(2).range(), "decimal, inclusive");
        assertEquals("my  rom", g.regions().get(0).name());
        assertEquals(GuestKind.ROM, g.regions().get(0).kind());
        assertEquals("mmio3", g.regions().get(1).name());
        assertEquals("g.layout", g.origin());
        assertEquals(java.util.List.of(), g.vmmOptions());
    }

    @Test
    void overlapsNameTheOtherRegionAndItsLine() {
        InputException e = assertThrows(InputException.class, () -> LayoutParser.parse(
                "0x0 0xfff mmio a\n0x10000 0x1ffff mmio b\n\n0x1ffff 0x20fff mmio c\n", "g.layout"));
        assertEquals(4, e.line());
        assertTrue(e.problem().contains("overlaps 'b' 0x0000000000010000-0x000000000001ffff from line 2"), e.problem());
        assertError("0x1000 0x1fff mmio a\n0x0 0x1000 mmio b\n", 2, "overlaps 'a'");
        assertError("0x0 0xfff mmio a\n0x1000 0x1fff mmio b\n0x0 0x0 mmio c\n", 3, "overlaps 'a'");
    }

    @Test
    void pageAlignmentAtBothEnds() throws InputException {
        assertError("0x1000 0x1ffe ram\n", 1, "ram region 0x0000000000001000-0x0000000000001ffe is not page-aligned");
        assertError("0xfff 0x1fff ram\n", 1, "is not page-aligned");
        assertError("0x1000 0x2000 hotplug\n", 1, "is not page-aligned");
        assertError("0x1001 0x1fff mmio a\n0x0 0xfff rom\n0x2000 0x2fff ram\n0x1000 0x1fff hotplug\n", 4, "overlaps 'a'");
        assertEquals(4, LayoutParser.parse("0x1001 0x1001 mmio\n0x1002 0x1002 bar\n0x0 0xfff rom\n0x2000 0x3fff hotplug\n", "g")
                .regions().size());
    }

    @Test
    void loadReadsAFileAndNamesAMissingOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("g.layout");
        java.nio.file.Files.writeString(f, "0x0 0xfff ram r\n");
        GuestLayout g = LayoutParser.load(f);
        assertEquals(f.toString(), g.origin());
        assertEquals("r", g.regions().get(0).name());
        InputException e = assertThrows(InputException.class, () -> LayoutParser.load(dir.resolve("qemu-virtt")));
        assertEquals(dir.resolve("qemu-virtt").toString(), e.file());
        assertEquals(0, e.line());
        assertTrue(e.problem().startsWith("no such file (and not a preset name"), e.problem());
        java.nio.file.Files.writeString(dir.resolve("bad.layout"), "0x0 0xfff ram\r0x1000 0x1fff ram\n");
        assertThrows(InputException.class, () -> LayoutParser.load(dir.resolve("bad.layout")));
    }
}
