package org.iovacheck.engine;

import java.util.List;
import java.util.Optional;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;

/**
 * Immutable; one engine's answer to a placement question: FOUND with the lowest admissible block, INFEASIBLE with a minimal set
 * of windows and limits that leave no room (without any one of them a placement exists), or UNKNOWN when the budget ran out.
 */
public record PlaceAnswer(String engine, Verdict verdict, Optional<Range> block, List<ReservedRegion> blockingWindows,
                          List<PlaceQuery.Limit> blockingLimits, List<String> evidence, Stats stats) {
    public PlaceAnswer {
        blockingWindows = List.copyOf(blockingWindows);
        blockingLimits = List.copyOf(blockingLimits);
        evidence = List.copyOf(evidence);
        boolean core = !blockingWindows.isEmpty() || !blockingLimits.isEmpty();
        boolean ok = switch (verdict) {
            case FOUND -> block.isPresent() && !core;
            case INFEASIBLE -> block.isEmpty() && core;
            case UNKNOWN -> block.isEmpty() && !core;
            default -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException("a placement answer " + verdict + " cannot carry " + (block.isPresent() ? "a block" : "no block")
                    + " and " + (core ? "a" : "no") + " blocking set");
        }
    }

    public static PlaceAnswer found(String engine, Range block, List<String> evidence, Stats stats) {
        return new PlaceAnswer(engine, Verdict.FOUND, Optional.of(block), List.of(), List.of(), evidence, stats);
    }

    public static PlaceAnswer infeasible(String engine, List<ReservedRegion> windows, List<PlaceQuery.Limit> limits, List<String> evidence,
                                         Stats stats) {
        return new PlaceAnswer(engine, Verdict.INFEASIBLE, Optional.empty(), windows, limits, evidence, stats);
    }

    public static PlaceAnswer unknown(String engine, List<String> evidence, Stats stats) {
        return new PlaceAnswer(engine, Verdict.UNKNOWN, Optional.empty(), List.of(), List.of(), evidence, stats);
    }
}
