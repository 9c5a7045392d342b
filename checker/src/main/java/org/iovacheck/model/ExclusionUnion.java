package org.iovacheck.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable; the union of the exclusions of many hosts, deduplicated by range and type, remembering which hosts exclude each.
 * A layout is safe on every host iff it meets no range of the union (and no host has a blocker), so one check decides a fleet.
 */
public final class ExclusionUnion {
    private final List<ReservedRegion> ranges;
    private final Map<ReservedRegion, List<String>> owners;
    private final List<Blocker> blockers;
    private final Map<Blocker, String> blockerHosts;

    private ExclusionUnion(List<ReservedRegion> ranges, Map<ReservedRegion, List<String>> owners, List<Blocker> blockers,
                           Map<Blocker, String> blockerHosts) {
        this.ranges = List.copyOf(ranges);
        this.owners = owners;
        this.blockers = List.copyOf(blockers);
        this.blockerHosts = blockerHosts;
    }

    public static ExclusionUnion of(List<ResolvedHost> hosts) {
        Map<Long, Map<Long, Map<RegionType, ReservedRegion>>> seen = new HashMap<>();
        List<ReservedRegion> ranges = new ArrayList<>();
        Map<ReservedRegion, List<String>> owners = new java.util.IdentityHashMap<>();
        List<Blocker> blockers = new ArrayList<>();
        Map<Blocker, String> blockerHosts = new java.util.IdentityHashMap<>();
        for (ResolvedHost h : hosts) {
            String name = h.host().name();
            for (ReservedRegion r : h.exclusions()) {
                Map<RegionType, ReservedRegion> byType = seen.computeIfAbsent(r.range().first(), k -> new HashMap<>())
                        .computeIfAbsent(r.range().last(), k -> new java.util.EnumMap<>(RegionType.class));
                ReservedRegion rep = byType.get(r.type());
                if (rep == null) {
                    rep = new ReservedRegion(r.range(), r.type(), r.group(), name + (r.name() == null ? "" : ": " + r.name()), r.source());
                    byType.put(r.type(), rep);
                    ranges.add(rep);
                    owners.put(rep, new ArrayList<>());
                }
                List<String> o = owners.get(rep);
                if (o.isEmpty() || !o.get(o.size() - 1).equals(name)) {
                    o.add(name);
                }
            }
            for (Blocker b : h.blockers()) {
                blockers.add(b);
                blockerHosts.put(b, name);
            }
        }
        return new ExclusionUnion(ranges, owners, blockers, blockerHosts);
    }

    /** One representative per distinct (range, type), named after the first host that has it. */
    public List<ReservedRegion> ranges() {
        return ranges;
    }

    /** The hosts that exclude this representative range, in fleet order. */
    public List<String> owners(ReservedRegion representative) {
        return owners.getOrDefault(representative, List.of());
    }

    public List<Blocker> blockers() {
        return blockers;
    }

    public String hostOf(Blocker b) {
        return blockerHosts.get(b);
    }
}
