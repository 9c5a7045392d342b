package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/model.md, "The MSI rule" and "Container and backend": each {@code msi} line is decided by the host file's {@code msi:}
 * list (exact range, and group when given), then the arm software window, else hardware; iommufd refuses a device whose
 * regions hold a software window together with a hardware doorbell, or two software windows (io_pagetable.c
 * iopt_table_enforce_dev_resv_regions: {@code WARN_ON_ONCE(num_sw_msi && num_hw_msi) || WARN_ON_ONCE(num_sw_msi > 1)}).
 */
class MsiRuleTest {
    static final Range ARM = new Range(0x8000000L, 0x80fffffL);
    static final Range X86 = new Range(0xfee00000L, 0xfeefffffL);
    static final Range ITS = new Range(0xa0000000L, 0xa00fffffL);

    static ReservedRegion msi(Range r, String g) {
        return new ReservedRegion(r, RegionType.MSI, g, null, Source.BUILTIN);
    }

    static Group group(String id, ReservedRegion... rs) {
        return new Group(id, List.of(rs), Source.BUILTIN);
    }

    static Host host(Backend b, List<MsiOverride> msi, Group... groups) {
        return new Host("h", List.of(groups), Aperture.full(), List.of(), b, RelaxablePolicy.KERNEL, msi, Source.BUILTIN);
    }

    static RegionType typeIn(ResolvedHost rh, String group, Range r) {
        return rh.regions().stream().filter(x -> group.equals(x.group()) && x.range().equals(r)).findFirst().orElseThrow().type();
    }

    @Test
    void iommufdAcceptsADeviceWhoseOnlyMsiIsTheArmWindow() {
        ResolvedHost fd = HostSemantics.resolve(host(Backend.IOMMUFD, List.of(), group("0", msi(ARM, "0"))));
        assertEquals(RegionType.MSI_SW, typeIn(fd, "0", ARM));
        assertTrue(fd.blockers().isEmpty(), fd.blockers().toString());
        assertEquals(List.of(ARM), fd.exclusions().stream().map(ReservedRegion::range).toList());
        assertTrue(fd.notes().contains("backend iommufd: regions apply per device; a group file is read as one device's list"), fd.notes().toString());
    }

    @Test
    void iommufdJudgesEachGroupAsOneDevice() {
        // the arm window in two groups: one software window per device
        ResolvedHost two = HostSemantics.resolve(host(Backend.IOMMUFD, List.of(), group("0", msi(ARM, "0")), group("1", msi(ARM, "1"))));
        assertTrue(two.blockers().isEmpty(), two.blockers().toString());
        // the arm window in one group, a hardware doorbell in another: no device has both
        ResolvedHost apart = HostSemantics.resolve(host(Backend.IOMMUFD, List.of(), group("0", msi(ARM, "0")), group("1", msi(ITS, "1"))));
        assertTrue(apart.blockers().isEmpty(), apart.blockers().toString());
        // a hardware doorbell alone
        ResolvedHost hw = HostSemantics.resolve(host(Backend.IOMMUFD, List.of(), group("1", msi(X86, "1"))));
        assertTrue(hw.blockers().isEmpty(), hw.blockers().toString());
        assertTrue(hw.notes().contains("backend iommufd: regions apply per device; a group file is read as one device's list"));
        // both in the second group only: that group is refused, with its software window as the region
        ResolvedHost mixed = HostSemantics.resolve(host(Backend.IOMMUFD, List.of(), group("0", msi(ARM, "0")),
                group("1", msi(ARM, "1"), msi(ITS, "1"))));
        assertEquals(1, mixed.blockers().size(), mixed.blockers().toString());
        Blocker b = mixed.blockers().get(0);
        assertEquals("1", b.region().group());
        assertEquals(RegionType.MSI_SW, b.region().type());
        assertTrue(b.reason().contains("iommufd refuses to attach group 1") && b.reason().contains("a hardware doorbell"), b.reason());
    }

    @Test
    void iommufdNoteOnlyWhenThereIsAnMsiRegion() {
        ResolvedHost none = HostSemantics.resolve(host(Backend.IOMMUFD, List.of(),
                group("0", new ReservedRegion(new Range(0xfd00000000L, 0xffffffffffL), RegionType.RESERVED, "0", null, Source.BUILTIN))));
        assertTrue(none.notes().stream().noneMatch(n -> n.startsWith("backend iommufd")), none.notes().toString());
        ResolvedHost type1 = HostSemantics.resolve(host(Backend.VFIO_TYPE1, List.of(), group("0", msi(ARM, "0"), msi(ITS, "0"))));
        assertTrue(type1.blockers().isEmpty(), "type1 has no such rule");
        assertTrue(type1.notes().stream().noneMatch(n -> n.startsWith("backend iommufd")), type1.notes().toString());
    }

