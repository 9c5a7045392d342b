package org.iovacheck.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The for-all question over a platform class reduced to check queries. For a region with base b = y * align, size at most
 * sizeMax, "some host of the class puts it on guest region g" is "some y in [yMin, yMax] lies in [ceil((g.first - sizeMax + 1) /
 * align), floor(g.last / align)]": a check in y-space whose conflicts are exactly the bad bases. The worst case of the other
 * parameters is exact: a larger size at the same base covers more, presence covers more than absence, a narrower aperture
 * excludes more.
 */
public final class ClassQuestions {
    private ClassQuestions() {
    }

    /** One region's question: the y-range of its bases as the single "mapped" range, each guest region's bad y-range as an exclusion. */
    public record RegionQuery(ParamRegion region, CheckQuery query) {
    }

    /** Queries for every region that can exclude addresses under the class's relaxable policy (direct-relaxable only when strict). */
    public static List<RegionQuery> forAll(PlatformClass c, List<GuestRegion> mapped) {
        List<RegionQuery> out = new ArrayList<>();
        for (ParamRegion r : c.regions()) {
            if (r.type() == RegionType.DIRECT_RELAXABLE && c.relaxable() == RelaxablePolicy.KERNEL) {
                continue;
            }
            out.add(new RegionQuery(r, query(r, mapped)));
        }
        return out;
    }

    static CheckQuery query(ParamRegion r, List<GuestRegion> mapped) {
        long a = r.align();
        long yMin = Long.divideUnsigned(r.firstBase(), a);
        long lastFit = U64.MAX - (r.sizeMax() - 1);
        long yMax = Long.divideUnsigned(U64.min(r.baseMax(), lastFit), a);
        List<GuestRegion> positions = new ArrayList<>();
        if (U64.le(yMin, yMax)) {
            positions.add(new GuestRegion(r.name() + " bases / align", GuestKind.RAM, new Range(yMin, yMax)));
        }
        List<ReservedRegion> bad = new ArrayList<>();
        for (GuestRegion g : mapped) {
            long lowBase = U64.lt(g.range().first(), r.sizeMax() - 1) ? 0 : g.range().first() - (r.sizeMax() - 1);
            long lo = Long.divideUnsigned(lowBase, a) + (Long.remainderUnsigned(lowBase, a) == 0 ? 0 : 1);
            long hi = Long.divideUnsigned(g.range().last(), a);
            if (U64.le(lo, hi)) {
                bad.add(new ReservedRegion(new Range(lo, hi), r.type(), r.group(), g.name(), r.source()));
            }
        }
        return new CheckQuery(positions, bad, List.of());
    }

    /** A concrete host of the class: every region present at its first base with its largest size, except {@code chosen} at {@code base}. */
    public static Host instantiate(PlatformClass c, ParamRegion chosen, long base, int apertureBits) {
        Map<String, List<ReservedRegion>> groups = new LinkedHashMap<>();
        List<BridgeWindow> windows = new ArrayList<>();
        for (ParamRegion r : c.regions()) {
            long b = r == chosen ? base : r.firstBase();
            Range range = Range.ofSize(b, r.sizeMax());
            String g = r.group() == null ? "0" : r.group();
            if (r.type() == RegionType.BRIDGE_WINDOW) {
                windows.add(new BridgeWindow(range, r.group(), r.name(), r.source()));
            } else {
                groups.computeIfAbsent(g, k -> new ArrayList<>()).add(new ReservedRegion(range, r.type(), g, r.name(), r.source()));
            }
        }
        if (groups.isEmpty()) {
            groups.put("0", List.of());
        }
        List<Group> gs = new ArrayList<>();
        groups.forEach((id, rs) -> gs.add(new Group(id, rs, c.source())));
        Aperture ap = apertureBits == 64 ? Aperture.full() : Aperture.bits(apertureBits);
        return new Host(c.name() + "-instance", gs, ap, windows, c.backend(), c.relaxable(), List.of(), c.source());
    }
}
