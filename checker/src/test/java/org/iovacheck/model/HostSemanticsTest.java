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

    @Test
    void relaxableNoteListsTenRegionsAndCountsTheRest() {
        for (int n : new int[] {1, 2, 10, 12}) {
            List<Group> gs = new java.util.ArrayList<>();
            StringBuilder listed = new StringBuilder();
            for (int i = 0; i < n; i++) {
                long a = 0x100000000L * (i + 1);
                gs.add(new Group("g" + i, List.of(r(a, a + 0xfff, RegionType.DIRECT_RELAXABLE, "g" + i)), Source.BUILTIN));
                if (i < 10) {
                    listed.append(i == 0 ? "" : ", ").append(new Range(a, a + 0xfff)).append(" (group g").append(i).append(')');
                }
            }
            ResolvedHost rh = HostSemantics.resolve(host(gs, RelaxablePolicy.KERNEL, Backend.VFIO_TYPE1));
            String want = n + " direct-relaxable region(s) ignored as VFIO and iommufd do (relaxable: kernel; kvmtool refuses them: use relaxable: strict): "
                    + listed + (n > 10 ? " and " + (n - 10) + " more" : "");
            assertTrue(rh.notes().contains(want), n + ": " + rh.notes());
            assertTrue(rh.exclusions().isEmpty());
            assertTrue(rh.notes().stream().noneMatch(x -> x.startsWith("relaxable: strict")));
        }
        ResolvedHost none = HostSemantics.resolve(host(List.of(new Group("1", List.of(r(0, 0xfff, RegionType.RESERVED, "1")), Source.BUILTIN)),
                RelaxablePolicy.KERNEL, Backend.VFIO_TYPE1));
        assertTrue(none.notes().stream().noneMatch(x -> x.contains("direct-relaxable")), none.notes().toString());
        ResolvedHost strict = HostSemantics.resolve(host(List.of(new Group("1", List.of(r(0, 0xfff, RegionType.RESERVED, "1")), Source.BUILTIN)),
                RelaxablePolicy.STRICT, Backend.VFIO_TYPE1));
        assertTrue(strict.notes().contains("relaxable: strict: direct-relaxable regions are excluded as kvmtool does"), strict.notes().toString());
    }

    @Test
    void xenKeepsDirectRegionsAsExclusionsWithoutBlockingTheDevice() {
        Group g = new Group("3", List.of(r(0x7a000000L, 0x7a7fffffL, RegionType.DIRECT, "3")), Source.BUILTIN);
        ResolvedHost xen = HostSemantics.resolve(host(List.of(g), RelaxablePolicy.KERNEL, Backend.XEN));
        assertTrue(xen.blockers().isEmpty(), xen.blockers().toString());
        assertEquals(List.of(r(0x7a000000L, 0x7a7fffffL, RegionType.DIRECT, "3")), xen.exclusions());
        assertTrue(xen.notes().stream().anyMatch(n -> n.startsWith("backend xen: direct (RMRR) regions are reserved device memory")), xen.notes().toString());
        ResolvedHost vfio = HostSemantics.resolve(host(List.of(g), RelaxablePolicy.KERNEL, Backend.VFIO_TYPE1));
        assertEquals(1, vfio.blockers().size());
        assertTrue(vfio.blockers().get(0).reason().startsWith("firmware requires a 1:1 mapping of " + new Range(0x7a000000L, 0x7a7fffffL)
                + "; the kernel refuses to give group 3 to VFIO or iommufd"), vfio.blockers().get(0).reason());
        assertTrue(vfio.notes().stream().noneMatch(n -> n.startsWith("backend xen")), vfio.notes().toString());
        Group plain = new Group("4", List.of(r(0x1000, 0x1fff, RegionType.RESERVED, "4")), Source.BUILTIN);
        ResolvedHost xenPlain = HostSemantics.resolve(host(List.of(plain), RelaxablePolicy.KERNEL, Backend.XEN));
        assertTrue(xenPlain.notes().stream().noneMatch(n -> n.startsWith("backend xen")), xenPlain.notes().toString());
    }

    @Test
    void bridgeWindowsAreExcludedWithTheirGroupAndNoted() {
        Group g = new Group("1", List.of(), Source.BUILTIN);
        BridgeWindow w = new BridgeWindow(new Range(0xe0000000L, 0xefffffffL), "1", "root port 00:1c.0", new Source("h.yaml", 4));
        Host h = new Host("h", List.of(g), Aperture.full(), List.of(w), Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, List.of(), Source.BUILTIN);
        ResolvedHost rh = HostSemantics.resolve(h);
        assertEquals(List.of(new ReservedRegion(w.range(), RegionType.BRIDGE_WINDOW, "1", "root port 00:1c.0", new Source("h.yaml", 4))), rh.exclusions());
        assertTrue(rh.notes().contains("1 PCI bridge window(s) from the host file or /proc/iomem excluded (sysfs does not list them)"), rh.notes().toString());
        assertTrue(rh.blockers().isEmpty());
        ResolvedHost none = HostSemantics.resolve(host(List.of(g), RelaxablePolicy.KERNEL, Backend.VFIO_TYPE1));
        assertTrue(none.notes().stream().noneMatch(n -> n.contains("bridge window")), none.notes().toString());
    }

    @Test
    void kernelOrderIsByStartThenTypeThenEnd() {
        ReservedRegion a = r(0x1000, 0x1fff, RegionType.RESERVED, "1");
        ReservedRegion b = r(0x1000, 0x1fff, RegionType.MSI_HW, "1");
        ReservedRegion c = r(0x1000, 0x2fff, RegionType.RESERVED, "1");
        ReservedRegion d = r(0x8000000000000000L, U64.MAX, RegionType.DIRECT, "1");
        List<ReservedRegion> l = new java.util.ArrayList<>(List.of(d, c, b, a));
        l.sort(HostSemantics.KERNEL_ORDER);
        assertEquals(List.of(a, c, b, d), l);
    }

    @Test
    void msiLinesAreDecidedBeforeMergingSoAHardwareDoorbellNextToTheSoftwareWindowStaysApart() {
        Group g = new Group("1", List.of(r(0x8000000, 0x80fffff, RegionType.MSI, "1"), r(0x8100000, 0x81fffff, RegionType.MSI, "1"),
                r(0x8200000, 0x82fffff, RegionType.MSI, "1")), Source.BUILTIN);
        ResolvedHost rh = HostSemantics.resolve(host(List.of(g), RelaxablePolicy.KERNEL, Backend.VFIO_TYPE1));
        assertEquals(List.of(r(0x8000000, 0x80fffff, RegionType.MSI_SW, "1"), r(0x8100000, 0x82fffff, RegionType.MSI_HW, "1")), rh.regions());
    }

    @Test
    void ignoringRelaxableRegionsKeepsEveryOtherRegionExcluded() {
        // The kernel policy drops only the direct-relaxable lines: the reserved range and the doorbell beside them stay
        // exclusions, in order, and a guest region on either is still a conflict.
        Group g = new Group("5", List.of(r(0x1000, 0x1fff, RegionType.RESERVED, "5"), r(0x40000000L, 0x4fffffffL, RegionType.DIRECT_RELAXABLE, "5"),
                r(0xfee00000L, 0xfeefffffL, RegionType.MSI, "5")), Source.BUILTIN);
        ResolvedHost kernel = HostSemantics.resolve(host(List.of(g), RelaxablePolicy.KERNEL, Backend.VFIO_TYPE1));
        assertEquals(List.of(r(0x1000, 0x1fff, RegionType.RESERVED, "5"), r(0xfee00000L, 0xfeefffffL, RegionType.MSI_HW, "5")), kernel.exclusions());
        ResolvedHost strict = HostSemantics.resolve(host(List.of(g), RelaxablePolicy.STRICT, Backend.VFIO_TYPE1));
        assertEquals(List.of(r(0x1000, 0x1fff, RegionType.RESERVED, "5"), r(0x40000000L, 0x4fffffffL, RegionType.DIRECT_RELAXABLE, "5"),
                r(0xfee00000L, 0xfeefffffL, RegionType.MSI_HW, "5")), strict.exclusions());
    }

    @Test
    void exclusionsAreTheRegionsLessRelaxableOnesUnderTheKernelPolicy() {
        long seed = org.iovacheck.testing.Seeds.seed("HostSemanticsTest.exclusions");
        java.util.Random rnd = new java.util.Random(seed);
        RegionType[] types = {RegionType.RESERVED, RegionType.MSI, RegionType.DIRECT, RegionType.DIRECT_RELAXABLE};
        for (int c = 0; c < 500; c++) {
            List<Group> gs = new java.util.ArrayList<>();
            for (int k = 0, n = 1 + rnd.nextInt(3); k < n; k++) {
                List<ReservedRegion> rs = new java.util.ArrayList<>();
                for (int i = 0, m = rnd.nextInt(6); i < m; i++) {
                    long a = (long) rnd.nextInt(32) << 12;
                    rs.add(r(a, a + ((long) rnd.nextInt(4) << 12) + 0xfff, types[rnd.nextInt(types.length)], "g" + k));
                }
                gs.add(new Group("g" + k, rs, Source.BUILTIN));
            }
            for (RelaxablePolicy p : RelaxablePolicy.values()) {
                ResolvedHost rh = HostSemantics.resolve(host(gs, p, Backend.VFIO_TYPE1));
                List<ReservedRegion> want = rh.regions().stream()
                        .filter(x -> p == RelaxablePolicy.STRICT || x.type() != RegionType.DIRECT_RELAXABLE).toList();
                assertEquals(want, rh.exclusions(), "seed " + seed + " case " + c + " " + p + ": " + gs);
            }
        }
    }
}
