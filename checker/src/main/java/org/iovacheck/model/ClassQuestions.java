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
        long[] bases = new long[c.regions().size()];
        for (int i = 0; i < bases.length; i++) {
            ParamRegion r = c.regions().get(i);
            bases[i] = r == chosen ? base : r.firstBase();
        }
        return assemble(c, bases, apertureBits, c.name() + "-instance");
    }

    private static Host assemble(PlatformClass c, long[] bases, int apertureBits, String name) {
        Map<String, List<ReservedRegion>> groups = new LinkedHashMap<>();
        List<BridgeWindow> windows = new ArrayList<>();
        for (int i = 0; i < bases.length; i++) {
            ParamRegion r = c.regions().get(i);
            Range range = Range.ofSize(bases[i], r.sizeMax());
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
        return new Host(name, gs, ap, windows, c.backend(), c.relaxable(), List.of(), c.source());
    }

    /** A concrete host of the class with region i at {@code bases[i]} (largest sizes, all present, narrowest aperture). */
    public static Host hostWith(PlatformClass c, long[] bases, String name) {
        return assemble(c, bases.clone(), c.apertureMinBits(), name);
    }

    /**
     * How many allowed bases a region has at its largest size (position j is base firstBase + j * align), modulo 2^64: a one-byte
     * region at alignment 1 over the whole space has 2^64 positions and answers 0; {@code positions - 1}, the last j, is exact in u64.
     */
    public static long positions(ParamRegion r) {
        return bases(r);
    }

    /** How many allowed bases a region has at its largest size. */
    private static long bases(ParamRegion r) {
        long first = r.firstBase();
        long lastBase = U64.alignDown(U64.min(r.baseMax(), U64.MAX - (r.sizeMax() - 1)), r.align());
        return U64.lt(lastBase, first) ? 1 : Long.divideUnsigned(lastBase - first, r.align()) + 1;
    }

    /** Thrown when a class region has more distinct positions than a coverage may list. */
    public static final class TooManyPositions extends Exception {
        public TooManyPositions(String message) {
            super(message);
        }
    }

    /**
     * Every address some host of the class excludes: each counting region's union over all its bases at its largest size (one
     * range when the size covers the alignment, else one range per base), plus the narrowest aperture's gap.
     */
    public static List<ReservedRegion> coverage(PlatformClass c, long maxRanges) throws TooManyPositions {
        List<ReservedRegion> out = new ArrayList<>();
        for (ParamRegion r : c.regions()) {
            if (r.type() == RegionType.DIRECT_RELAXABLE && c.relaxable() == RelaxablePolicy.KERNEL) {
                continue;
            }
            long first = r.firstBase();
            long lastFit = U64.MAX - (r.sizeMax() - 1);
            long lastBase = U64.alignDown(U64.min(r.baseMax(), lastFit), r.align());
            if (U64.lt(lastBase, first)) {
                continue;
            }
            if (U64.le(r.align(), r.sizeMax())) {
                out.add(new ReservedRegion(new Range(first, lastBase + (r.sizeMax() - 1)), r.type(), r.group(),
                        r.name() + " (any position)", r.source()));
                continue;
            }
            long count = Long.divideUnsigned(lastBase - first, r.align()) + 1;
            if (Long.compareUnsigned(count, maxRanges) > 0 || out.size() + count > maxRanges) {
                throw new TooManyPositions("class region '" + r.name() + "' has " + Long.toUnsignedString(count)
                        + " separate positions (its size is smaller than its alignment); at most " + maxRanges + " ranges are listed");
            }
            for (long i = 0; i < count; i++) {
                long b = first + i * r.align();
                out.add(new ReservedRegion(Range.ofSize(b, r.sizeMax()), r.type(), r.group(), r.name() + " (position " + i + ")", r.source()));
            }
        }
        if (c.apertureMinBits() < 64) {
            out.add(new ReservedRegion(new Range(1L << c.apertureMinBits(), U64.MAX), RegionType.OUTSIDE_APERTURE, null,
                    "aperture of " + c.apertureMinBits() + " bits", c.source()));
        }
        return out;
    }

    /** How many hosts of the class differ in where their regions are (largest sizes, all present, narrowest aperture), or -1 past limit. */
    public static long positionCount(PlatformClass c, long limit) {
        long n = 1;
        for (ParamRegion r : c.regions()) {
            long count = bases(r);
            // 0 is 2^64 positions (bases counts modulo 2^64), a negative count 2^63 or more: past any limit
            if (count <= 0 || count > limit || n > limit / count) {
                return -1;
            }
            n *= count;
        }
        return n;
    }

    /** The i-th host of {@link #positionCount}: region k at its (i / prod_{j<k} count_j mod count_k)-th base, largest size. */
    public static Host hostAt(PlatformClass c, long index) {
        long[] bs = new long[c.regions().size()];
        long rest = index;
        for (int i = 0; i < bs.length; i++) {
            ParamRegion r = c.regions().get(i);
            long count = bases(r);
            bs[i] = r.firstBase() + (rest % count) * r.align();
            rest /= count;
        }
        return assemble(c, bs, c.apertureMinBits(), c.name() + "-host-" + index);
    }
}
