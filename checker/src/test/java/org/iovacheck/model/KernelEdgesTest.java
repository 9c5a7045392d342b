package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/** Issue 11, defect 14: kernel edges the model must follow (Linux 6.12 iommu.c and vfio_iommu_type1.c). */
class KernelEdgesTest {
    private static final long MAX = -1L;

    static ReservedRegion r(long a, long b, RegionType t, String g) {
        return new ReservedRegion(new Range(a, b), t, g, null, Source.BUILTIN);
    }

    static Host host(Aperture ap, Backend b, List<MsiOverride> msi, Group... groups) {
        return new Host("h", List.of(groups), ap, List.of(), b, RelaxablePolicy.KERNEL, msi, Source.BUILTIN);
    }

    @Test
    void nothingOfATypeMergesIntoARegionEndingAtTheTopOfTheSpace() {
        List<ReservedRegion> in = List.of(r(0xffff_ffff_ffff_0000L, MAX, RegionType.RESERVED, "1"),
                r(0xffff_ffff_ffff_8000L, 0xffff_ffff_ffff_8fffL, RegionType.RESERVED, "1"),
                r(0x1000, 0x1fff, RegionType.RESERVED, "1"), r(0x2000, 0x2fff, RegionType.RESERVED, "1"));
        List<ReservedRegion> out = HostSemantics.mergeSameType(in);
        assertEquals(List.of(r(0x1000, 0x2fff, RegionType.RESERVED, "1"), r(0xffff_ffff_ffff_0000L, MAX, RegionType.RESERVED, "1"),
                r(0xffff_ffff_ffff_8000L, 0xffff_ffff_ffff_8fffL, RegionType.RESERVED, "1")), out);
    }

    @Test
    void bothOverlappingLinesConflictAndTwoSoftwareWindowsBlockIommufd() {
        Range top = new Range(0xffff_ffff_fff0_0000L, MAX);
        Range inner = new Range(0xffff_ffff_fff8_0000L, 0xffff_ffff_fff8_ffffL);
        Group g = new Group("0", List.of(r(top.first(), top.last(), RegionType.MSI, "0"), r(inner.first(), inner.last(), RegionType.MSI, "0")),
                Source.BUILTIN);
        ResolvedHost type1 = HostSemantics.resolve(host(Aperture.full(), Backend.VFIO_TYPE1, List.of(), g));
        assertEquals(2, type1.exclusions().size(), type1.exclusions().toString());
        assertTrue(type1.blockers().isEmpty());

        List<MsiOverride> sw = List.of(new MsiOverride(top, MsiKind.SOFTWARE, null, Source.BUILTIN),
                new MsiOverride(inner, MsiKind.SOFTWARE, null, Source.BUILTIN));
        ResolvedHost fd = HostSemantics.resolve(host(Aperture.full(), Backend.IOMMUFD, sw, g));
        assertEquals(1, fd.blockers().size(), "two printed software MSI lines are two SW_MSI regions on one device");
        assertTrue(fd.blockers().get(0).reason().contains("another software window"), fd.blockers().get(0).reason());
    }

    @Test
    void type1GroupThatLeavesNoValidIovaCannotAttach() {
        Group all = new Group("3", List.of(r(0, 0xffffffffL, RegionType.RESERVED, "3")), Source.BUILTIN);
        ResolvedHost t1 = HostSemantics.resolve(host(Aperture.bits(32), Backend.VFIO_TYPE1, List.of(), all));
        assertEquals(1, t1.blockers().size());
        assertTrue(t1.blockers().get(0).reason().contains("vfio_iommu_resv_exclude"), t1.blockers().get(0).reason());
        assertTrue(t1.exclusions().contains(t1.blockers().get(0).region()));
        ResolvedHost fd = HostSemantics.resolve(host(Aperture.bits(32), Backend.IOMMUFD, List.of(), all));
        assertTrue(fd.blockers().isEmpty(), "iommufd has no such check");
        ResolvedHost wide = HostSemantics.resolve(host(Aperture.bits(33), Backend.VFIO_TYPE1, List.of(), all));
        assertTrue(wide.blockers().isEmpty(), "a wider aperture leaves valid IOVA");
    }

    /** The rule is vfio_iommu_type1's: Xen passthrough has no VFIO container, so it cannot refuse a group for it (docs/model.md). */
    @Test
    void theEmptyIovaListRuleIsType1sNotXens() {
        Group all = new Group("3", List.of(r(0, 0xffffffffL, RegionType.RESERVED, "3")), Source.BUILTIN);
        ResolvedHost xen = HostSemantics.resolve(host(Aperture.bits(32), Backend.XEN, List.of(), all));
        assertTrue(xen.blockers().isEmpty(), xen.blockers().toString());
        assertTrue(xen.exclusions().contains(r(0, 0xffffffffL, RegionType.RESERVED, "3")), "still excluded: every mapping conflicts");
        Group rmrr = new Group("4", List.of(r(0, 0xffffffffL, RegionType.DIRECT, "4")), Source.BUILTIN);
        assertTrue(HostSemantics.resolve(host(Aperture.bits(32), Backend.XEN, List.of(), rmrr)).blockers().isEmpty(),
                "Xen identity-maps direct regions instead of refusing the device");
    }

