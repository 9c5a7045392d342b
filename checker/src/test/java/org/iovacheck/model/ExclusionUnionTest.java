package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

class ExclusionUnionTest {
    @Test
    void deduplicatesByRangeAndTypeAndKeepsEveryOwnerInFleetOrder() {
        long seed = Seeds.seed("ExclusionUnionTest");
        Random rnd = new Random(seed);
        for (int iter = 0; iter < 300; iter++) {
            List<ResolvedHost> hosts = new ArrayList<>();
            Map<String, List<String>> expected = new LinkedHashMap<>();
            int n = 1 + rnd.nextInt(6);
            for (int h = 0; h < n; h++) {
                List<ReservedRegion> rs = new ArrayList<>();
                for (int i = rnd.nextInt(6); i > 0; i--) {
                    long a = rnd.nextInt(8) * 16L + (rnd.nextBoolean() ? 0 : 0x8000000000000000L);
                    RegionType t = rnd.nextBoolean() ? RegionType.RESERVED : RegionType.MSI_HW;
                    ReservedRegion r = new ReservedRegion(new Range(a, a + rnd.nextInt(2)), t, "g", null, Source.BUILTIN);
                    rs.add(r);
                    List<String> owners = expected.computeIfAbsent(r.range() + " " + t, k -> new ArrayList<>());
                    if (owners.isEmpty() || !owners.get(owners.size() - 1).equals("h" + h)) {
                        owners.add("h" + h);
                    }
                }
                Host host = Host.ofGroups("h" + h, List.of(new Group("g", List.of(), Source.BUILTIN)), Source.BUILTIN);
                hosts.add(new ResolvedHost(host, rs, rs, List.of(), List.of()));
            }
            ExclusionUnion u = ExclusionUnion.of(hosts);
            assertEquals(expected.size(), u.ranges().size(), "seed " + seed);
            for (ReservedRegion rep : u.ranges()) {
                assertEquals(expected.get(rep.range() + " " + rep.type()), u.owners(rep), "seed " + seed + " " + rep);
            }
            for (int i = 1; i < u.ranges().size(); i++) {
                assertEquals(true, U64.le(u.ranges().get(i - 1).range().first(), u.ranges().get(i).range().first()), "sorted, seed " + seed);
            }
        }
    }

    static ResolvedHost resolved(String name, List<ReservedRegion> ex, List<Blocker> bl) {
        Host host = Host.ofGroups(name, List.of(new Group("g", List.of(), Source.BUILTIN)), Source.BUILTIN);
        return new ResolvedHost(host, ex, ex, bl, List.of());
    }

    static ReservedRegion rr(long a, long b, RegionType t, String name) {
        return new ReservedRegion(new Range(a, b), t, "g", name, Source.BUILTIN);
    }

    @Test
    void representativesAreNamedAfterTheFirstHostAndOrderedByStartThenEndThenType() {
        ReservedRegion ht = rr(0xfd00000000L, 0xffffffffffL, RegionType.RESERVED, "HT");
        ReservedRegion msi = rr(0xfee00000L, 0xfeefffffL, RegionType.MSI_HW, null);
        ReservedRegion msiWide = rr(0xfee00000L, 0xfeffffffL, RegionType.MSI_HW, null);
        ReservedRegion msiAsReserved = rr(0xfee00000L, 0xfeefffffL, RegionType.RESERVED, "r");
        ReservedRegion top = rr(0xffffffff00000000L, U64.MAX, RegionType.OUTSIDE_APERTURE, null);
        Blocker b = new Blocker(rr(0, 0xfff, RegionType.DIRECT, "rmrr"), "direct");
        ExclusionUnion u = ExclusionUnion.of(List.of(resolved("a", List.of(top, ht, msiWide), List.of()),
                resolved("b", List.of(msi, ht, msiAsReserved, top), List.of(b)), resolved("c", List.of(msi), List.of())));
        assertEquals(List.of(
                rr(0xfee00000L, 0xfeefffffL, RegionType.RESERVED, "b: r"),
                rr(0xfee00000L, 0xfeefffffL, RegionType.MSI_HW, "b"),
                rr(0xfee00000L, 0xfeffffffL, RegionType.MSI_HW, "a"),
                rr(0xfd00000000L, 0xffffffffffL, RegionType.RESERVED, "a: HT"),
                rr(0xffffffff00000000L, U64.MAX, RegionType.OUTSIDE_APERTURE, "a")), u.ranges());
        assertEquals(List.of("b"), u.owners(u.ranges().get(0)));
        assertEquals(List.of("b", "c"), u.owners(u.ranges().get(1)));
        assertEquals(List.of("a"), u.owners(u.ranges().get(2)));
        assertEquals(List.of("a", "b"), u.owners(u.ranges().get(3)));
        assertEquals(List.of("a", "b"), u.owners(u.ranges().get(4)));
        assertEquals(List.of(), u.owners(msi), "not a representative");
        assertEquals(List.of("b", "c"), u.ownersOf(msi.range(), RegionType.MSI_HW), "a copy of a range finds its hosts by range and type");
        assertEquals(List.of(), u.ownersOf(msi.range(), RegionType.DIRECT), "no such range of that type");
        assertEquals(List.of(b), u.blockers());
        assertEquals("b", u.hostOf(b));
        // a region listed twice by one host has that host once
        ExclusionUnion twice = ExclusionUnion.of(List.of(resolved("a", List.of(ht, ht), List.of())));
        assertEquals(1, twice.ranges().size());
        assertEquals(List.of("a"), twice.owners(twice.ranges().get(0)));
        assertEquals(List.of(), ExclusionUnion.of(List.of()).ranges());
        // a range no other host shares is named after its host, with the region's name when it has one
        ExclusionUnion single = ExclusionUnion.of(List.of(resolved("a", List.of(msi), List.of()), resolved("b", List.of(ht), List.of())));
        assertEquals(List.of(rr(0xfee00000L, 0xfeefffffL, RegionType.MSI_HW, "a"), rr(0xfd00000000L, 0xffffffffffL, RegionType.RESERVED, "b: HT")),
                single.ranges());
        assertEquals(List.of("a"), single.owners(single.ranges().get(0)));
        assertEquals(List.of("b"), single.owners(single.ranges().get(1)));
    }
}
