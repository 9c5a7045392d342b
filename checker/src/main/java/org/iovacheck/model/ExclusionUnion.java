package org.iovacheck.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable; the union of the exclusions of many hosts, deduplicated by range and type, remembering which hosts exclude each.
 * A layout is safe on every host iff it meets no range of the union (and no host has a blocker), so one check decides a fleet.
 */
public final class ExclusionUnion {
    private final List<ReservedRegion> ranges;
    private final Map<ReservedRegion, int[]> owners;
    private final List<String> hostNames;
    private final List<Blocker> blockers;
    private final Map<Blocker, String> blockerHosts;

    private ExclusionUnion(List<ReservedRegion> ranges, Map<ReservedRegion, int[]> owners, List<String> hostNames, List<Blocker> blockers,
                           Map<Blocker, String> blockerHosts) {
        this.ranges = List.copyOf(ranges);
        this.owners = owners;
        this.hostNames = List.copyOf(hostNames);
        this.blockers = List.copyOf(blockers);
        this.blockerHosts = blockerHosts;
    }

    private record Item(ReservedRegion region, int host) {
    }

    public static ExclusionUnion of(List<ResolvedHost> hosts) {
        int total = 0;
        for (ResolvedHost h : hosts) {
            total += h.exclusions().size();
        }
        Item[] items = new Item[total];
        List<String> names = new ArrayList<>(hosts.size());
        List<Blocker> blockers = new ArrayList<>();
        Map<Blocker, String> blockerHosts = new IdentityHashMap<>();
        int k = 0;
        for (int h = 0; h < hosts.size(); h++) {
            ResolvedHost rh = hosts.get(h);
            names.add(rh.host().name());
            for (ReservedRegion r : rh.exclusions()) {
                items[k++] = new Item(r, h);
            }
            for (Blocker b : rh.blockers()) {
                blockers.add(b);
                blockerHosts.put(b, rh.host().name());
            }
        }
        Arrays.sort(items, (a, b) -> {
            int c = Long.compareUnsigned(a.region.range().first(), b.region.range().first());
            if (c == 0) {
                c = Long.compareUnsigned(a.region.range().last(), b.region.range().last());
            }
            if (c == 0) {
                c = Integer.compare(a.region.type().ordinal(), b.region.type().ordinal());
            }
            return c != 0 ? c : Integer.compare(a.host, b.host);
        });
        List<ReservedRegion> ranges = new ArrayList<>();
        Map<ReservedRegion, int[]> owners = new IdentityHashMap<>();
        int i = 0;
        while (i < items.length) {
            int j = i;
            ReservedRegion r = items[i].region;
            while (j < items.length && items[j].region.range().equals(r.range()) && items[j].region.type() == r.type()) {
                j++;
            }
            String first = names.get(items[i].host);
            ReservedRegion rep = new ReservedRegion(r.range(), r.type(), r.group(), first + (r.name() == null ? "" : ": " + r.name()), r.source());
            int[] hs = new int[j - i];
            int n = 0;
            for (int x = i; x < j; x++) {
                if (n == 0 || hs[n - 1] != items[x].host) {
                    hs[n++] = items[x].host;
                }
            }
            ranges.add(rep);
            owners.put(rep, Arrays.copyOf(hs, n));
            i = j;
        }
        return new ExclusionUnion(ranges, owners, names, blockers, blockerHosts);
    }

    /** One representative per distinct (range, type), named after the first host (in fleet order) that has it. */
    public List<ReservedRegion> ranges() {
        return ranges;
    }

    /** The hosts that exclude this representative range, in fleet order. */
    public List<String> owners(ReservedRegion representative) {
        int[] hs = owners.get(representative);
        List<String> out = new ArrayList<>();
        if (hs != null) {
            for (int h : hs) {
                out.add(hostNames.get(h));
            }
        }
        return out;
    }

    public List<Blocker> blockers() {
        return blockers;
    }

    public String hostOf(Blocker b) {
        return blockerHosts.get(b);
    }
}
