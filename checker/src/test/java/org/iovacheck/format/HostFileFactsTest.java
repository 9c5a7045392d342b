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
}
