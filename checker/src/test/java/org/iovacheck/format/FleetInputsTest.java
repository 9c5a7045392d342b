package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iovacheck.model.Backend;
import org.iovacheck.model.Fleet;
import org.iovacheck.model.Group;
import org.iovacheck.model.Host;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.ReservedRegion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet inputs of docs/formats.md ("Fleet"): the fleet file's lines and options, and fleet directories. */
class FleetInputsTest {
    @TempDir
    Path dir;

    private static Fleet parse(String text) throws InputException {
        return FleetReader.parseFleetFile(text, "f.fleet", "f");
    }

    private static void assertError(String text, int line, String fragment) {
        InputException e = assertThrows(InputException.class, () -> parse(text));
        assertEquals("f.fleet", e.file(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().contains(fragment), e.getMessage());
    }

    private static List<Range> ranges(Group g) {
        return g.regions().stream().map(ReservedRegion::range).toList();
    }

    @Test
    void optionsApplyToTheirHostOnly() throws InputException {
        Fleet f = parse("""
                host a aperture-bits=39 backend=xen relaxable=strict   # options
                0x1000 0x1fff reserved
                host b
                0x2000 0x2fff direct
                host c backend=vfio-type1 relaxable=kernel aperture-bits=64
                0x3000 0x3fff msi
                """);
        assertEquals("f", f.name());
        assertEquals("f.fleet", f.source().file());
        assertEquals(List.of("a", "b", "c"), f.hosts().stream().map(Host::name).toList());
        Host a = f.hosts().get(0);
        assertEquals(List.of(new Range(0, 0x7fffffffffL)), a.aperture().valid());
        assertEquals(Backend.XEN, a.backend());
        assertEquals(RelaxablePolicy.STRICT, a.relaxable());
        assertEquals(1, a.source().line());
        Host b = f.hosts().get(1);
        assertTrue(b.aperture().isFull());
        assertEquals(Backend.VFIO_TYPE1, b.backend());
        assertEquals(RelaxablePolicy.KERNEL, b.relaxable());
        assertEquals(3, b.source().line());
        assertEquals(RegionType.DIRECT, b.groups().get(0).regions().get(0).type());
        Host c = f.hosts().get(2);
        assertEquals(List.of(Range.ALL), c.aperture().valid());
        assertEquals(Backend.VFIO_TYPE1, c.backend());
        assertEquals(Backend.IOMMUFD, parse("host d backend=iommufd\n0x1 0x1 msi\n").hosts().get(0).backend());
    }

    @Test
    void groupsRegionsCommentsAndTheirLines() throws InputException {
        Fleet f = parse("""
                # a fleet
                host a

                0x1000 0x1fff reserved
                # between
                0x3000 0x3fff msi # trailing
                group 5   # comment
                0x5000 0x5fff msi

                0x6000 0x6fff reserved
                group 6
                group x
                0x7000 0x7fff msi
                host b
                group 0
                0x1000 0x1fff reserved
                """);
        Host a = f.hosts().get(0);
        assertEquals(List.of("0", "5", "6", "x"), a.groups().stream().map(Group::id).toList());
        assertEquals(List.of(new Range(0x1000, 0x1fff), new Range(0x3000, 0x3fff)), ranges(a.groups().get(0)));
        assertEquals(4, a.groups().get(0).regions().get(0).source().line());
        assertEquals(6, a.groups().get(0).regions().get(1).source().line());
        assertEquals(List.of(new Range(0x5000, 0x5fff), new Range(0x6000, 0x6fff)), ranges(a.groups().get(1)));
        assertEquals(8, a.groups().get(1).regions().get(0).source().line());
        assertEquals(10, a.groups().get(1).regions().get(1).source().line());
        assertEquals("5", a.groups().get(1).regions().get(0).group());
        assertEquals(7, a.groups().get(1).source().line());
        assertEquals(List.of(), a.groups().get(2).regions(), "an empty group, as the kernel prints one");
        assertEquals(13, a.groups().get(3).regions().get(0).source().line());
        assertEquals(List.of("0"), f.hosts().get(1).groups().stream().map(Group::id).toList());
        assertEquals(16, f.hosts().get(1).groups().get(0).regions().get(0).source().line());
    }

    @Test
    void everyBadLineIsNamed() {
        assertError("host\n0x1 0x1 msi\n", 1, "'host' needs a name");
        assertError("host a\ngroup\n0x1 0x1 msi\n", 2, "'group' needs a name");
        assertError("group 1\n0x1 0x1 msi\n", 1, "'group' before any 'host' line");
        assertError("\n# c\n0x1 0x1 msi\n", 3, "region line before any 'host' line");
        assertError("# nothing\n\n", 0, "no hosts in the fleet file (expected 'host NAME' lines)");
        assertError("", 0, "no hosts in the fleet file");
        assertError("host a aperture-bits=65\n0x1 0x1 msi\n", 1, "aperture-bits: 65 is outside 1..64");
        assertError("host a aperture-bits=0\n0x1 0x1 msi\n", 1, "aperture-bits: 0 is outside 1..64");
        assertError("host a aperture-bits\n0x1 0x1 msi\n", 1, "aperture-bits: '' is not a whole number");
        assertError("host a backend=kvm\n0x1 0x1 msi\n", 1, "unknown backend 'kvm' (expected vfio-type1, iommufd or xen)");
        assertError("host a relaxable=loose\n0x1 0x1 msi\n", 1, "unknown relaxable policy 'loose' (expected kernel or strict)");
        assertError("host a strict\n0x1 0x1 msi\n", 1, "unknown host option 'strict'");
        assertError("host a =48\n0x1 0x1 msi\n", 1, "unknown host option '' (expected aperture-bits=N, backend=B, relaxable=P)");
        assertError("host a\n0x1 0x1 msi\nhost b\n", 3, "host 'b' has no regions");
        assertError("host a\ngroup 1\n0x1 0x1 msi\ngroup 2\n0x2 0x2 msi\ngroup 1\n0x3 0x3 msi\n", 6, "host 'a': group '1' appears twice");
        assertError("host a\n0x1 0x1 msi\ngroup 0\n0x3 0x3 msi\n", 3, "group '0' appears twice");
        assertError("host a\ngroup 1\n\n0x1 0x1 msi extra\n", 4, "found 4 fields");
        InputException e = assertThrows(InputException.class, () -> parse("host a\n0x1 0x1 msi\nhost b\n0x1 0x1 msi\nhost a\n0x1 0x1 msi\n"));
        assertEquals(5, e.line());
        assertTrue(e.problem().contains("host name 'a' appears twice in the fleet: here and in f.fleet:1"), e.problem());
    }

    @Test
    void aFleetFileIsReadByItsExtension() throws Exception {
        Path f = Files.writeString(dir.resolve("dc.fleet"), "host a\n0x1 0x1 msi\n");
        Fleet fl = FleetReader.load(f);
        assertEquals("dc", fl.name());
        assertEquals(f.toString(), fl.hosts().get(0).source().file());
        // any other single file is one host
        Path h = Files.writeString(dir.resolve("web.yaml"), "groups:\n  - id: '1'\n    reserved-regions: ''\n");
        Fleet one = FleetReader.load(h);
        assertEquals("web", one.name());
        assertEquals(List.of("web"), one.hosts().stream().map(Host::name).toList());
        assertEquals(h.toString(), one.source().file());
        assertEquals(List.of(), FleetReader.skipped(h));
    }

    @Test
    void aDirectoryIsOneHostPerEntryWithDocumentationSkipped() throws Exception {
        Path fleet = Files.createDirectories(dir.resolve("racks"));
        Files.writeString(fleet.resolve("b.yaml"), "groups:\n  - id: '1'\n    reserved-regions: ''\n");
        Files.writeString(fleet.resolve("a-regions"), "0x1000 0x1fff msi\n");
        Path tree = Files.createDirectories(fleet.resolve("c/iommu_groups/3"));
        Files.writeString(tree.resolve("reserved_regions"), "0x2000 0x2fff reserved\n");
        for (String doc : List.of("README", "readme.rst", "LICENSE", "License.txt", "notes.md", "NOTES.TXT", ".hidden")) {
            Files.writeString(fleet.resolve(doc), "not a host");
        }
        Files.createDirectories(fleet.resolve("readme.d/iommu_groups/4"));
        Files.writeString(fleet.resolve("readme.d/iommu_groups/4/reserved_regions"), "");
        Fleet f = FleetReader.load(fleet);
        assertEquals("racks", f.name());
        assertEquals(List.of("a-regions", "b", "c", "readme.d"), f.hosts().stream().map(Host::name).toList(),
                "sorted, a folder named readme.d is a host");
        assertEquals(List.of("3"), f.hosts().get(2).groups().stream().map(Group::id).toList());
        assertEquals(List.of("LICENSE", "License.txt", "NOTES.TXT", "README", "notes.md", "readme.rst"),
                FleetReader.skipped(fleet).stream().map(p -> p.getFileName().toString()).sorted().toList());
        assertFalse(FleetReader.isDocumentation(fleet.resolve("b.yaml")));
        assertTrue(FleetReader.isDocumentation(fleet.resolve("README")));
    }

    @Test
    void aDirectoryWithoutHostsOrWithTwoHostsOfOneNameIsAnError() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("README.md"), "x");
        Files.writeString(docs.resolve("list.txt"), "x");
        InputException e = assertThrows(InputException.class, () -> FleetReader.load(docs));
        assertEquals(docs.toString(), e.file());
        assertEquals("the fleet directory holds no hosts (skipped as documentation: README.md, list.txt)", e.problem());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals("the fleet directory holds no hosts", assertThrows(InputException.class, () -> FleetReader.load(empty)).problem());
        Path twice = Files.createDirectories(dir.resolve("twice"));
        Files.writeString(twice.resolve("a.yaml"), "name: web\ngroups:\n  - id: '1'\n    reserved-regions: ''\n");
        Files.writeString(twice.resolve("b.yaml"), "name: web\ngroups:\n  - id: '1'\n    reserved-regions: ''\n");
        InputException t = assertThrows(InputException.class, () -> FleetReader.load(twice));
        assertEquals(twice.resolve("b.yaml").toString(), t.file());
        assertEquals(1, t.line(), "the line of b.yaml's name key");
        assertEquals("host name 'web' appears twice in the fleet: here and in " + twice.resolve("a.yaml") + ":1 (a host file's 'name' or its "
                + "file name names the host)", t.problem());
        // the same with .yml files whose name key is on line 2: both lines are named
        Path yml = Files.createDirectories(dir.resolve("yml"));
        Files.writeString(yml.resolve("a.yml"), "# first\nname: web\ngroups:\n  - id: '1'\n    reserved-regions: ''\n");
        Files.writeString(yml.resolve("b.yml"), "# second\nname: web\ngroups:\n  - id: '1'\n    reserved-regions: ''\n");
        InputException y = assertThrows(InputException.class, () -> FleetReader.load(yml));
        assertEquals(yml.resolve("b.yml").toString(), y.file());
        assertEquals(2, y.line(), "the line of b.yml's name key");
        assertTrue(y.problem().startsWith("host name 'web' appears twice in the fleet: here and in " + yml.resolve("a.yml") + ":2 "), y.problem());
    }

    @Test
    void aSysfsRootIsOneHostNotAFolderOfHosts() throws Exception {
        Path root = dir.resolve("snap");
        Path g = Files.createDirectories(root.resolve("sys/kernel/iommu_groups/2"));
        Files.writeString(g.resolve("reserved_regions"), "0x00000000fee00000 0x00000000feefffff msi\n");
        Fleet f = FleetReader.load(root.resolve("sys"));
        assertEquals(1, f.hosts().size());
        assertEquals(List.of("2"), f.hosts().get(0).groups().stream().map(Group::id).toList());
        Fleet r = FleetReader.load(root);
        assertEquals(1, r.hosts().size());
        assertEquals(r.hosts().get(0).name(), r.name());
    }
}
