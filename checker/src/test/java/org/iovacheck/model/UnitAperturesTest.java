package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/model.md, "Aperture" and "Container and backend": each group gets its unit's aperture, a type1 container the
 * intersection (vfio_iommu_aper_resize), and without interrupt isolation both backends refuse every group with -EPERM unless
 * their allow_unsafe_interrupts parameter is set.
 */
class UnitAperturesTest {
    static final Source S = Source.BUILTIN;

    static IommuUnit unit(String name, int bits) {
        return new IommuUnit(name, IommuKind.INTEL_VTD, bits, "cap of " + name, S);
    }

    static Group group(String id, String unit, ReservedRegion... rs) {
        return new Group(id, List.of(rs), S, unit, List.of());
    }

    static Host host(Aperture ap, Backend b, List<IommuUnit> units, HostFacts facts, Group... gs) {
        return new Host("h", List.of(gs), ap, List.of(), b, RelaxablePolicy.KERNEL, List.of(), S, units, facts);
    }

    static Host host(Aperture ap, List<IommuUnit> units, Group... gs) {
        return host(ap, Backend.VFIO_TYPE1, units, HostFacts.NONE, gs);
    }

    static ReservedRegion res(long a, long b, RegionType t, String g) {
        return new ReservedRegion(new Range(a, b), t, g, null, S);
    }

    @Test
    void theContainerIsCutToTheNarrowestKnownUnit() {
        List<IommuUnit> units = List.of(unit("dmar0", 48), unit("dmar1", 39), unit("dmar2", 0));
        Host h = host(Aperture.full(), units, group("1", "dmar0"), group("2", "dmar1"), group("3", "dmar2"), group("4", null), group("5", "gone"));
        Aperture c = UnitApertures.container(h);
        assertEquals(List.of(new Range(0, (1L << 39) - 1)), c.valid());
        assertEquals("full 64-bit space (no aperture given), cut to 39 bits", c.description());
        // no unit narrows a full aperture: the host's own
        Host wide = host(Aperture.full(), List.of(unit("a", 64), unit("b", 0)), group("1", "a"), group("2", "b"));
        assertSame(wide.aperture(), UnitApertures.container(wide));
        Host none = host(Aperture.bits(40), List.of(), group("1", null));
        assertSame(none.aperture(), UnitApertures.container(none));
    }

    @Test
    void theCutKeepsOnlyValidRangesThatStartWithinTheNarrowestWidth() {
        long top39 = (1L << 39) - 1;
        Aperture ap = new Aperture(List.of(new Range(0, 0xfedfffffL), new Range(0xfef00000L, 0xffffffffffL), new Range(1L << 41, U64.MAX)), "vfio");
        Aperture c = UnitApertures.container(host(ap, List.of(unit("u", 39)), group("1", "u")));
        assertEquals(List.of(new Range(0, 0xfedfffffL), new Range(0xfef00000L, top39)), c.valid());
        // a valid range starting exactly at the top address keeps that one address
        Aperture atTop = new Aperture(List.of(new Range(0, 0xfff), new Range(top39, U64.MAX)), "t");
        assertEquals(List.of(new Range(0, 0xfff), new Range(top39, top39)), UnitApertures.container(host(atTop, List.of(unit("u", 39)), group("1", "u"))).valid());
        // nothing of the host's aperture below the width: the host's aperture stays
        Aperture high = new Aperture(List.of(new Range(1L << 40, U64.MAX)), "high");
        Host h = host(high, List.of(unit("u", 39)), group("1", "u"));
        assertSame(h.aperture(), UnitApertures.container(h));
    }

