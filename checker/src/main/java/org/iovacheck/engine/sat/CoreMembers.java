package org.iovacheck.engine.sat;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.ReservedRegion;

/**
 * Immutable; the members of a placement core read back as the windows and limits they stand for. Constraint 0 is the lowest
 * base, constraint 1 the highest end, constraint 2 + w the w-th forbidden window.
 */
record CoreMembers(List<ReservedRegion> windows, List<PlaceQuery.Limit> limits) {
    static final int LOW = 0;
    static final int HIGH = 1;

    static CoreMembers of(int[] members, List<ReservedRegion> forbidden) {
        List<ReservedRegion> windows = new ArrayList<>();
        List<PlaceQuery.Limit> limits = new ArrayList<>();
        for (int c : members) {
            if (c == LOW) {
                limits.add(PlaceQuery.Limit.LOWEST_BASE);
            } else if (c == HIGH) {
                limits.add(PlaceQuery.Limit.HIGHEST_END);
            } else {
                windows.add(forbidden.get(c - 2));
            }
        }
        return new CoreMembers(List.copyOf(windows), List.copyOf(limits));
    }
}
