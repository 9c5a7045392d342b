package org.iovacheck.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * Stateless; an SVG picture of one host's side of a check: the guest's regions, the host's excluded ranges and their overlaps
 * on three lanes over the 64-bit line. The line is cut at every drawn boundary and each piece is drawn with a width that grows
 * with the logarithm of its length, so a 4 KiB doorbell and a 16 EiB remainder are both visible; the axis is not linear.
 */
public final class AddressMap {
    /** At most this many excluded ranges are drawn: every one that meets the guest, then the nearest others. */
    public static final int MAX_EXCLUDED = 300;

    private static final int WIDTH = 1100;
    private static final int LEFT = 90;
    private static final int LANE = 26;
    private static final int TOP = 10;

    private AddressMap() {
    }

    /** Immutable; the picture and how many excluded ranges were left out of it. */
    public record Picture(String svg, int excludedNotDrawn) {
    }

    public static Picture draw(List<GuestRegion> guest, List<GuestRegion> mapped, List<ReservedRegion> excluded, List<Conflict> conflicts) {
        List<ReservedRegion> drawn = chooseExcluded(mapped, excluded, conflicts);
        long[] cuts = cuts(guest, drawn);
        double[] x = positions(cuts);
        int laneGuest = TOP + 18;
        int laneHost = laneGuest + LANE + 8;
        int laneHit = laneHost + LANE + 8;
        int axis = laneHit + LANE + 6;
        int height = axis + 110;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"guest regions and excluded host ranges over the 64-bit line\">%n",
                WIDTH + LEFT + 20, height, WIDTH + LEFT + 20, height));
        label(sb, laneGuest, "guest");
        label(sb, laneHost, "host excludes");
        label(sb, laneHit, "overlap");
        for (GuestRegion g : guest) {
            boolean isMapped = mapped.contains(g);
            box(sb, g.range(), cuts, x, laneGuest, isMapped ? "g-" + g.kind().label() : "g-unmapped",
                    g.kind().label() + " '" + g.name() + "' " + g.range() + " (" + U64.sizeOfSpan(g.range().lengthMinusOne()) + ")"
                            + (isMapped ? ", DMA-mapped" : ", not DMA-mapped"));
        }
        for (ReservedRegion r : drawn) {
            box(sb, r.range(), cuts, x, laneHost, "r-" + r.type().label(), r.type().label() + " " + r.range() + " ("
                    + U64.sizeOfSpan(r.range().lengthMinusOne()) + ", " + r.owner() + (r.name() == null ? "" : ", " + r.name()) + "): "
                    + r.type().description());
        }
        java.util.Set<ReservedRegion> shown = new java.util.HashSet<>(drawn);
        for (Conflict c : conflicts) {
            if (!shown.contains(c.reserved())) {
                continue; // its host range is not drawn either (more than MAX_EXCLUDED); the tables and JSON list it
            }
            box(sb, c.overlap(), cuts, x, laneHit, "hit", "'" + c.guest().name() + "' meets " + c.reserved().type().label() + " "
                    + c.reserved().range() + ": overlap " + c.overlap() + " (" + U64.sizeOfSpan(c.overlap().lengthMinusOne()) + ")");
        }
        sb.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n", LEFT, axis, LEFT + WIDTH, axis));
        double lastLabel = -1e9;
        for (int i = 0; i < cuts.length; i++) {
            double px = x[i];
            sb.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>%n", px, axis, px, axis + 4));
            if (px - lastLabel >= 11 || i == cuts.length - 1) {
                lastLabel = px;
                String text = i == cuts.length - 1 && cuts[i] == 0 ? "2^64" : U64.shortHex(cuts[i]);
                sb.append(String.format(Locale.ROOT, "<text class=\"addr\" transform=\"translate(%.1f,%d) rotate(60)\">%s</text>%n", px, axis + 8,
                        Html.escape(text)));
            }
        }
        sb.append("</svg>\n");
        return new Picture(sb.toString(), excluded.size() - drawn.size());
    }

    private static List<ReservedRegion> chooseExcluded(List<GuestRegion> mapped, List<ReservedRegion> excluded, List<Conflict> conflicts) {
        if (excluded.size() <= MAX_EXCLUDED) {
            return excluded;
        }
        // Linear in the input: hash sets, not List.contains/removeAll (150,000 conflicts took minutes), and at most
        // MAX_EXCLUDED ranges drawn, the ones in conflict first, so the page stays small.
        java.util.LinkedHashSet<ReservedRegion> hitSet = new java.util.LinkedHashSet<>();
        for (Conflict c : conflicts) {
            if (hitSet.size() >= MAX_EXCLUDED) {
                break;
            }
            hitSet.add(c.reserved());
        }
        List<ReservedRegion> hit = new ArrayList<>(hitSet);
        List<ReservedRegion> rest = new ArrayList<>();
        if (hit.size() < MAX_EXCLUDED) {
            java.util.Set<ReservedRegion> allHit = new java.util.HashSet<>();
            conflicts.forEach(c -> allHit.add(c.reserved()));
            for (ReservedRegion r : excluded) {
                if (!allHit.contains(r)) {
                    rest.add(r);
                }
            }
        }
        rest.sort(Comparator.comparing((ReservedRegion r) -> distance(r.range(), mapped), Long::compareUnsigned));
        List<ReservedRegion> out = new ArrayList<>(hit);
        for (ReservedRegion r : rest) {
            if (out.size() >= MAX_EXCLUDED) {
                break;
            }
            out.add(r);
        }
        return out;
    }

    private static long distance(Range r, List<GuestRegion> mapped) {
        long best = -1L;
        for (GuestRegion g : mapped) {
            Range a = g.range();
            long d = a.overlaps(r) ? 0 : U64.lt(r.last(), a.first()) ? a.first() - r.last() : r.first() - a.last();
            best = U64.min(best, d);
        }
        return best;
    }

    /** Sorted distinct boundaries: 0, every drawn first address and every last + 1 below 2^64; the end 2^64 is stored as 0. */
    private static long[] cuts(List<GuestRegion> guest, List<ReservedRegion> drawn) {
        long[] p = new long[2 + 2 * (guest.size() + drawn.size())];
        int n = 0;
        p[n++] = 0;
        for (GuestRegion g : guest) {
            p[n++] = g.range().first();
            if (g.range().last() != U64.MAX) {
                p[n++] = g.range().last() + 1;
            }
        }
        for (ReservedRegion r : drawn) {
            p[n++] = r.range().first();
            if (r.range().last() != U64.MAX) {
                p[n++] = r.range().last() + 1;
            }
        }
        long[] flipped = new long[n];
        for (int i = 0; i < n; i++) {
            flipped[i] = p[i] ^ Long.MIN_VALUE;
        }
        Arrays.sort(flipped);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || flipped[m - 1] != flipped[i]) {
                flipped[m++] = flipped[i];
            }
        }
        long[] out = new long[m + 1];
        for (int i = 0; i < m; i++) {
            out[i] = flipped[i] ^ Long.MIN_VALUE;
        }
        out[m] = 0;
        return out;
    }

    /** The x position of every cut: piece widths proportional to 1 + log2 of their length. */
    private static double[] positions(long[] cuts) {
        int pieces = cuts.length - 1;
        double[] w = new double[pieces];
        double total = 0;
        for (int i = 0; i < pieces; i++) {
            long lengthMinusOne = cuts[i + 1] - cuts[i] - 1;
            w[i] = 1 + (64 - Long.numberOfLeadingZeros(lengthMinusOne));
            total += w[i];
        }
        double[] x = new double[cuts.length];
        x[0] = LEFT;
        for (int i = 0; i < pieces; i++) {
            x[i + 1] = x[i] + WIDTH * w[i] / total;
        }
        return x;
    }

    private static void box(StringBuilder sb, Range r, long[] cuts, double[] x, int y, String cls, String title) {
        double x0 = x[index(cuts, r.first())];
        double x1 = r.last() == U64.MAX ? x[cuts.length - 1] : x[index(cuts, r.last() + 1)];
        sb.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>%s</title></rect>%n",
                cls, x0, y, Math.max(1.5, x1 - x0), LANE, Html.escape(title)));
    }

    /** The index of a cut value among cuts[0..length-2] (the last entry stands for 2^64). */
    private static int index(long[] cuts, long v) {
        int lo = 0;
        int hi = cuts.length - 2;
        long key = v ^ Long.MIN_VALUE;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if ((cuts[mid] ^ Long.MIN_VALUE) < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (cuts[lo] != v) {
            throw new IllegalStateException("no cut at " + U64.hex(v));
        }
        return lo;
    }

    private static void label(StringBuilder sb, int y, String text) {
        sb.append(String.format(Locale.ROOT, "<text class=\"lane\" x=\"%d\" y=\"%d\">%s</text>%n", LEFT - 6, y + LANE / 2 + 4, Html.escape(text)));
    }
}