    @Test
    void theGroupThatEmptiesTheContainerIsRefusedAndRelaxableRegionsDoNotCount() {
        Group low = new Group("1", List.of(r(0, 0x7fffffffL, RegionType.MSI_HW, "1")), Source.BUILTIN);
        Group high = new Group("2", List.of(r(0x80000000L, 0xffffffffL, RegionType.RESERVED, "2")), Source.BUILTIN);
        ResolvedHost both = HostSemantics.resolve(host(Aperture.bits(32), Backend.VFIO_TYPE1, List.of(), low, high));
        assertEquals(1, both.blockers().size());
        assertEquals("2", both.blockers().get(0).region().group());

        Group relax = new Group("4", List.of(r(0, MAX, RegionType.DIRECT_RELAXABLE, "4")), Source.BUILTIN);
        assertTrue(HostSemantics.resolve(host(Aperture.full(), Backend.VFIO_TYPE1, List.of(), relax)).blockers().isEmpty());
    }

    @Test
    void aGroupWithoutRegionsIsAcceptedAndNoted() {
        ResolvedHost rh = HostSemantics.resolve(host(Aperture.full(), Backend.VFIO_TYPE1, List.of(), new Group("9", List.of(), Source.BUILTIN)));
        assertTrue(rh.exclusions().isEmpty() && rh.blockers().isEmpty());
        assertTrue(rh.notes().stream().anyMatch(n -> n.contains("group 9 lists no reserved regions")), rh.notes().toString());
    }

    /**
     * The kernel's insertion (iommu_insert_resv_region, re-stated from its description): insert by start, ties by type with the
     * new one first; then sweep, moving each region onto a stack unless the last stacked region of its type has
     * {@code start <= top_end + 1} in u64, in which case it widens that one. A list the kernel printed must read back unchanged.
     */
    private static List<ReservedRegion> kernelInsert(List<ReservedRegion> list, ReservedRegion nr) {
        List<ReservedRegion> l = new ArrayList<>(list);
        int at = 0;
        while (at < l.size() && !(Long.compareUnsigned(nr.range().first(), l.get(at).range().first()) < 0
                || (nr.range().first() == l.get(at).range().first() && nr.type().ordinal() <= l.get(at).type().ordinal()))) {
            at++;
        }
        l.add(at, nr);
        List<ReservedRegion> stack = new ArrayList<>();
        for (ReservedRegion it : l) {
            int top = -1;
            if (it.type() == nr.type()) {
                for (int k = stack.size() - 1; k >= 0 && top < 0; k--) {
                    top = stack.get(k).type() == it.type() ? k : -1;
                }
            }
            if (top < 0 || Long.compareUnsigned(it.range().first(), stack.get(top).range().last() + 1) > 0) {
                stack.add(it);
            } else {
                ReservedRegion t = stack.get(top);
                long end = Long.compareUnsigned(t.range().last(), it.range().last()) >= 0 ? t.range().last() : it.range().last();
                stack.set(top, t.withRange(new Range(t.range().first(), end)));
            }
        }
        return stack;
    }

    @Test
    void whatTheKernelPrintsReadsBackUnchanged() {
        long seed = Seeds.seed("KernelEdgesTest.whatTheKernelPrintsReadsBackUnchanged");
        Random rnd = new Random(seed);
        RegionType[] types = {RegionType.RESERVED, RegionType.MSI_HW, RegionType.DIRECT};
        for (int iter = 0; iter < 5000; iter++) {
            List<ReservedRegion> kernel = new ArrayList<>();
            int n = 1 + rnd.nextInt(7);
            for (int i = 0; i < n; i++) {
                long a = rnd.nextBoolean() ? rnd.nextInt(48) : MAX - rnd.nextInt(48);
                long span = rnd.nextInt(48);
                long b = Long.compareUnsigned(a, MAX - span) >= 0 ? MAX : a + span;
                if (rnd.nextInt(4) == 0) {
                    b = MAX;
                }
                if (a == 0 && b == MAX) {
                    continue; // the kernel cannot hold a region of length 2^64
                }
                kernel = kernelInsert(kernel, r(a, b, types[rnd.nextInt(types.length)], "g"));
            }
            List<ReservedRegion> read = HostSemantics.mergeSameType(kernel);
            List<ReservedRegion> want = new ArrayList<>(kernel);
            want.sort(HostSemantics.KERNEL_ORDER);
            assertEquals(want, read, "seed " + seed + " iteration " + iter + ": kernel list " + kernel);
        }
    }
}
