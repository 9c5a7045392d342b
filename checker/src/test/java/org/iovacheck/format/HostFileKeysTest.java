package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iovacheck.model.Backend;
import org.iovacheck.model.Group;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.MsiKind;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.ReservedRegion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every key of the host file (docs/formats.md, "Host file") and every form of --host, with their errors at their lines. */
class HostFileKeysTest {
    @TempDir
    Path dir;

    private static final String G1 = "groups:\n  - id: '1'\n    reserved-regions: |\n      0x00000000a0000000 0x00000000a00fffff msi\n"
            + "      0x0000000008000000 0x00000000080fffff msi\n";

    private Host parse(String text) throws InputException {
        return HostLoader.parseHostFile(text, "h.yaml", dir, "default-host");
    }

    private void assertError(String text, int line, String fragment) {
        InputException e = assertThrows(InputException.class, () -> parse(text));
        assertEquals("h.yaml", e.file(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().contains(fragment), e.getMessage());
    }

    @Test
    void defaultsOfAHostFile() throws InputException {
        Host h = parse("source: 'somewhere'\ndescription: 'a host'\n" + G1);
        assertEquals("default-host", h.name());
        assertEquals(Backend.VFIO_TYPE1, h.backend());
        assertEquals(RelaxablePolicy.KERNEL, h.relaxable());
        assertTrue(h.aperture().isFull());
        assertEquals(List.of(), h.msiOverrides());
        assertEquals(List.of(), h.bridgeWindows());
        assertEquals("h.yaml", h.source().file());
        Group g = h.groups().get(0);
        assertEquals("1", g.id());
        assertNull(g.unit());
        assertEquals(List.of(), g.devices());
        assertEquals(4, g.source().line());
        assertEquals(6, g.regions().get(0).source().line(), "lines of inline text count from the line after '|'");
        assertEquals(7, g.regions().get(1).source().line());
        assertEquals("1", g.regions().get(0).group());
    }

    @Test
    void apertureBitsAndValidIova() throws InputException {
        assertEquals(List.of(new Range(0, 0xffffffffffffL)), parse("aperture-bits: 48\n" + G1).aperture().valid());
        assertEquals(List.of(new Range(0, 1)), parse("aperture-bits: 1\n" + G1).aperture().valid());
        assertEquals(List.of(new Range(0, 0xfedfffffL), new Range(0xfef00000L, 0xfcffffffffL)),
                parse("valid-iova:\n  - 0x0-0xfedfffff\n  - 0xfef00000-0xfcffffffff\n" + G1).aperture().valid());
        assertEquals(List.of(new Range(0x10, 0x10), new Range(0x12, 0x20)), parse("valid-iova: [0x10-0x10, 0x12-0x20]\n" + G1).aperture().valid());
        assertError("aperture-bits: 48\nvalid-iova: [0x0-0x10]\n" + G1, 2, "give aperture-bits or valid-iova, not both");
        assertError("valid-iova: []\n" + G1, 1, "valid-iova lists no range");
        assertError("valid-iova:\n  - 0x0-0x10\n  - 0x11-0x20\n" + G1, 3, "valid IOVA range 0x0000000000000011-0x0000000000000020 overlaps, touches or precedes");
        assertError("valid-iova:\n  - 0x0-0x10\n  - 0x5-0x20\n" + G1, 3, "overlaps, touches or precedes");
        assertError("valid-iova:\n  - 0x100-0x200\n  - 0x0-0x10\n" + G1, 3, "overlaps, touches or precedes");
        assertError("valid-iova:\n  - 0x100-0x80\n" + G1, 2, "first is above last");
        assertError("valid-iova: 0x0-0x10\n" + G1, 1, "expected a list");
        assertError("aperture-bits: 0\n" + G1, 1, "0 is outside 1..64");
        assertError("relaxable: lax\n" + G1, 1, "unknown relaxable policy 'lax'");
    }

    @Test
    void groupsFromFilesInlineTextAndTrees() throws Exception {
        Files.writeString(dir.resolve("g2"), "0x000000fd00000000 0x000000ffffffffff reserved\n");
        Path tree = Files.createDirectories(dir.resolve("snap/iommu_groups/12"));
        Files.writeString(tree.resolve("reserved_regions"), "0x0000000000000000 0x0000000000ffffff direct\n");
        Host h = parse("sysfs: snap\ngroups:\n  - id: '2'\n    file: g2\n  - id: '3'\n    reserved-regions: ''\n");
        assertEquals(List.of("12", "2", "3"), h.groups().stream().map(Group::id).toList(), "the tree's groups first");
        assertEquals(RegionType.DIRECT, h.groups().get(0).regions().get(0).type());
        assertEquals(new Range(0xfd00000000L, 0xffffffffffL), h.groups().get(1).regions().get(0).range());
        assertEquals(dir.resolve("g2").toString(), h.groups().get(1).source().file());
        assertEquals(dir.resolve("g2").toString(), h.groups().get(1).regions().get(0).source().file());
        assertEquals(1, h.groups().get(1).regions().get(0).source().line());
        assertEquals(List.of(), h.groups().get(2).regions());
        assertEquals(List.of("12"), parse("sysfs: snap\n").groups().stream().map(Group::id).toList());
        assertError("sysfs: nowhere\n", 1, "sysfs: 'nowhere' is not a directory (relative paths start at the host file's folder)");
        assertError("sysfs: g2\n", 1, "is not a directory");
        assertError("sysfs: snap\ngroups:\n  - id: '12'\n    reserved-regions: ''\n", 3, "group id '12' appears twice (first in the sysfs tree)");
        assertError("groups:\n  - id: '1'\n    reserved-regions: ''\n  - id: '1'\n    file: g2\n", 4, "group id '1' appears twice (first at line 2)");
        assertError("groups:\n  - id: '1'\n    file: snap\n", 3, "group '1': 'snap' is a directory; 'file' names a reserved_regions file");
        assertError("groups:\n  - id: '1'\n    file: nope\n", 3, "group '1': no file 'nope' (relative paths start at the host file's folder)");
        assertError("groups:\n  - id: '1'\n    file: g2\n    reserved-regions: ''\n", 2, "group '1': give exactly one of 'reserved-regions'");
        assertError("groups:\n  - id: '1'\n", 2, "give exactly one of");
        assertError("groups:\n  - reserved-regions: ''\n", 2, "missing 'id'");
        assertError("groups:\n  - id: '1'\n    reserved-regions: ''\n    colour: red\n", 4, "unknown key 'colour'");
        assertError("groups:\n  - id: '1'\n    reserved-regions: ''\n    unit: dmar0\n", 4, "group '1': no IOMMU unit 'dmar0' under iommu-units");
        assertError("groups: []\n", 1, "the host has no groups");
        assertError("groups: {}\n", 1, "expected a list");
    }

    @Test
    void theDuplicateGroupErrorPointsAtTheSecondGroup() {
        InputException e = assertThrows(InputException.class,
                () -> parse("groups:\n  - id: '1'\n    reserved-regions: ''\n  - id: '1'\n    reserved-regions: ''\n"));
        assertEquals(4, e.line());
        assertEquals("group id '1' appears twice (first at line 2)", e.problem());
    }

    @Test
    void msiOverridesForTheHostOrOneGroup() throws InputException {
        String two = "groups:\n  - id: '1'\n    reserved-regions: '0xa0000000 0xa00fffff msi'\n"
                + "  - id: '2'\n    reserved-regions: '0xa0000000 0xa00fffff msi'\n";
        Host h = parse(two + "msi:\n  - range: 0xa0000000-0xa00fffff\n    kind: software\n    group: '2'\n");
        assertEquals(1, h.msiOverrides().size());
        assertEquals(MsiKind.SOFTWARE, h.msiOverrides().get(0).kind());
        assertEquals("2", h.msiOverrides().get(0).group());
        assertEquals(7, h.msiOverrides().get(0).source().line());
        assertEquals("h.yaml", h.msiOverrides().get(0).source().file());
        var regions = HostSemantics.resolve(h).regions();
        assertEquals(RegionType.MSI_HW, regions.get(0).type(), "group 1 keeps the rule");
        assertEquals(RegionType.MSI_SW, regions.get(1).type(), "group 2 follows its override");
        Host all = parse(two + "msi:\n  - range: 0xa0000000-0xa00fffff\n    kind: hardware\n");
        assertNull(all.msiOverrides().get(0).group());
        assertEquals(MsiKind.HARDWARE, all.msiOverrides().get(0).kind());
        String one = "groups:\n  - id: '1'\n    reserved-regions: '0xa0000000 0xa00fffff msi'\n"
                + "  - id: '2'\n    reserved-regions: '0xb0000000 0xb00fffff reserved'\n";
        assertError(one + "msi:\n  - range: 0xa0000000-0xa00fffff\n    kind: software\n    group: '2'\n", 7,
                "no msi line at exactly 0x00000000a0000000-0x00000000a00fffff in group 2 to decide");
        assertError(one + "msi:\n  - range: 0xb0000000-0xb00fffff\n    kind: software\n", 7,
                "no msi line at exactly 0x00000000b0000000-0x00000000b00fffff to decide");
        assertError(one + "msi:\n  - range: 0xa0000000-0xa00ffffe\n    kind: software\n", 7, "no msi line at exactly");
        assertError(one + "msi:\n  - range: 0xa0000000-0xa00fffff\n    kind: software\n    group: '9'\n", 9, "no group '9' in this host");
        assertError(one + "msi:\n  - range: 0xa0000000-0xa00fffff\n    kind: soft\n", 8, "unknown msi kind 'soft' (expected hardware or software)");
        assertError(one + "msi:\n  - kind: software\n", 7, "missing 'range'");
        assertError(one + "msi:\n  - range: 0xa0000000-0xa00fffff\n", 7, "missing 'kind'");
        assertError(one + "msi:\n  - range: 0xa0000000-0xa00fffff\n    kind: software\n    name: x\n", 9, "unknown key 'name'");
    }

    @Test
    void bridgeWindows() throws InputException {
        Host h = parse(G1 + "bridge-windows:\n  - range: 0xe0000000-0xefffffff\n  - range: 0xf0000000-0xf0ffffff\n    group: '1'\n"
                + "    name: rc0\n");
        assertEquals(2, h.bridgeWindows().size());
        assertNull(h.bridgeWindows().get(0).group());
        assertNull(h.bridgeWindows().get(0).name());
        assertEquals(7, h.bridgeWindows().get(0).source().line());
        assertEquals("1", h.bridgeWindows().get(1).group());
        assertEquals("rc0", h.bridgeWindows().get(1).name());
        assertEquals(new Range(0xf0000000L, 0xf0ffffffL), h.bridgeWindows().get(1).range());
        assertError(G1 + "bridge-windows:\n  - range: 0xe0000000-0xefffffff\n    group: '7'\n", 8, "no group '7' in this host");
        assertError(G1 + "bridge-windows:\n  - name: x\n", 7, "missing 'range'");
        assertError(G1 + "bridge-windows:\n  - range: x\n", 7, "'x' is not a range");
    }

    @Test
    void everyFormOfHost() throws Exception {
        // a lone file not in a numbered folder: the group is named after the file
        Path lone = Files.writeString(dir.resolve("rr.txt"), "0x1000 0x1fff reserved\n");
        Host l = HostLoader.load(lone);
        assertEquals("rr.txt", l.name());
        assertEquals("rr.txt", l.groups().get(0).id());
        assertEquals(lone.toString(), l.source().file());
        // a group folder
        Path g = Files.createDirectories(dir.resolve("groups/5"));
        Files.writeString(g.resolve("reserved_regions"), "0x2000 0x2fff msi\n");
        Host gf = HostLoader.load(g);
        assertEquals(List.of("5"), gf.groups().stream().map(Group::id).toList());
        assertEquals(new Range(0x2000, 0x2fff), gf.groups().get(0).regions().get(0).range());
        // a tree: numbered groups numerically, then the others by name
        for (String id : List.of("b", "10", "a", "9")) {
            Path f = Files.createDirectories(dir.resolve("tree/" + id));
            Files.writeString(f.resolve("reserved_regions"), "");
        }
        Files.createDirectories(dir.resolve("tree/not-a-group"));
        Host t = HostLoader.load(dir.resolve("tree"));
        assertEquals("tree", t.name());
        assertEquals(List.of("9", "10", "a", "b"), t.groups().stream().map(Group::id).toList());
        // a .yml host file is named after its file
        Path y = Files.writeString(dir.resolve("web.yml"), G1);
        assertEquals("web", HostLoader.load(y).name());
        // an empty iommu_groups folder: the IOMMU is off, said so; another empty folder: no group found
        Files.createDirectories(dir.resolve("off/iommu_groups"));
        InputException off = assertThrows(InputException.class, () -> HostLoader.load(dir.resolve("off")));
        assertEquals(dir.resolve("off/iommu_groups").toString(), off.file());
        assertEquals(HostLoader.NO_GROUPS, off.problem());
        InputException none = assertThrows(InputException.class, () -> HostLoader.load(Files.createDirectories(dir.resolve("none"))));
        assertTrue(none.problem().startsWith("no iommu group found (expected <dir>/<N>/reserved_regions"), none.problem());
        InputException missing = assertThrows(InputException.class, () -> HostLoader.load(dir.resolve("missing.yaml")));
        assertEquals("no such file or directory", missing.problem());
        assertEquals(List.of("9", "10", "a", "b"), HostLoader.readTree(dir.resolve("tree")).stream().map(Group::id).toList());
    }

    /** Regression: a group folder named with more digits than a long holds made the tree's sort throw NumberFormatException. */
    @Test
    void groupFoldersOfAnyLengthSortByValue() throws Exception {
        for (String id : List.of("99999999999999999999", "10", "007", "2", "x")) {
            Path f = Files.createDirectories(dir.resolve("t/" + id));
            Files.writeString(f.resolve("reserved_regions"), "");
        }
        assertEquals(List.of("2", "007", "10", "99999999999999999999", "x"),
                HostLoader.readTree(dir.resolve("t")).stream().map(Group::id).toList());
        assertTrue(HostLoader.DECIMAL_ORDER.compare("0", "00") == 0);
        assertTrue(HostLoader.DECIMAL_ORDER.compare("9", "10") < 0);
        assertTrue(HostLoader.DECIMAL_ORDER.compare("19", "10") > 0);
        assertTrue(HostLoader.DECIMAL_ORDER.compare("100000000000000000000", "99999999999999999999") > 0);
    }

    @Test
    void aGroupFolderOfASysTreeKeepsItsUnitAndASysfsKeyMayNameASysRoot() throws Exception {
        org.iovacheck.testing.FakeHost t = new org.iovacheck.testing.FakeHost(dir.resolve("root")).intelUnit("dmar0", 0xd2008c40660462L, 0xf050daL)
                .group("4", "0x00000000fee00000 0x00000000feefffff msi\n").group("5", "")
                .device("4", "pci0000:00", List.of("0000:00:02.0"), "8086", "a780", "0x030000", "vfio-pci", "dmar0", null);
        Host g = HostLoader.load(t.root().resolve("sys/kernel/iommu_groups/4"));
        assertEquals(List.of("4"), g.groups().stream().map(Group::id).toList());
        assertEquals("dmar0", g.groups().get(0).unit());
        assertEquals(List.of("dmar0"), g.units().stream().map(u -> u.name()).toList());
        assertEquals(39, g.units().get(0).widthBits());
        Host viaFile = parse("sysfs: root/sys\n");
        assertEquals(List.of("4", "5"), viaFile.groups().stream().map(Group::id).toList());
        Host viaKernel = parse("sysfs: root/sys/kernel\n");
        assertEquals(List.of("4", "5"), viaKernel.groups().stream().map(Group::id).toList());
    }

    @Test
    void aTarPaddedSysfsFileIsReadAndAPaddedHostFileIsNot() throws Exception {
        Path f = dir.resolve("7/reserved_regions");
        Files.createDirectories(f.getParent());
        byte[] text = "0x1000 0x1fff reserved\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] padded = java.util.Arrays.copyOf(text, 4096);
        Files.write(f, padded);
        assertEquals(List.of(new Range(0x1000, 0x1fff)), HostLoader.load(f).groups().get(0).regions().stream().map(ReservedRegion::range).toList());
        Path y = dir.resolve("h.yaml");
        Files.write(y, java.util.Arrays.copyOf(G1.getBytes(java.nio.charset.StandardCharsets.US_ASCII), G1.length() + 10));
        InputException e = assertThrows(InputException.class, () -> HostLoader.load(y));
        assertTrue(e.problem().contains("NUL bytes"), e.getMessage());
    }
}
