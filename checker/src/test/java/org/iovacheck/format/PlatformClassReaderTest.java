package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.iovacheck.model.Backend;
import org.iovacheck.model.ParamRegion;
import org.iovacheck.model.PlatformClass;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.U64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform class file of docs/formats.md ("Platform class file"): every key, its default and every error, at its line. */
class PlatformClassReaderTest {
    @TempDir
    Path dir;

    private static final String REGION = "regions:\n  - name: r\n    type: reserved\n    base: 0x1000\n    size: 4K\n";

    private static PlatformClass parse(String text) throws InputException {
        return PlatformClassReader.parse(text, "c.yaml", "default-name");
    }

    private static void assertError(String text, int line, String fragment) {
        InputException e = assertThrows(InputException.class, () -> parse(text));
        assertEquals("c.yaml", e.file(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().contains(fragment), e.getMessage());
    }

    @Test
    void readsTheDocumentedExample() throws InputException {
        String text = """
                name: bypass-doorbell
                description: "hardware MSI doorbell anywhere in [2 GiB, 4 GiB), 64 KiB, plus the arm SW MSI window"
                source: "a review"
                backend: iommufd
                relaxable: strict
                aperture-bits: {min: 44, max: 48}
                regions:
                  - name: sw-msi-window
                    type: msi-sw
                    group: "0"
                    base: 0x8000000
                    size: 1M
                  - name: its-doorbell
                    type: msi-hw
                    group: "0"
                    base: {min: 0x80000000, max: 0xffff0000, align: 64K}
                    size: {min: 4K, max: 64K}
                    present: maybe
                """;
        PlatformClass c = parse(text);
        assertEquals("bypass-doorbell", c.name());
        assertEquals("hardware MSI doorbell anywhere in [2 GiB, 4 GiB), 64 KiB, plus the arm SW MSI window", c.description());
        assertEquals(Backend.IOMMUFD, c.backend());
        assertEquals(RelaxablePolicy.STRICT, c.relaxable());
        assertEquals(44, c.apertureMinBits());
        assertEquals(48, c.apertureMaxBits());
        assertEquals("c.yaml", c.source().file());
        assertEquals(2, c.regions().size());
        ParamRegion sw = c.regions().get(0);
        assertEquals(new ParamRegion("sw-msi-window", RegionType.MSI_SW, "0", 0x8000000L, 0x8000000L, 1, 1L << 20, 1L << 20, false,
                sw.source()), sw);
        assertEquals(8, sw.source().line());
        assertEquals("c.yaml", sw.source().file());
        ParamRegion hw = c.regions().get(1);
        assertEquals(new ParamRegion("its-doorbell", RegionType.MSI_HW, "0", 0x80000000L, 0xffff0000L, 64 << 10, 4 << 10, 64 << 10, true,
                hw.source()), hw);
        assertEquals(13, hw.source().line());
    }

    @Test
    void defaults() throws InputException {
        PlatformClass c = parse(REGION);
        assertEquals("default-name", c.name());
        assertEquals("", c.description());
        assertEquals(Backend.VFIO_TYPE1, c.backend());
        assertEquals(RelaxablePolicy.KERNEL, c.relaxable());
        assertEquals(64, c.apertureMinBits());
        assertEquals(64, c.apertureMaxBits());
        ParamRegion r = c.regions().get(0);
        assertNull(r.group());
        assertEquals(1, r.align());
        assertFalse(r.optional());
        assertTrue(r.isFixed());
    }

    @Test
    void oneApertureWidthAndEveryType() throws InputException {
        StringBuilder sb = new StringBuilder("aperture-bits: 39\nbackend: xen\nregions:\n");
        String[] types = {"direct", "direct-relaxable", "reserved", "msi-hw", "msi-sw", "bridge-window"};
        for (int i = 0; i < types.length; i++) {
            sb.append("  - type: ").append(types[i]).append("\n    base: ").append((i + 1) << 20).append("\n    size: 1M\n    present: always\n");
        }
        PlatformClass c = parse(sb.toString());
        assertEquals(39, c.apertureMinBits());
        assertEquals(39, c.apertureMaxBits());
        assertEquals(Backend.XEN, c.backend());
        RegionType[] expected = {RegionType.DIRECT, RegionType.DIRECT_RELAXABLE, RegionType.RESERVED, RegionType.MSI_HW,
                RegionType.MSI_SW, RegionType.BRIDGE_WINDOW};
        for (int i = 0; i < types.length; i++) {
            ParamRegion r = c.regions().get(i);
            assertEquals(expected[i], r.type());
            assertEquals((long) (i + 1) << 20, r.baseMin(), "decimal base");
            assertEquals("region" + (i + 1), r.name(), "an unnamed region is named by its position");
            assertFalse(r.optional());
            assertEquals(4 + 4 * i, r.source().line());
        }
    }

    @Test
    void aRegionMayEndAtTheTopOfTheSpace() throws InputException {
        ParamRegion r = parse("regions:\n  - type: reserved\n    base: {min: 0xfffffffffffff000, max: 0xffffffffffffffff, align: 4K}\n"
                + "    size: 4K\n").regions().get(0);
        assertEquals(0xfffffffffffff000L, r.baseMin());
        assertEquals(U64.MAX, r.baseMax());
        assertEquals(4096, r.align());
    }

    @Test
    void regionsThatCannotBePlacedAreErrors() {
        // one byte more passes 2^64 at the lowest base
        assertError("regions:\n  - type: reserved\n    base: 0xfffffffffffff000\n    size: {min: 4K, max: 0x1001}\n", 2,
                "passes 2^64");
        assertError("regions:\n  - type: reserved\n    base: 0xffffffffffffffff\n    size: 2\n", 2, "passes 2^64");
        // no multiple of 64K in [0x1000, 0xf000]
        assertError("regions:\n  - name: x\n    type: reserved\n    base: {min: 0x1000, max: 0xf000, align: 64K}\n    size: 4K\n", 2,
                "region 'x': no multiple of");
        assertError("regions:\n  - type: reserved\n    base: {min: 0x2000, max: 0x1000}\n    size: 4K\n", 3, "base min is above base max");
        assertError("regions:\n  - type: reserved\n    base: 0\n    size: {min: 8K, max: 4K}\n", 4, "size min is above size max");
        assertError("regions:\n  - type: reserved\n    base: {min: 0, max: 0x10000, align: 3K}\n    size: 4K\n", 3,
                "alignment must be a power of two");
        assertError("regions:\n  - type: reserved\n    base: 0\n    size: 0\n", 4, "is zero");
    }

    @Test
    void aBaseRangeIsAlignedUpwards() throws InputException {
        ParamRegion r = parse("regions:\n  - type: reserved\n    base: {min: 0x1001, max: 0x3000, align: 4K}\n    size: 4K\n")
                .regions().get(0);
        assertEquals(0x2000, r.firstBase());
        assertEquals(0x1001, r.baseMin());
    }

    @Test
    void everyKeyAndValueIsChecked() {
        assertError("regions:\n  - type: msi\n    base: 0\n    size: 4K\n", 2, "unknown class region type 'msi'");
        assertError("regions:\n  - type: outside-aperture\n    base: 0\n    size: 4K\n", 2, "unknown class region type 'outside-aperture'");
        assertError("regions:\n  - type: reservex\n    base: 0\n    size: 4K\n", 2, "unknown class region type 'reservex'");
        assertError("regions:\n  - type: reserved\n    base: 0\n    size: 4K\n    present: sometimes\n", 5,
                "present must be always or maybe, not 'sometimes'");
        assertError("regions:\n  - type: reserved\n    base: 0\n", 2, "missing 'size'");
        assertError("regions:\n  - type: reserved\n    size: 4K\n", 2, "missing 'base'");
        assertError("regions:\n  - base: 0\n    size: 4K\n", 2, "missing 'type'");
        assertError("regions:\n  - type: reserved\n    base: {max: 0}\n    size: 4K\n", 3, "missing 'min'");
        assertError("regions:\n  - type: reserved\n    base: {min: 0}\n    size: 4K\n", 3, "missing 'max'");
        assertError("regions:\n  - type: reserved\n    base: 0\n    size: {max: 4K}\n", 4, "missing 'min'");
        assertError("regions:\n  - type: reserved\n    base: 0\n    size: {min: 4K}\n", 4, "missing 'max'");
        assertError("regions:\n  - type: reserved\n    base: 0\n    size: {min: 4K, max: 8K, align: 4K}\n", 4, "unknown key 'align'");
        assertError("regions:\n  - type: reserved\n    base: {min: 0, max: 1, step: 1}\n    size: 4K\n", 3, "unknown key 'step'");
        assertError("regions:\n  - type: reserved\n    base: 0\n    size: 4K\n    colour: red\n", 5, "unknown key 'colour'");
        assertError("regions:\n  - type: reserved\n    base: 0x\n    size: 4K\n", 3, "no hex digits");
        assertError("regions:\n  - type: reserved\n    base: 0\n    size: lots\n", 4, "is not a size");
        assertError("vendor: x\n" + REGION, 1, "unknown key 'vendor'");
        assertError("name: x\n", 1, "a platform class needs 'regions'");
        assertError("regions: none\n", 1, "expected a list");
        assertError("backend: vfio\n" + REGION, 1, "unknown backend 'vfio'");
        assertError("relaxable: lenient\n" + REGION, 1, "unknown relaxable policy 'lenient'");
        assertError("aperture-bits: 65\n" + REGION, 1, "65 is outside 1..64");
        assertError("aperture-bits: 0\n" + REGION, 1, "0 is outside 1..64");
        assertError("aperture-bits: {min: 48, max: 44}\n" + REGION, 1, "aperture-bits min 48 is above max 44");
        assertError("aperture-bits: {min: 40}\n" + REGION, 1, "missing 'max'");
        assertError("aperture-bits: {max: 40}\n" + REGION, 1, "missing 'min'");
        assertError("aperture-bits: {min: 40, max: 65}\n" + REGION, 1, "65 is outside 1..64");
        assertError("aperture-bits: {min: 40, max: 48, align: 1}\n" + REGION, 1, "unknown key 'align'");
        assertError("- a\n", 1, "expected a mapping");
    }

    @Test
    void anApertureRangeMayBeOneWidth() throws InputException {
        PlatformClass c = parse("aperture-bits: {min: 1, max: 1}\n" + REGION);
        assertEquals(1, c.apertureMinBits());
        assertEquals(1, c.apertureMaxBits());
    }

    @Test
    void loadNamesTheClassAfterItsFile() throws Exception {
        Path f = dir.resolve("my-class.yaml");
        Files.writeString(f, REGION);
        PlatformClass c = PlatformClassReader.load(f);
        assertEquals("my-class", c.name());
        assertEquals(f.toString(), c.source().file());
        Path g = dir.resolve("other.yml");
        Files.writeString(g, "name: named\n" + REGION);
        assertEquals("named", PlatformClassReader.load(g).name());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "\uFEFF" + REGION);
        InputException e = assertThrows(InputException.class, () -> PlatformClassReader.load(bad));
        assertEquals(bad.toString(), e.file());
        assertTrue(e.problem().contains("byte order mark"), e.getMessage());
        InputException d = assertThrows(InputException.class, () -> PlatformClassReader.load(dir));
        assertTrue(d.problem().contains("is a directory"), d.getMessage());
    }
}