    @Test
    void aGroupRestrictedOverrideDecidesOnlyThatGroupsLine() {
        Source line = new Source("h.yaml", 12);
        List<MsiOverride> o = List.of(new MsiOverride(ITS, MsiKind.SOFTWARE, "1", line));
        ResolvedHost rh = HostSemantics.resolve(host(Backend.VFIO_TYPE1, o, group("1", msi(ITS, "1")), group("2", msi(ITS, "2"))));
        assertEquals(RegionType.MSI_SW, typeIn(rh, "1", ITS));
        assertEquals(RegionType.MSI_HW, typeIn(rh, "2", ITS), "group 2 falls through to the rule: not the arm window, so hardware");
        assertTrue(rh.notes().contains("msi " + ITS + " in group 1: " + RegionType.MSI_SW.description() + " (host file, h.yaml:12)"), rh.notes().toString());
        assertTrue(rh.notes().stream().anyMatch(n -> n.startsWith("msi " + ITS + " in group 2: " + RegionType.MSI_HW.description() + " (rule: any msi line")),
                rh.notes().toString());
    }

    @Test
    void anOverrideBeatsTheArmWindowRuleInItsGroupOnly() {
        List<MsiOverride> o = List.of(new MsiOverride(ARM, MsiKind.HARDWARE, "2", Source.BUILTIN));
        ResolvedHost rh = HostSemantics.resolve(host(Backend.IOMMUFD, o, group("1", msi(ARM, "1")), group("2", msi(ARM, "2"), msi(ITS, "2"))));
        assertEquals(RegionType.MSI_SW, typeIn(rh, "1", ARM));
        assertEquals(RegionType.MSI_HW, typeIn(rh, "2", ARM));
        assertEquals(RegionType.MSI_HW, typeIn(rh, "2", ITS));
        assertTrue(rh.blockers().isEmpty(), "group 2 holds two hardware doorbells and no software window: " + rh.blockers());
    }

    @Test
    void anOverrideNamesAnExactRange() {
        Range inside = new Range(ITS.first(), ITS.last() - 0x1000);
        Range wider = new Range(ITS.first(), ITS.last() + 0x1000);
        Range later = new Range(ITS.first() + 0x1000, ITS.last());
        List<MsiOverride> o = List.of(new MsiOverride(inside, MsiKind.SOFTWARE, null, Source.BUILTIN),
                new MsiOverride(wider, MsiKind.SOFTWARE, null, Source.BUILTIN), new MsiOverride(later, MsiKind.SOFTWARE, null, Source.BUILTIN));
        ResolvedHost rh = HostSemantics.resolve(host(Backend.VFIO_TYPE1, o, group("1", msi(ITS, "1"))));
        assertEquals(RegionType.MSI_HW, typeIn(rh, "1", ITS));
        // near misses of the arm window are hardware too
        ResolvedHost near = HostSemantics.resolve(host(Backend.VFIO_TYPE1, List.of(),
                group("1", msi(new Range(0x8000000L, 0x80effffL), "1")), group("2", msi(new Range(0x8001000L, 0x80fffffL), "2"))));
        assertTrue(near.regions().stream().allMatch(r -> r.type() == RegionType.MSI_HW), near.regions().toString());
    }

    @Test
    void anUngroupedOverrideAppliesInEveryGroup() {
        List<MsiOverride> o = List.of(new MsiOverride(ITS, MsiKind.SOFTWARE, null, Source.BUILTIN));
        ResolvedHost rh = HostSemantics.resolve(host(Backend.IOMMUFD, o, group("1", msi(ITS, "1")), group("2", msi(ITS, "2"), msi(X86, "2"))));
        assertEquals(RegionType.MSI_SW, typeIn(rh, "1", ITS));
        assertEquals(RegionType.MSI_SW, typeIn(rh, "2", ITS));
        assertEquals(1, rh.blockers().size(), "group 2 combines the software window with the x86 doorbell");
        assertEquals("2", rh.blockers().get(0).region().group());
    }

    @Test
    void theFirstTenDecisionsOfARuleAreListedAndTheRestCounted() {
        for (int n : new int[] {10, 11, 13}) {
            List<Group> gs = new ArrayList<>();
            List<MsiOverride> o = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Range r = Range.ofSize(0xa0000000L + i * 0x100000L, 0x100000L);
                gs.add(group("g" + i, msi(r, "g" + i)));
                // each override from its own line: all count as one rule, "host file"
                o.add(new MsiOverride(r, MsiKind.HARDWARE, "g" + i, new Source("h.yaml", 20 + i)));
            }
            ResolvedHost rh = HostSemantics.resolve(new Host("h", gs, Aperture.full(), List.of(), Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, o,
                    Source.BUILTIN));
            long listed = rh.notes().stream().filter(s -> s.startsWith("msi ")).count();
            assertEquals(10, listed, n + " lines: " + rh.notes());
            List<String> more = rh.notes().stream().filter(s -> s.contains("more msi line(s) decided")).toList();
            if (n == 10) {
                assertEquals(List.of(), more);
            } else {
                assertEquals(List.of((n - 10) + " more msi line(s) decided: " + RegionType.MSI_HW.description() + " (host file)"), more);
            }
            assertTrue(HostSemantics.resolve(new Host("h", gs, Aperture.full(), List.of(), Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, o,
                    Source.BUILTIN), false).notes().isEmpty(), "without notes");
        }
    }
}
