package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.IommuKind;
import org.iovacheck.model.Known;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ResolvedHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host-file keys collect writes, read by hand: values, per-unit apertures, refusals, and errors with file and line. */
class HostFileFactsTest {
    @TempDir
    Path dir;

    static final String BASE = """
            name: two-units
            cpu:
              vendor: 'GenuineIntel'
              phys-bits: 46
            interrupts:
              isolated: no
              allow-unsafe-type1: no
            iommu-units:
              - name: dmar0
                kind: intel-vt-d
                width: 39
              - name: dmar1
                kind: intel-vt-d
                width: unknown
            groups:
              - id: "1"
                unit: dmar0
                reserved-regions: |
                  0x00000000fee00000 0x00000000feefffff msi
                devices:
                  - address: '0000:00:02.0'
                    id: '8086:a780'
                    bars:
                      - index: 0
                        range: 0x6000000000-0x6000ffffff
                        flags: mem64
              - id: "2"
                unit: dmar1
                reserved-regions: |
                  0x00000000fee00000 0x00000000feefffff msi
            """;

    Host load(String text) throws Exception {
        return HostLoader.load(Files.writeString(dir.resolve("h.yaml"), text));
    }

    @Test
    void unitsFactsAndDevicesAreReadAndApplied() throws Exception {
        Host h = load(BASE);
        assertEquals(IommuKind.INTEL_VTD, h.unit("dmar0").kind());
        assertEquals(39, h.unit("dmar0").widthBits());
        assertEquals(0, h.unit("dmar1").widthBits());
        assertEquals(46, h.facts().physBits());
        assertEquals(Known.NO, h.facts().interrupts().isolated());
        assertEquals(0x6000000000L, h.groups().get(0).devices().get(0).bars().get(0).range().first());
        assertTrue(h.groups().get(0).devices().get(0).bars().get(0).mem64());
        ResolvedHost r = HostSemantics.resolve(h);
        // group 1 gets the 39-bit aperture, group 2 (unknown width) none
        assertTrue(r.exclusions().stream().anyMatch(x -> x.type() == RegionType.OUTSIDE_APERTURE && "1".equals(x.group())
                && x.range().first() == 1L << 39));
        assertTrue(r.exclusions().stream().noneMatch(x -> x.type() == RegionType.OUTSIDE_APERTURE && "2".equals(x.group())));
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("dmar1") && n.contains("full 64-bit IOVA space was assumed")), r.notes().toString());
        // no isolation and the parameter not set: both groups refused
        assertEquals(2, r.blockers().size());
        assertTrue(r.blockers().get(0).reason().contains("-EPERM"));
        Host allowed = load(BASE.replace("allow-unsafe-type1: no", "allow-unsafe-type1: yes"));
        assertTrue(HostSemantics.resolve(allowed).blockers().isEmpty());
    }

    @Test
    void badValuesAreErrorsWithTheirLine() throws Exception {
        InputException e = assertThrows(InputException.class, () -> load(BASE.replace("unit: dmar1", "unit: dmar9")));
        assertTrue(e.getMessage().contains("h.yaml:") && e.getMessage().contains("no IOMMU unit 'dmar9'"), e.getMessage());
        e = assertThrows(InputException.class, () -> load(BASE.replace("width: 39", "width: 65")));
        assertTrue(e.getMessage().contains("h.yaml:11"), e.getMessage());
        e = assertThrows(InputException.class, () -> load(BASE.replace("kind: intel-vt-d\n    width: 39", "kind: vt-x\n    width: 39")));
        assertTrue(e.getMessage().contains("unknown IOMMU kind 'vt-x'"), e.getMessage());
        e = assertThrows(InputException.class, () -> load(BASE.replace("name: dmar1", "name: dmar0")));
        assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
        e = assertThrows(InputException.class, () -> load(BASE.replace("flags: mem64", "flags: mem64 cached")));
        assertTrue(e.getMessage().contains("unknown BAR flag 'cached'"), e.getMessage());
        e = assertThrows(InputException.class, () -> load(BASE.replace("isolated: no", "isolated: maybe")));
        assertTrue(e.getMessage().contains("h.yaml:6") && e.getMessage().contains("not yes, no or unknown"), e.getMessage());
        e = assertThrows(InputException.class, () -> load(BASE.replace("phys-bits: 46", "phys-bits: 46\n  cores: 8")));
        assertTrue(e.getMessage().contains("cores"), e.getMessage());
    }

    @Test
    void aGroupWhoseRegionsFillItsUnitsApertureCannotAttach() throws Exception {
        String text = """
                iommu-units:
                  - name: dmar0
                    kind: intel-vt-d
                    width: 39
                groups:
                  - id: "4"
                    unit: dmar0
                    reserved-regions: |
                      0x0000000000000000 0x0000007fffffffff reserved
                """;
        ResolvedHost narrow = HostSemantics.resolve(load(text));
        assertTrue(narrow.blockers().stream().anyMatch(b -> b.reason().contains("leave no valid IOVA")), narrow.blockers().toString());
        // the same regions behind a unit of unknown width leave 2^39 and up: the kernel attaches the group
        ResolvedHost wide = HostSemantics.resolve(load(text.replace("width: 39", "width: unknown")));
        assertTrue(wide.blockers().isEmpty(), wide.blockers().toString());
    }

    /** The example of docs/formats.md ("Keys written by collect"), every key, read and written back to the same facts. */
    static final String COLLECTED = """
            kernel: '6.12.57-amd64'
            cpu:
              vendor: 'GenuineIntel'
              phys-bits: 46
            iommufd: yes
            vfio: no
            interrupts:
              isolated: yes
              evidence: '/proc/interrupts: IR-PCI-MSIX-0000:01:00.0 (remapped or ITS-isolated MSIs)'
              allow-unsafe-type1: no
              allow-unsafe-iommufd: unknown
            iommu-units:
              - name: 'dmar1'
                kind: intel-vt-d
                width: 39
                from: 'intel-iommu/cap 0xd2008c40660462: MGAW 39'
              - name: 'smmu'
                kind: arm-smmu-v3
                width: 64
              - name: 'amd'
                kind: amd-vi
                width: 1
              - name: 'v1'
                kind: arm-smmu
                width: unknown
              - name: 'virtio'
                kind: other
                width: 48
            host-bridge-windows:
              - range: 0x80000000-0xdfffffff
                name: 'host bridge window (PCI Bus 0000:00)'
              - range: 0xe0000000-0xefffffff
            bridge-windows:
              - range: 0xa0000000-0xa10fffff
                group: '14'
                name: 'bridge 0000:00:01.0 window'
            groups:
              - id: '14'
                unit: 'dmar1'
                reserved-regions: |
                  0x00000000fee00000 0x00000000feefffff msi
                devices:
                  - address: '0000:01:00.0'
                    id: '10de:2c05'
                    class: '0x030000'
                    driver: 'vfio-pci'
                    bars:
                      - index: 1
                        range: 0x4000000000-0x43ffffffff
                        flags: mem64 prefetchable
                      - index: 0
                        range: 0xa0000000-0xa0ffffff
                      - index: 12
                        range: 0x1000-0x107f
                        flags: io
                      - index: 6
                        range: 0xa1000000-0xa107ffff
                        flags: prefetchable mem
                  - address: 'platform-dev'
            """;

    @Test
    void everyCollectedKeyReadsAndWritesBack() throws Exception {
        Host h = load(COLLECTED);
        check(h);
        String written = InstanceWriter.hostYaml(h, java.util.List.of());
        check(HostLoader.parseHostFile(written, "again.yaml", dir, "x"));
    }

    private static void check(Host h) {
        var f = h.facts();
        assertEquals("6.12.57-amd64", f.kernelRelease());
        assertEquals("GenuineIntel", f.cpuVendor());
        assertEquals(46, f.physBits());
        assertEquals(Known.YES, f.iommufd());
        assertEquals(Known.NO, f.vfio());
        assertEquals(new org.iovacheck.model.InterruptIsolation(Known.YES,
                "/proc/interrupts: IR-PCI-MSIX-0000:01:00.0 (remapped or ITS-isolated MSIs)", Known.NO, Known.UNKNOWN), f.interrupts());
        assertEquals(java.util.List.of("dmar1 intel-vt-d 39 intel-iommu/cap 0xd2008c40660462: MGAW 39", "smmu arm-smmu-v3 64 host file",
                "amd amd-vi 1 host file", "v1 arm-smmu 0 host file", "virtio other 48 host file"),
                h.units().stream().map(u -> u.name() + " " + u.kind().label() + " " + u.widthBits() + " " + u.from()).toList());
        assertEquals(java.util.List.of("0x0000000080000000-0x00000000dfffffff null host bridge window (PCI Bus 0000:00)",
                "0x00000000e0000000-0x00000000efffffff null null"),
                f.hostBridgeWindows().stream().map(w -> w.range() + " " + w.group() + " " + w.name()).toList());
        assertEquals("dmar1", h.groups().get(0).unit());
        var devices = h.groups().get(0).devices();
        assertEquals(2, devices.size());
        var d = devices.get(0);
        assertEquals("0000:01:00.0", d.address());
        assertEquals("10de:2c05", d.id());
        assertEquals("0x030000", d.pciClass());
        assertEquals("vfio-pci", d.driver());
        assertEquals(java.util.List.of(
                new org.iovacheck.model.PciBar(1, new org.iovacheck.model.Range(0x4000000000L, 0x43ffffffffL), false, true, true),
                new org.iovacheck.model.PciBar(0, new org.iovacheck.model.Range(0xa0000000L, 0xa0ffffffL), false, false, false),
                new org.iovacheck.model.PciBar(12, new org.iovacheck.model.Range(0x1000, 0x107f), true, false, false),
                new org.iovacheck.model.PciBar(6, new org.iovacheck.model.Range(0xa1000000L, 0xa107ffffL), false, false, true)), d.bars());
        assertEquals(new org.iovacheck.model.PciDevice("platform-dev", null, null, null, java.util.List.of()), devices.get(1));
    }

    @Test
    void aHostWithoutCollectedKeysHasNoFacts() throws Exception {
        Host h = load("groups:\n  - id: '1'\n    reserved-regions: ''\n");
        assertEquals(org.iovacheck.model.HostFacts.NONE, h.facts());
        assertEquals(java.util.List.of(), h.units());
        assertEquals(null, h.groups().get(0).unit());
        String written = InstanceWriter.hostYaml(h, java.util.List.of());
        for (String key : new String[] {"kernel:", "cpu:", "iommufd:", "vfio:", "interrupts:", "iommu-units:", "host-bridge-windows:",
                "unit:", "devices:"}) {
            assertTrue(!written.contains(key), key + " in\n" + written);
        }
        Host cpuOnly = load("cpu:\n  vendor: 'AuthenticAMD'\ngroups:\n  - id: '1'\n    reserved-regions: ''\n");
        assertEquals(0, cpuOnly.facts().physBits());
        assertEquals("AuthenticAMD", HostLoader.parseHostFile(InstanceWriter.hostYaml(cpuOnly, java.util.List.of()), "w", dir, "x")
                .facts().cpuVendor());
        Host bitsOnly = load("cpu:\n  phys-bits: 52\ngroups:\n  - id: '1'\n    reserved-regions: ''\n");
        Host bitsBack = HostLoader.parseHostFile(InstanceWriter.hostYaml(bitsOnly, java.util.List.of()), "w", dir, "x");
        assertEquals(52, bitsBack.facts().physBits());
        assertEquals(null, bitsBack.facts().cpuVendor());
        Host irq = load("interrupts:\n  isolated: no\ngroups:\n  - id: '1'\n    reserved-regions: ''\n");
        assertEquals(new org.iovacheck.model.InterruptIsolation(Known.NO, null, Known.UNKNOWN, Known.UNKNOWN), irq.facts().interrupts());
        assertEquals(irq.facts().interrupts(), HostLoader.parseHostFile(InstanceWriter.hostYaml(irq, java.util.List.of()), "w", dir, "x")
                .facts().interrupts());
    }

    /** Regression: a repeated BAR flag made Set.of throw IllegalArgumentException (a crash, not an input error). */
    @Test
    void barFlagsAreOneKindOptionallyPrefetchableEachOnce() throws Exception {
        String[][] bad = {{"mem64 mem64", "BAR flag 'mem64' given twice"}, {"mem prefetchable prefetchable", "given twice"},
                {"io mem", "give exactly one of io, mem or mem64"}, {"mem mem64", "exactly one"}, {"prefetchable", "exactly one"},
                {"MEM64", "unknown BAR flag 'MEM64'"}};
        for (String[] b : bad) {
            InputException e = assertThrows(InputException.class, () -> load(BASE.replace("flags: mem64", "flags: " + b[0])));
            assertTrue(e.getMessage().startsWith(dir.resolve("h.yaml") + ":26: "), e.getMessage());
            assertTrue(e.problem().contains(b[1]), e.getMessage());
        }
    }

    @Test
    void everyMissingOrBadFactIsLocated() throws Exception {
        String[][] cases = {
                {"kind: intel-vt-d\n    width: 39", "width: 39", "h.yaml:9: missing 'kind'"},
                {"width: 39", "kind2: x", "h.yaml:11: unknown key 'kind2'"},
                {"- name: dmar0\n    kind", "- kind", "h.yaml:9: missing 'name'"},
                {"width: 39", "from: x", "h.yaml:9: missing 'width'"},
                {"width: 39", "width: 0", "h.yaml:11: 0 is outside 1..64"},
                {"phys-bits: 46", "phys-bits: 65", "h.yaml:4: 65 is outside 1..64"},
                {"phys-bits: 46", "phys-bits: 0", "h.yaml:4: 0 is outside 1..64"},
                {"allow-unsafe-type1: no", "allow-unsafe-type1: sometimes", "h.yaml:7: 'sometimes' is not yes, no or unknown"},
                {"index: 0", "index: 13", "h.yaml:24: 13 is outside 0..12"},
                {"index: 0", "index: -1", "h.yaml:24: -1 is outside 0..12"},
                {"- index: 0\n            range", "- range", "h.yaml:24: missing 'index'"},
                {"range: 0x6000000000-0x6000ffffff", "range: 0x6000ffffff-0x6000000000", "h.yaml:25: range"},
                {"- address: '0000:00:02.0'\n        id:", "- id:", "h.yaml:21: missing 'address'"},
                {"id: '8086:a780'", "vendor: '8086'", "h.yaml:22: unknown key 'vendor'"},
        };
        for (String[] c : cases) {
            assertTrue(BASE.contains(c[0]), c[0]);
            InputException e = assertThrows(InputException.class, () -> load(BASE.replace(c[0], c[1])), c[0]);
            assertTrue(e.getMessage().startsWith(dir.resolve(c[2].substring(0, c[2].indexOf(' '))).toString()), e.getMessage());
            assertTrue(e.getMessage().contains(c[2].substring(c[2].indexOf(' ') + 1)), e.getMessage());
        }
        InputException e = assertThrows(InputException.class, () -> load("iommufd: maybe\n" + BASE));
        assertTrue(e.getMessage().endsWith("h.yaml:1: 'maybe' is not yes, no or unknown"), e.getMessage());
        e = assertThrows(InputException.class, () -> load("vfio: 1\n" + BASE));
        assertTrue(e.getMessage().endsWith("h.yaml:1: '1' is not yes, no or unknown"), e.getMessage());
        e = assertThrows(InputException.class, () -> load("host-bridge-windows:\n  - name: x\n" + BASE));
        assertTrue(e.getMessage().endsWith("h.yaml:2: missing 'range'"), e.getMessage());
        e = assertThrows(InputException.class, () -> load("host-bridge-windows:\n  - range: 0x1-0x2\n    group: '1'\n" + BASE));
        assertTrue(e.getMessage().contains("h.yaml:3: unknown key 'group'"), e.getMessage());
        e = assertThrows(InputException.class, () -> load("interrupts:\n  remapped: yes\n" + BASE.substring(BASE.indexOf("iommu-units"))));
        assertTrue(e.getMessage().contains("h.yaml:2: unknown key 'remapped'"), e.getMessage());
        e = assertThrows(InputException.class, () -> load(BASE.replace("cpu:\n  vendor: 'GenuineIntel'\n  phys-bits: 46", "cpu: x86")));
        assertTrue(e.getMessage().contains("h.yaml:2: expected a mapping"), e.getMessage());
    }
}
