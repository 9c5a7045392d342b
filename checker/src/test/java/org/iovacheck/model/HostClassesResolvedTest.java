package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Identical hosts share one class whatever their name, groups or form; a host that differs in one region, type, backend or blocker does not. */
class HostClassesResolvedTest {
    private static final Source A = new Source("a.yaml", 0);
    private static final Source B = new Source("b.fleet", 7);

    private static ReservedRegion r(long first, long last, RegionType t, String group, Source s) {
        return new ReservedRegion(new Range(first, last), t, group, null, s);
    }

    /** One group: the x86 interrupt window and a reserved page at 4 GiB; 48-bit aperture given as the host's. */
    private static Host oneGroup(String name, long reservedAt, RegionType type, Backend backend, HostFacts facts) {
        return new Host(name, List.of(new Group("1", List.of(r(0xfee00000L, 0xfeefffffL, RegionType.MSI, "1", B),
                r(reservedAt, reservedAt + 0xfff, type, "1", B)), B)), Aperture.bits(48), List.of(), backend, RelaxablePolicy.KERNEL,
                List.of(), B, List.of(), facts);
    }

    /** The same semantics as a collected host: two groups behind a 48-bit unit, the window listed in both, full host aperture. */
    private static Host twoGroupsBehindAUnit(String name) {
        IommuUnit u = new IommuUnit("dmar0", IommuKind.INTEL_VTD, 48, "cap register", A);
        return new Host(name, List.of(
                new Group("3", List.of(r(0xfee00000L, 0xfeefffffL, RegionType.MSI, "3", A)), A, "dmar0", List.of()),
                new Group("4", List.of(r(0xfee00000L, 0xfeefffffL, RegionType.MSI, "4", A), r(1L << 32, (1L << 32) + 0xfff, RegionType.RESERVED, "4", A)),
                        A, "dmar0", List.of())), Aperture.full(), List.of(), Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, List.of(), A,
                List.of(u), HostFacts.NONE);
    }

    private static ResolvedHost resolve(Host h) {
        return HostSemantics.resolve(h, false);
    }

    @Test
    void identicalHostsInDifferentFormsShareOneClassAndItsCount() {
        HostClasses cs = new HostClasses();
        HostClasses.HostClass first = cs.add(resolve(twoGroupsBehindAUnit("a")), "a.yaml");
        HostClasses.HostClass b = cs.add(resolve(oneGroup("b", 1L << 32, RegionType.RESERVED, Backend.VFIO_TYPE1, HostFacts.NONE)), "b.fleet");
        HostClasses.HostClass c = cs.add(resolve(oneGroup("c", 1L << 32, RegionType.RESERVED, Backend.VFIO_TYPE1, HostFacts.NONE)), "b.fleet");
        assertSame(first, b);
        assertSame(first, c);
        assertEquals(1, cs.classes().size());
        assertEquals(3, first.count());
        assertEquals(3, cs.hostCount());
        assertEquals("a", first.first().host().name(), "the class is named after its first host");
        assertEquals("a.yaml", first.first().host().source().file());
        assertEquals(first.digest(), new HostClasses().add(resolve(oneGroup("z", 1L << 32, RegionType.RESERVED, Backend.VFIO_TYPE1,
                HostFacts.NONE)), null).digest(), "the content hash does not depend on the host's name or form");
    }

    @Test
    void aHostThatDiffersInOneRegionTypeBackendOrBlockerIsItsOwnClass() {
        HostClasses cs = new HostClasses();
        HostClasses.HostClass base = cs.add(resolve(oneGroup("base", 1L << 32, RegionType.RESERVED, Backend.VFIO_TYPE1, HostFacts.NONE)), null);
        HostFacts noIsolation = new HostFacts(null, 0, null, Known.UNKNOWN, Known.UNKNOWN,
                new InterruptIsolation(Known.NO, "test", Known.NO, Known.NO), List.of());
        List<Host> others = List.of(
                oneGroup("moved", (1L << 32) + 0x1000, RegionType.RESERVED, Backend.VFIO_TYPE1, HostFacts.NONE),
                oneGroup("typed", 1L << 32, RegionType.BRIDGE_WINDOW, Backend.VFIO_TYPE1, HostFacts.NONE),
                oneGroup("iommufd", 1L << 32, RegionType.RESERVED, Backend.IOMMUFD, HostFacts.NONE),
                oneGroup("blocked", 1L << 32, RegionType.RESERVED, Backend.VFIO_TYPE1, noIsolation));
        ResolvedHost blocked = resolve(others.get(3));
        assertEquals(resolve(base.first().host().name().equals("base") ? oneGroup("x", 1L << 32, RegionType.RESERVED, Backend.VFIO_TYPE1,
                HostFacts.NONE) : null).exclusions().stream().map(ReservedRegion::range).toList(),
                blocked.exclusions().stream().map(ReservedRegion::range).toList(), "the blocked host differs in its blockers alone");
        org.junit.jupiter.api.Assertions.assertFalse(blocked.blockers().isEmpty());
        for (Host h : others) {
            assertNotSame(base, cs.add(resolve(h), null), h.name());
        }
        assertEquals(5, cs.classes().size());
        assertEquals(1, base.count());
        assertEquals(List.of("base", "moved", "typed", "iommufd", "blocked"),
                cs.classes().stream().map(c -> c.first().host().name()).toList(), "classes in fleet order");
        assertSame(cs.classes().get(4), cs.find(resolve(oneGroup("again", 1L << 32, RegionType.RESERVED, Backend.VFIO_TYPE1, noIsolation))));
    }
}
