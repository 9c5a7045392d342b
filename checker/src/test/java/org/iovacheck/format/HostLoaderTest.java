package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iovacheck.model.Backend;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.RelaxablePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostLoaderTest {
    @TempDir
    Path dir;

    @Test
    void singleFileIsOneGroupNamedAfterItsFolder() throws Exception {
        Path f = dir.resolve("iommu_groups/7/reserved_regions");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "0x0000000008000000 0x00000000080fffff msi\n");
        Host h = HostLoader.load(f);
        assertEquals(1, h.groups().size());
        assertEquals("7", h.groups().get(0).id());
    }

    @Test
    void treesAreReadFromTheirRootTheirParentOrSys() throws Exception {
        for (String id : List.of("10", "2", "1")) {
            Path f = dir.resolve("sys/kernel/iommu_groups/" + id + "/reserved_regions");
            Files.createDirectories(f.getParent());
            Files.writeString(f, "0x00000000fee00000 0x00000000feefffff msi\n");
        }
        for (Path p : List.of(dir.resolve("sys"), dir.resolve("sys/kernel"), dir.resolve("sys/kernel/iommu_groups"))) {
            Host h = HostLoader.load(p);
            assertEquals(List.of("1", "2", "10"), h.groups().stream().map(g -> g.id()).toList(), p.toString());
        }
    }

    @Test
    void emptyDirAndMissingPathAreInputErrors() throws IOException {
        Path d = Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(InputException.class, () -> HostLoader.load(d)).getMessage().contains("no iommu group found"));
        assertTrue(assertThrows(InputException.class, () -> HostLoader.load(dir.resolve("nope"))).getMessage().contains("no such file"));
    }

    @Test
    void hostFileCarriesWhatSysfsHides() throws Exception {
        Files.writeString(dir.resolve("g2"), "0x000000fd00000000 0x000000ffffffffff reserved\n");
        Path y = Files.writeString(dir.resolve("h.yaml"), """
                name: test
                backend: iommufd
                relaxable: strict
                valid-iova:
                  - 0x0-0xfedfffff
                  - 0xfef00000-0xfcffffffff
                groups:
                  - id: "1"
                    reserved-regions: |
                      0x00000000a0000000 0x00000000a00fffff msi
                  - id: "2"
                    file: g2
                msi:
                  - range: 0xa0000000-0xa00fffff
                    kind: software
                bridge-windows:
                  - range: 0xe0000000-0xefffffff
                    group: "1"
                    name: rc0
                """);
        Host h = HostLoader.load(y);
        assertEquals("test", h.name());
        assertEquals(Backend.IOMMUFD, h.backend());
        assertEquals(RelaxablePolicy.STRICT, h.relaxable());
        assertEquals(2, h.aperture().valid().size());
        assertEquals(10, h.groups().get(0).regions().get(0).source().line());
        assertEquals(RegionType.MSI_SW, HostSemantics.resolve(h).regions().get(0).type());
        assertEquals(new Range(0xe0000000L, 0xefffffffL), h.bridgeWindows().get(0).range());
    }

    @Test
    void hostFileErrorsNameTheLine() throws Exception {
        assertYamlError("name: x\ngroups:\n  - id: \"1\"\n    reserved-regions: |\n      0x1 0x2 msi\n      0x5 0x4 msi\n", 6, "is above last");
        assertYamlError("name: x\nbogus: 1\n", 2, "unknown key 'bogus'");
        assertYamlError("name: x\nbackend: kvm\ngroups: []\n", 2, "unknown backend 'kvm'");
        assertYamlError("name: x\naperture-bits: 65\ngroups: []\n", 2, "outside 1..64");
        assertYamlError("name: x\n", 1, "no groups");
        assertYamlError("groups:\n  - id: \"1\"\n    reserved-regions: \"0x1 0x2 msi\"\nvalid-iova:\n  - 0x0-0x10\n  - 0x11-0x20\n", 6, "touches");
        assertYamlError("groups:\n  - id: \"1\"\n    reserved-regions: \"0x1 0x2 msi\"\nmsi:\n  - range: 0x3-0x4\n    kind: software\n", 5, "no msi line at exactly");
        assertYamlError("groups: [\n", 2, "YAML");
        assertYamlError("groups:\n  - id: \"1\"\n    file: missing\n", 3, "no file 'missing'");
    }

    private void assertYamlError(String text, int line, String fragment) throws IOException {
        Path y = Files.writeString(dir.resolve("bad.yaml"), text);
        InputException e = assertThrows(InputException.class, () -> HostLoader.load(y));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().startsWith(y.toString()), e.getMessage());
    }

    @Test
    void anEmptyReservedRegionsFileIsAGroupWithoutRegionsEverywhere() throws Exception {
        Path f = Files.writeString(Files.createDirectories(dir.resolve("iommu_groups/4")).resolve("reserved_regions"), "");
        Host lone = HostLoader.load(f);
        assertEquals(1, lone.groups().size());
        assertEquals("4", lone.groups().get(0).id());
        assertTrue(lone.groups().get(0).regions().isEmpty());
        Host tree = HostLoader.load(dir.resolve("iommu_groups"));
        assertTrue(tree.groups().get(0).regions().isEmpty());
        Path y = Files.writeString(dir.resolve("h.yaml"), "groups:\n  - id: \"4\"\n    file: iommu_groups/4/reserved_regions\n"
                + "  - id: \"5\"\n    reserved-regions: \"\"\n");
        Host yaml = HostLoader.load(y);
        assertTrue(yaml.groups().stream().allMatch(g -> g.regions().isEmpty()));
    }
}