    @Test
    void eachGroupIsExcludedBeyondItsOwnUnitsWidth() {
        List<IommuUnit> units = List.of(unit("dmar0", 48), unit("dmar1", 39));
        ResolvedHost rh = HostSemantics.resolve(host(Aperture.full(), units, group("1", "dmar0"), group("2", "dmar1"), group("3", null)));
        List<ReservedRegion> out = rh.exclusions().stream().filter(r -> r.type() == RegionType.OUTSIDE_APERTURE).toList();
        assertEquals(List.of(new ReservedRegion(new Range(1L << 48, U64.MAX), RegionType.OUTSIDE_APERTURE, "1", "aperture of dmar0", S),
                new ReservedRegion(new Range(1L << 39, U64.MAX), RegionType.OUTSIDE_APERTURE, "2", "aperture of dmar1", S)), out);
        assertTrue(rh.notes().contains("IOMMU unit dmar0 (intel-vt-d), group 1: 48-bit input width (cap of dmar0)"), rh.notes().toString());
        assertTrue(rh.notes().contains("IOMMU unit dmar1 (intel-vt-d), group 2: 39-bit input width (cap of dmar1)"), rh.notes().toString());
        assertTrue(rh.notes().contains("group 3: no IOMMU unit known; the full 64-bit IOVA space was assumed"), rh.notes().toString());
        assertTrue(rh.notes().stream().anyMatch(n -> n.startsWith("groups sit behind IOMMU units of different widths ([39, 48] bits)")
                && n.endsWith("the narrowest, 39 bits")), rh.notes().toString());
    }

    @Test
    void hostApertureGapsBelongToNoGroup() {
        ResolvedHost rh = HostSemantics.resolve(host(Aperture.bits(40), List.of(), group("1", null)));
        assertEquals(List.of(new ReservedRegion(new Range(1L << 40, U64.MAX), RegionType.OUTSIDE_APERTURE, null, "aperture", S)), rh.exclusions());
        assertTrue(rh.notes().contains("aperture: 40-bit IOMMU input address width"), rh.notes().toString());
        assertTrue(rh.notes().stream().noneMatch(n -> n.contains("assumed")), "the aperture is given: " + rh.notes());
        ResolvedHost full = HostSemantics.resolve(host(Aperture.full(), List.of(), group("1", null)));
        assertTrue(full.exclusions().isEmpty());
        assertTrue(full.notes().contains("no aperture given: the full 64-bit IOVA space is assumed valid (sysfs does not show the IOMMU address width)"),
                full.notes().toString());
        assertTrue(full.notes().stream().noneMatch(n -> n.startsWith("aperture:")), full.notes().toString());
    }

    @Test
    void sameWidthUnitsGiveNoDifferentWidthsNoteAndUnknownWidthsSaySo() {
        List<IommuUnit> units = List.of(unit("a", 48), unit("b", 48), unit("c", 0));
        ResolvedHost rh = HostSemantics.resolve(host(Aperture.full(), units, group("1", "a"), group("2", "b"), group("3", "c")));
        assertTrue(rh.notes().stream().noneMatch(n -> n.contains("different widths")), rh.notes().toString());
        assertTrue(rh.notes().contains("IOMMU unit c (intel-vt-d), group 3: width unknown (cap of c); the full 64-bit IOVA space was assumed"),
                rh.notes().toString());
        assertTrue(rh.notes().stream().noneMatch(n -> n.contains("no IOMMU unit known") || n.startsWith("no aperture given")), rh.notes().toString());
        ResolvedHost narrow = HostSemantics.resolve(host(Aperture.bits(44), List.of(unit("c", 0)), group("3", "c")));
        assertTrue(narrow.notes().contains("IOMMU unit c (intel-vt-d), group 3: width unknown (cap of c)"), narrow.notes().toString());
    }

