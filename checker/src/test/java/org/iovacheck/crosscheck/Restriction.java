package org.iovacheck.crosscheck;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/** A placement question cut down to some windows and limits, without member {@code drop} (limits count after the windows). */
record Restriction(List<ReservedRegion> windows, Range allowed) {
    static Restriction of(Range allowed, List<ReservedRegion> windows, List<PlaceQuery.Limit> limits, int drop) {
        List<ReservedRegion> ws = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            if (i != drop) {
                ws.add(windows.get(i));
            }
        }
        long lo = 0;
        long hi = U64.MAX;
        for (int i = 0; i < limits.size(); i++) {
            if (windows.size() + i == drop) {
                continue;
            }
            if (limits.get(i) == PlaceQuery.Limit.LOWEST_BASE) {
                lo = allowed.first();
            } else {
                hi = allowed.last();
            }
        }
        return new Restriction(ws, new Range(lo, hi));
    }
}
