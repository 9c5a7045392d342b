package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Identical hosts decided once: same backend, distinct exclusions (range and type, which hold the aperture as outside-aperture
 * ranges) and blocker regions, whatever the form.
 */
class HostClassesTest {
    static ReservedRegion r(long a, long b, RegionType t, String g) {
        return new ReservedRegion(new Range(a, b), t, g, "n" + g, new Source("f" + g, 1));
    }

    static ResolvedHost host(String name, Backend b, Aperture ap, List<ReservedRegion> ex, List<Blocker> bl) {
        Host h = new Host(name, List.of(new Group("1", List.of(), Source.BUILTIN)), ap, List.of(), b, RelaxablePolicy.KERNEL, List.of(),
                new Source(name + ".yaml", 0));
        return new ResolvedHost(h, ex, ex, bl, List.of("a note"));
    }

    static final ReservedRegion MSI = r(0xfee00000L, 0xfeefffffL, RegionType.MSI_HW, "1");
    static final ReservedRegion HT = r(0xfd00000000L, 0xffffffffffL, RegionType.RESERVED, "2");
    static final ReservedRegion TOP = r(0x8000000000000000L, U64.MAX, RegionType.OUTSIDE_APERTURE, "3");

    @Test
    void identicalSemanticsInAnyOrderFormOrNameAreOneClass() {
        HostClasses hc = new HostClasses();
        HostClasses.HostClass a = hc.add(host("a", Backend.VFIO_TYPE1, Aperture.full(), List.of(MSI, HT, TOP), List.of()), "hosts/a.yaml");
        // other order, a duplicate line, other groups and names: the same semantics
        HostClasses.HostClass b = hc.add(host("b", Backend.VFIO_TYPE1, Aperture.full(),
                List.of(TOP, r(0xfd00000000L, 0xffffffffffL, RegionType.RESERVED, "9"), MSI, MSI), List.of()), "hosts/b.yaml");
        assertSame(a, b);
        assertEquals(2, a.count());
        assertEquals("hosts/a.yaml", a.origin());
        assertEquals(1, hc.classes().size());
        assertEquals(2, hc.hostCount());
        assertTrue(a.matches(host("c", Backend.VFIO_TYPE1, Aperture.full(), List.of(HT, MSI, TOP), List.of())));
        assertEquals(a.digest(), new HostClasses().add(host("d", Backend.VFIO_TYPE1, Aperture.full(), List.of(HT, TOP, MSI), List.of()), null).digest());
        assertTrue(a.digest().matches("[0-9a-f]{12}"), a.digest());
        assertSame(a, hc.byFirstName("a"));
        assertNull(hc.byFirstName("b"), "b is no class's first host");
    }

    @Test
    void theFirstHostIsKeptSlim() {
        HostClasses hc = new HostClasses();
        Blocker bl = new Blocker(r(0, 0xfff, RegionType.DIRECT, "4"), "direct");
        ResolvedHost full = host("a", Backend.IOMMUFD, Aperture.bits(48), List.of(MSI), List.of(bl));
        ResolvedHost first = hc.add(full, null).first();
        assertEquals("a", first.host().name());
        assertEquals(new Source("a.yaml", 0), first.host().source());
        assertEquals(Aperture.bits(48), first.host().aperture());
        assertEquals(Backend.IOMMUFD, first.host().backend());
        assertTrue(first.host().groups().isEmpty());
        assertEquals(List.of(MSI), first.exclusions());
        assertEquals(List.of(bl), first.blockers());
        assertTrue(first.notes().isEmpty() && first.regions().isEmpty());
        assertEquals(List.of(first), hc.firsts());
        assertNull(hc.classes().get(0).origin());
    }

