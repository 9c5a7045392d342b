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
}
