package org.iovacheck.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable; the union of the exclusions of many hosts, deduplicated by range and type, remembering which hosts exclude each.
 * A layout is safe on every host iff it meets no range of the union (and no host has a blocker), so one check decides a fleet.
 */
public final class ExclusionUnion {
    private final List<ReservedRegion> ranges;
    private final Map<Key, Owned> owners;
    private final List<String> hostNames;
    private final List<Blocker> blockers;
    private final Map<Blocker, String> blockerHosts;

    private ExclusionUnion(List<ReservedRegion> ranges, Map<Key, Owned> owners, List<String> hostNames, List<Blocker> blockers,
                           Map<Blocker, String> blockerHosts) {
        this.ranges = List.copyOf(ranges);
        this.owners = owners;
        this.hostNames = List.copyOf(hostNames);
        this.blockers = List.copyOf(blockers);
        this.blockerHosts = blockerHosts;
    }

    public static ExclusionUnion of(List<ResolvedHost> hosts) {
        int total = 0;
        for (ResolvedHost h : hosts) {
            total += h.exclusions().size();
        }
        ReservedRegion[] regions = new ReservedRegion[total];
        int[] hostOf = new int[total];
        long[] keys = new long[total];
        int[] order = new int[total];
        List<String> names = new ArrayList<>(hosts.size());
        List<Blocker> blockers = new ArrayList<>();
        Map<Blocker, String> blockerHosts = new IdentityHashMap<>();
        int k = 0;
        for (int h = 0; h < hosts.size(); h++) {
            ResolvedHost rh = hosts.get(h);
            names.add(rh.host().name());
            for (ReservedRegion r : rh.exclusions()) {
                regions[k] = r;
                hostOf[k] = h;
                keys[k] = r.range().first() ^ Long.MIN_VALUE;
                order[k] = k;
                k++;
            }
            for (Blocker b : rh.blockers()) {
                blockers.add(b);
                blockerHosts.put(b, rh.host().name());
            }
        }
        PrimitiveSort.byKey(keys, order);
        List<ReservedRegion> ranges = new ArrayList<>();
        Map<Key, Owned> owners = new HashMap<>();
        int i = 0;
        while (i < total) {
            int j = i;
            while (j < total && keys[j] == keys[i]) {
                j++;
            }
            if (j - i == 1) {
                ReservedRegion r = regions[order[i]];
                ReservedRegion rep = new ReservedRegion(r.range(), r.type(), r.group(),
                        names.get(hostOf[order[i]]) + (r.name() == null ? "" : ": " + r.name()), r.source());
                ranges.add(rep);
                owners.put(Key.of(rep), new Owned(rep, new int[] {hostOf[order[i]]}));
                i = j;
                continue;
            }
            Integer[] same = new Integer[j - i];
            for (int x = i; x < j; x++) {
                same[x - i] = order[x];
            }
            if (same.length > 1) {
                java.util.Arrays.sort(same, (p, q) -> {
                    int c = Long.compareUnsigned(regions[p].range().last(), regions[q].range().last());
                    if (c == 0) {
                        c = Integer.compare(regions[p].type().ordinal(), regions[q].type().ordinal());
                    }
                    return c != 0 ? c : Integer.compare(p, q);
                });
            }
            int a = 0;
            while (a < same.length) {
                ReservedRegion r = regions[same[a]];
                int b = a;
                int[] hs = new int[same.length - a];
                int n = 0;
                while (b < same.length && regions[same[b]].range().last() == r.range().last() && regions[same[b]].type() == r.type()) {
                    int h = hostOf[same[b]];
                    if (n == 0 || hs[n - 1] != h) {
                        hs[n++] = h;
                    }
                    b++;
                }
                ReservedRegion rep = new ReservedRegion(r.range(), r.type(), r.group(),
                        names.get(hs[0]) + (r.name() == null ? "" : ": " + r.name()), r.source());
                ranges.add(rep);
                owners.put(Key.of(rep), new Owned(rep, Arrays.copyOf(hs, n)));
                a = b;
            }
            i = j;
        }
        return new ExclusionUnion(ranges, owners, names, blockers, blockerHosts);
    }

    /** One representative per distinct (range, type), named after the first host (in fleet order) that has it. */
    public List<ReservedRegion> ranges() {
        return ranges;
    }

    /** The hosts that exclude this representative range, in fleet order; none for a region that is not a representative. */
    public List<String> owners(ReservedRegion representative) {
        Owned o = owners.get(Key.of(representative));
        return o != null && o.rep().equals(representative) ? names(o) : List.of();
    }

    /**
     * The hosts that exclude this range with this type, in fleet order: for a conflict an engine reports on its own copy of a
     * union range (with another name or source).
     */
    public List<String> ownersOf(Range range, RegionType type) {
        Owned o = owners.get(new Key(range, type));
        return o == null ? List.of() : names(o);
    }

    private List<String> names(Owned o) {
        List<String> out = new ArrayList<>(o.hosts().length);
        for (int h : o.hosts()) {
            out.add(hostNames.get(h));
        }
        return out;
    }

    public List<Blocker> blockers() {
        return blockers;
    }

    public String hostOf(Blocker b) {
        return blockerHosts.get(b);
    }

    /** Immutable; what makes a representative distinct. */
    private record Key(Range range, RegionType type) {
        static Key of(ReservedRegion r) {
            return new Key(r.range(), r.type());
        }
    }

    /** A representative and the indices of the hosts that exclude its range; the array is never changed after construction. */
    private record Owned(ReservedRegion rep, int[] hosts) {
    }
}
