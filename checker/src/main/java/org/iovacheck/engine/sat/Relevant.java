package org.iovacheck.engine.sat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionTable;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * Immutable; the part of a check the SAT encoding needs: the excluded ranges that share an address with some mapped region,
 * each distinct range once. A window that meets no mapped region is in no pair, and windows with equal ranges are in pairs with
 * the same guest regions, so the pairs of the whole query are those of the reduced one, each spread to every window of its
 * range ({@link #expand}). The test is a direct overlap test of each window against each mapped region (no sorting or sweep,
 * so it shares no logic with the interval engine); the SAT encoding then grows with what meets the guest, not with the host.
 */
record Relevant(CheckQuery reduced, Map<Range, List<ReservedRegion>> byRange, int windows) {

    /** The reduction of {@code q}, or null when {@code expired} turns true on the way (polled every 1,024 ranges). */
    static Relevant of(CheckQuery q, java.util.function.BooleanSupplier expired) {
        List<GuestRegion> gs = q.mapped();
        Map<Range, List<ReservedRegion>> byRange = new HashMap<>();
        List<ReservedRegion> representatives = new ArrayList<>();
        int windows = 0;
        int seen = 0;
        List<ReservedRegion> ex = q.exclusions();
        // A table is read column by column: a region object is made only for a window that meets the guest.
        RegionTable table = ex instanceof RegionTable t ? t : null;
        int n = ex.size();
        for (int i = 0; i < n; i++) {
            if ((++seen & 1023) == 0 && expired.getAsBoolean()) {
                return null;
            }
            ReservedRegion r = table == null ? ex.get(i) : null;
            long first = table != null ? table.first(i) : r.range().first();
            long last = table != null ? table.last(i) : r.range().last();
            boolean meets = false;
            for (GuestRegion g : gs) {
                if (U64.le(g.range().first(), last) && U64.le(first, g.range().last())) {
                    meets = true;
                    break;
                }
            }
            if (!meets) {
                continue;
            }
            if (r == null) {
                r = table.get(i);
            }
            windows++;
            List<ReservedRegion> same = byRange.computeIfAbsent(r.range(), k -> new ArrayList<>(1));
            if (same.isEmpty()) {
                representatives.add(r);
            }
            same.add(r);
        }
        return new Relevant(new CheckQuery(gs, representatives, q.blockers()), byRange, windows);
    }

    /** Every pair of the whole query: each pair found on a representative, for every window with its range. */
    List<Conflict> expand(List<Conflict> found) {
        List<Conflict> out = new ArrayList<>();
        for (Conflict c : found) {
            for (ReservedRegion r : byRange.get(c.reserved().range())) {
                out.add(Conflict.of(c.guest(), r));
            }
        }
        return out;
    }
}