    @Test
    void manyGroupsOfOneUnitAreListedTenAtATime() {
        List<Group> gs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            gs.add(group(String.valueOf(i), "dmar0"));
        }
        ResolvedHost rh = HostSemantics.resolve(host(Aperture.full(), List.of(unit("dmar0", 39)), gs.toArray(new Group[0])));
        assertTrue(rh.notes().contains("IOMMU unit dmar0 (intel-vt-d), groups 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 2 more: 39-bit input width (cap of dmar0)"),
                rh.notes().toString());
        assertEquals(12, rh.exclusions().size());
        ResolvedHost ten = HostSemantics.resolve(host(Aperture.full(), List.of(unit("dmar0", 39)), gs.subList(0, 10).toArray(new Group[0])));
        assertTrue(ten.notes().contains("IOMMU unit dmar0 (intel-vt-d), groups 0, 1, 2, 3, 4, 5, 6, 7, 8, 9: 39-bit input width (cap of dmar0)"),
                ten.notes().toString());
    }

    static HostFacts irq(Known isolated, Known type1, Known fd) {
        return new HostFacts(null, 0, null, Known.UNKNOWN, Known.UNKNOWN, new InterruptIsolation(isolated, null, type1, fd), List.of());
    }

    @Test
    void withoutInterruptIsolationBothBackendsRefuseEveryGroupUnlessAllowed() {
        Group withMsi = group("1", null, res(0x1000, 0x1fff, RegionType.RESERVED, "1"), res(0xfee00000L, 0xfeefffffL, RegionType.MSI, "1"));
        Group bare = group("2", null);
        ResolvedHost t1 = HostSemantics.resolve(host(Aperture.full(), Backend.VFIO_TYPE1, List.of(), irq(Known.NO, Known.NO, Known.YES), withMsi, bare));
        assertEquals(2, t1.blockers().size(), t1.blockers().toString());
        assertEquals(new Range(0xfee00000L, 0xfeefffffL), t1.blockers().get(0).region().range(), "anchored at the group's MSI line");
        assertEquals("1", t1.blockers().get(0).region().group());
        assertEquals(Range.ALL, t1.blockers().get(1).region().range(), "a group without an MSI line is anchored on the whole space");
        assertEquals("2", t1.blockers().get(1).region().group());
        Blocker b = t1.blockers().get(0);
        assertTrue(b.reason().startsWith("no interrupt isolation (host file) and vfio_iommu_type1 allow_unsafe_interrupts not set: vfio-type1 refuses to attach group 1 with -EPERM")
                && b.reason().contains("vfio_iommu_type1_attach_group"), b.reason());
        // a decided hardware doorbell (a host file's msi-hw) anchors the refusal as well
        Group hw = group("3", null, res(0x1000, 0x1fff, RegionType.RESERVED, "3"), res(0xc6010000L, 0xc601ffffL, RegionType.MSI_HW, "3"));
        ResolvedHost t1hw = HostSemantics.resolve(host(Aperture.full(), Backend.VFIO_TYPE1, List.of(), irq(Known.NO, Known.NO, Known.NO), hw));
        assertEquals(new Range(0xc6010000L, 0xc601ffffL), t1hw.blockers().get(0).region().range());
        // iommufd's parameter is set here: it attaches, and the note says what that costs
        ResolvedHost fd = HostSemantics.resolve(host(Aperture.full(), Backend.IOMMUFD, List.of(), irq(Known.NO, Known.NO, Known.YES), withMsi, bare));
        assertTrue(fd.blockers().isEmpty(), fd.blockers().toString());
        assertTrue(fd.notes().stream().anyMatch(n -> n.startsWith("no interrupt isolation, but allow_unsafe_interrupts is set")), fd.notes().toString());
        // iommufd without its parameter (unknown counts as not set)
        ResolvedHost fdRefused = HostSemantics.resolve(host(Aperture.full(), Backend.IOMMUFD, List.of(),
                new HostFacts(null, 0, null, Known.UNKNOWN, Known.UNKNOWN, new InterruptIsolation(Known.NO, "dmesg: no IR", Known.YES, Known.UNKNOWN), List.of()),
                bare));
        assertEquals(1, fdRefused.blockers().size());
        assertTrue(fdRefused.blockers().get(0).reason().startsWith("no interrupt isolation (dmesg: no IR) and iommufd allow_unsafe_interrupts not set: iommufd refuses")
                && fdRefused.blockers().get(0).reason().contains("iommufd_device_bind"), fdRefused.blockers().get(0).reason());
        // isolation present: nothing
        ResolvedHost ok = HostSemantics.resolve(host(Aperture.full(), Backend.VFIO_TYPE1, List.of(), irq(Known.YES, Known.NO, Known.NO), bare));
        assertTrue(ok.blockers().isEmpty());
        assertTrue(ok.notes().stream().noneMatch(n -> n.contains("interrupt isolation unknown") || n.startsWith("no interrupt isolation")), ok.notes().toString());
    }

    @Test
    void refusalNeedsIsolationKnownAbsentAndTheBackendsParameterNotSet() {
        InterruptIsolation noneAllowedType1 = new InterruptIsolation(Known.NO, null, Known.YES, Known.NO);
        assertTrue(!noneAllowedType1.refuses(Backend.VFIO_TYPE1));
        assertTrue(noneAllowedType1.refuses(Backend.IOMMUFD));
        assertTrue(new InterruptIsolation(Known.NO, null, Known.UNKNOWN, Known.UNKNOWN).refuses(Backend.VFIO_TYPE1));
        assertTrue(!new InterruptIsolation(Known.UNKNOWN, null, Known.NO, Known.NO).refuses(Backend.VFIO_TYPE1));
        assertTrue(!new InterruptIsolation(Known.YES, null, Known.NO, Known.NO).refuses(Backend.IOMMUFD));
    }

    @Test
    void hostFactsAreSummarisedInOneNote() {
        HostFacts f = new HostFacts("AuthenticAMD", 48, "6.12.0", Known.YES, Known.NO,
                new InterruptIsolation(Known.YES, "IR-PCI-MSI", Known.NO, Known.NO), List.of());
        ResolvedHost rh = HostSemantics.resolve(host(Aperture.full(), Backend.VFIO_TYPE1, List.of(), f, group("1", null)));
        assertTrue(rh.notes().contains("host facts: CPU AuthenticAMD, 48 physical address bits, kernel 6.12.0, iommufd yes, VFIO no, interrupt isolation yes"),
                rh.notes().toString());
        assertTrue(f.isAmd() && !f.isEmpty());
        HostFacts unknown = new HostFacts(null, 0, null, Known.UNKNOWN, Known.UNKNOWN, null,
                List.of(new BridgeWindow(new Range(0xc0000000L, 0xfebfffffL), null, "PCI Bus 0000:00", S)));
        ResolvedHost ru = HostSemantics.resolve(host(Aperture.full(), Backend.VFIO_TYPE1, List.of(), unknown, group("1", null)));
        assertTrue(ru.notes().contains("host facts: CPU vendor unknown, physical address bits unknown, kernel unknown, iommufd unknown, VFIO unknown"),
                ru.notes().toString());
        assertTrue(ru.notes().stream().anyMatch(n -> n.startsWith("1 PCI host-bridge window(s) recorded but not excluded")), ru.notes().toString());
        assertTrue(ru.notes().stream().anyMatch(n -> n.startsWith("interrupt isolation unknown")), ru.notes().toString());
        assertTrue(ru.exclusions().isEmpty(), "host-bridge windows are recorded, not excluded");
        assertTrue(!unknown.isAmd() && !unknown.isEmpty());
        assertTrue(HostFacts.NONE.isEmpty() && !HostFacts.NONE.isAmd());
        ResolvedHost nf = HostSemantics.resolve(host(Aperture.full(), Backend.VFIO_TYPE1, List.of(), HostFacts.NONE, group("1", null)));
        assertTrue(nf.notes().stream().noneMatch(n -> n.startsWith("host facts") || n.startsWith("interrupt isolation unknown")), nf.notes().toString());
    }
}