    @Test
    void anyDifferenceInWhatProveDependsOnIsAnotherClass() {
        HostClasses hc = new HostClasses();
        hc.add(host("base", Backend.VFIO_TYPE1, Aperture.full(), List.of(MSI, HT), List.of()), "0");
        List<ResolvedHost> others = List.of(
                host("backend", Backend.IOMMUFD, Aperture.full(), List.of(MSI, HT), List.of()),
                // an aperture shows in the exclusions as the kernel's rules give them (HostSemantics): its gaps are outside-aperture
                host("aperture", Backend.VFIO_TYPE1, Aperture.bits(48), List.of(MSI, HT,
                        r(1L << 48, U64.MAX, RegionType.OUTSIDE_APERTURE, null)), List.of()),
                host("type", Backend.VFIO_TYPE1, Aperture.full(), List.of(MSI.withType(RegionType.MSI_SW), HT), List.of()),
                host("first", Backend.VFIO_TYPE1, Aperture.full(), List.of(MSI.withRange(new Range(0xfee01000L, 0xfeefffffL)), HT), List.of()),
                host("last", Backend.VFIO_TYPE1, Aperture.full(), List.of(MSI.withRange(new Range(0xfee00000L, 0xfeefefffL)), HT), List.of()),
                host("fewer", Backend.VFIO_TYPE1, Aperture.full(), List.of(MSI), List.of()),
                host("blocked", Backend.VFIO_TYPE1, Aperture.full(), List.of(MSI, HT), List.of(new Blocker(HT, "x"))),
                host("ranges", Backend.VFIO_TYPE1, new Aperture(List.of(new Range(0, 0xfff), new Range(0x2000, U64.MAX)), "two"),
                        List.of(MSI, HT, r(0x1000, 0x1fff, RegionType.OUTSIDE_APERTURE, null)), List.of()));
        for (ResolvedHost h : others) {
            HostClasses.HostClass c = hc.add(h, h.host().name());
            assertEquals(1, c.count(), h.host().name());
            assertFalse(c.matches(hc.firsts().get(0)), h.host().name());
            assertNotEquals(hc.classes().get(0).digest(), c.digest(), h.host().name());
        }
        assertEquals(others.size() + 1, hc.classes().size());
        assertEquals(List.of("base", "backend", "aperture", "type", "first", "last", "fewer", "blocked", "ranges"),
                hc.firsts().stream().map(x -> x.host().name()).toList(), "fleet order");
        // the blocker's reason is not semantics: the same region blocked for another reason is the same class
        assertEquals(2, hc.add(host("blocked2", Backend.VFIO_TYPE1, Aperture.full(), List.of(HT, MSI), List.of(new Blocker(HT, "y"))), "b2").count());
    }

    @Test
    void theKeySortsDistinctTriplesInUnsignedOrder() {
        ResolvedHost h = host("k", Backend.IOMMUFD, Aperture.bits(40), List.of(TOP, HT, MSI, HT), List.of(new Blocker(MSI, "x"), new Blocker(MSI, "y")));
        long[] want = {Backend.IOMMUFD.ordinal(),
                3, 0xfee00000L, 0xfeefffffL, RegionType.MSI_HW.ordinal(), 0xfd00000000L, 0xffffffffffL, RegionType.RESERVED.ordinal(),
                0x8000000000000000L, U64.MAX, RegionType.OUTSIDE_APERTURE.ordinal(),
                1, 0xfee00000L, 0xfeefffffL, RegionType.MSI_HW.ordinal()};
        assertArrayEquals(want, HostClasses.key(h));
        // same start and end, different types: ordered by type
        ResolvedHost two = host("t", Backend.VFIO_TYPE1, Aperture.full(), List.of(MSI.withType(RegionType.RESERVED), MSI), List.of());
        long[] k = HostClasses.key(two);
        assertEquals(RegionType.RESERVED.ordinal(), k[4]);
        assertEquals(RegionType.MSI_HW.ordinal(), k[7]);
        // same start, different ends: ordered by end
        ResolvedHost ends = host("e", Backend.VFIO_TYPE1, Aperture.full(), List.of(r(0x1000, 0x2fff, RegionType.RESERVED, "1"),
                r(0x1000, 0x1fff, RegionType.RESERVED, "1")), List.of());
        long[] ke = HostClasses.key(ends);
        assertEquals(0x1fff, ke[3]);
        assertEquals(0x2fff, ke[6]);
        assertEquals(3 + 6, ke.length);
    }

    /** Keys with the same hash code (Arrays.hashCode folds each long to hi ^ lo) must still be told apart. */
    @Test
    void hostsWhoseKeysShareAHashCodeAreStillDifferentClasses() {
        ResolvedHost zero = host("zero", Backend.VFIO_TYPE1, Aperture.full(), List.of(r(0, 0, RegionType.RESERVED, "1")), List.of());
        ResolvedHost folded = host("folded", Backend.VFIO_TYPE1, Aperture.full(),
                List.of(r(0x100000001L, 0x200000002L, RegionType.RESERVED, "1")), List.of());
        assertEquals(java.util.Arrays.hashCode(HostClasses.key(zero)), java.util.Arrays.hashCode(HostClasses.key(folded)), "the premise");
        HostClasses hc = new HostClasses();
        HostClasses.HostClass a = hc.add(zero, "z");
        HostClasses.HostClass b = hc.add(folded, "f");
        assertNotEquals(a, b);
        assertEquals(2, hc.classes().size());
        assertEquals(1, b.count());
    }

    @Test
    void aHostKnownToRepeatAnotherCountsInItsClass() {
        HostClasses hc = new HostClasses();
        ResolvedHost a = host("a", Backend.VFIO_TYPE1, Aperture.full(), List.of(MSI, HT), List.of());
        HostClasses.HostClass c = hc.add(a, "hosts/a.yaml");
        assertSame(c, hc.find(host("a2", Backend.VFIO_TYPE1, Aperture.full(), List.of(HT, MSI), List.of())));
        assertNull(hc.find(host("x", Backend.IOMMUFD, Aperture.full(), List.of(HT, MSI), List.of())), "another backend is another class");
        hc.addSame(c);
        hc.addSame(c);
        assertEquals(3, c.count());
        assertEquals(3, hc.hostCount());
        assertEquals(1, hc.classes().size());
    }
}
