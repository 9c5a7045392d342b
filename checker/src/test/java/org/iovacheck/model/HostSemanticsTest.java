package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostSemanticsTest {
    static ReservedRegion r(long a, long b, RegionType t, String g) {
        return new ReservedRegion(new Range(a, b), t, g, null, Source.BUILTIN);
    }

    static Host host(List<Group> groups, RelaxablePolicy p, Backend b) {
        return new Host("h", groups, Aperture.full(), List.of(), b, p, List.of(), Source.BUILTIN);
    }

    @Test
    void sameTypeOverlappingOrTouchingMergeDifferentTypesNever() {
        List<ReservedRegion> in = List.of(
                r(0x1000, 0x1fff, RegionType.RESERVED, "1"),
                r(0x2000, 0x2fff, RegionType.RESERVED, "1"),
                r(0x2800, 0x3fff, RegionType.RESERVED, "1"),
                r(0x5000, 0x5fff, RegionType.RESERVED, "1"),
                r(0x1000, 0x10ffffff, RegionType.DIRECT_RELAXABLE, "1"),
                r(0x8000000, 0x80fffff, RegionType.MSI_SW, "1"));
        List<ReservedRegion> out = HostSemantics.mergeSameType(in);
        assertEquals(List.of(
                r(0x1000, 0x10ffffff, RegionType.DIRECT_RELAXABLE, "1"),
                r(0x1000, 0x3fff, RegionType.RESERVED, "1"),
                r(0x5000, 0x5fff, RegionType.RESERVED, "1"),
                r(0x8000000, 0x80fffff, RegionType.MSI_SW, "1")), out);
    }

    @Test
    void mergePreservesCoverageAndLeavesNoTouchingSameTypePairs() {
        long seed = Long.getLong("iovacheck.seed", System.nanoTime());
        java.util.Random rnd = new java.util.Random(seed);
        RegionType[] types = {RegionType.RESERVED, RegionType.MSI_HW, RegionType.DIRECT};
        for (int iter = 0; iter < 2000; iter++) {
            List<ReservedRegion> in = new java.util.ArrayList<>();
            int n = 1 + rnd.nextInt(8);
            for (int i = 0; i < n; i++) {
                int a = rnd.nextInt(64);
                int b = a + rnd.nextInt(64 - a);
                in.add(r(a, b, types[rnd.nextInt(types.length)], "g"));
            }
            List<ReservedRegion> out = HostSemantics.mergeSameType(in);
            for (RegionType t : types) {
                for (int p = 0; p < 64; p++) {
                    final int fp = p;
                    boolean before = in.stream().anyMatch(x -> x.type() == t && x.range().contains(fp));
                    boolean after = out.stream().anyMatch(x -> x.type() == t && x.range().contains(fp));
                    assertEquals(before, after, "seed " + seed + " coverage of " + t + " at " + p);
                }
            }
            for (int i = 0; i < out.size(); i++) {
                for (int j = i + 1; j < out.size(); j++) {
                    if (out.get(i).type() == out.get(j).type()) {
                        assertTrue(!out.get(i).range().touches(out.get(j).range()), "seed " + seed + ": " + out);
                    }
                }
            }
        }
    }

    @Test
    void msiRuleDecidesArmWindowSoftwareAndOthersHardware() {
        Group g = new Group("7", List.of(r(0x8000000, 0x80fffff, RegionType.MSI, "7"), r(0xc6010000L, 0xc601ffffL, RegionType.MSI, "7")), Source.BUILTIN);
        ResolvedHost rh = HostSemantics.resolve(host(List.of(g), RelaxablePolicy.KERNEL, Backend.VFIO_TYPE1));
        assertEquals(RegionType.MSI_SW, rh.regions().get(0).type());
        assertEquals(RegionType.MSI_HW, rh.regions().get(1).type());
        assertTrue(rh.notes().stream().anyMatch(n -> n.contains("rule: exactly the arm SMMU software MSI window")));
        assertTrue(rh.notes().stream().anyMatch(n -> n.contains("rule: any msi line other than")));
    }

    @Test
    void hostFileOverrideWinsOverRule() {
        Group g = new Group("0", List.of(r(0xa0000000L, 0xa00fffffL, RegionType.MSI, "0")), Source.BUILTIN);
        Host h = new Host("h", List.of(g), Aperture.full(), List.of(), Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL,
                List.of(new MsiOverride(new Range(0xa0000000L, 0xa00fffffL), MsiKind.SOFTWARE, null, new Source("h.yaml", 9))), Source.BUILTIN);
        ResolvedHost rh = HostSemantics.resolve(h);
        assertEquals(RegionType.MSI_SW, rh.regions().get(0).type());
        assertTrue(rh.notes().get(0).contains("host file, h.yaml:9"));
    }

    @Test
    void relaxableIgnoredByKernelExcludedWhenStrictDirectBlocks() {
        Group g = new Group("3", List.of(r(0x1000000, 0x10ffffff, RegionType.DIRECT_RELAXABLE, "3"),
                r(0, 0xffffff, RegionType.DIRECT, "3")), Source.BUILTIN);
        ResolvedHost kernel = HostSemantics.resolve(host(List.of(g), RelaxablePolicy.KERNEL, Backend.VFIO_TYPE1));
        assertTrue(kernel.exclusions().stream().noneMatch(x -> x.type() == RegionType.DIRECT_RELAXABLE));
        assertEquals(1, kernel.blockers().size());
        ResolvedHost strict = HostSemantics.resolve(host(List.of(g), RelaxablePolicy.STRICT, Backend.VFIO_TYPE1));
        assertTrue(strict.exclusions().stream().anyMatch(x -> x.type() == RegionType.DIRECT_RELAXABLE));
    }

    @Test
    void containerIsTheUnionOfItsGroups() {
        Group a = new Group("1", List.of(r(0xfee00000L, 0xfeefffffL, RegionType.MSI, "1")), Source.BUILTIN);
        Group b = new Group("2", List.of(r(0xfd00000000L, 0xffffffffffL, RegionType.RESERVED, "2")), Source.BUILTIN);
        ResolvedHost rh = HostSemantics.resolve(host(List.of(a, b), RelaxablePolicy.KERNEL, Backend.VFIO_TYPE1));
        assertEquals(2, rh.exclusions().size());
        assertEquals("1", rh.exclusions().get(0).group());
        assertEquals("2", rh.exclusions().get(1).group());
    }

    @Test
    void iommufdRefusesSoftwareAndHardwareMsiOnOneDevice() {
        Group g = new Group("7", List.of(r(0x8000000, 0x80fffff, RegionType.MSI, "7"), r(0xc6010000L, 0xc601ffffL, RegionType.MSI, "7")), Source.BUILTIN);
        assertEquals(0, HostSemantics.resolve(host(List.of(g), RelaxablePolicy.KERNEL, Backend.VFIO_TYPE1)).blockers().size());
        ResolvedHost fd = HostSemantics.resolve(host(List.of(g), RelaxablePolicy.KERNEL, Backend.IOMMUFD));
        assertEquals(1, fd.blockers().size());
        assertTrue(fd.blockers().get(0).reason().contains("iommufd"));
    }

    @Test
    void apertureGapsAreExcluded() {
        Aperture ap = new Aperture(List.of(new Range(0, 0xfedfffffL), new Range(0xfef00000L, 0xfcffffffffL),
                new Range(0x10000000000L, U64.MAX)), "vfio");
        assertEquals(List.of(new Range(0xfee00000L, 0xfeefffffL), new Range(0xfd00000000L, 0xffffffffffL)), ap.gaps());
        assertEquals(List.of(new Range(0x8000000000L, U64.MAX)), Aperture.bits(39).gaps());
        assertEquals(List.of(), Aperture.full().gaps());
        assertEquals(List.of(new Range(0, 0xfff)), new Aperture(List.of(new Range(0x1000, U64.MAX)), "x").gaps());
    }
}
