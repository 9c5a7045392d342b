package org.iovacheck.engine;

import java.util.List;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.ReservedRegion;

/**
 * Immutable; one engine's answer to a several-bank placement question: FOUND with the bases in ascending order (the
 * lexicographically smallest admissible vector), INFEASIBLE with a minimal set of windows and limits that together leave no
 * room for the banks (removing any one of them makes a placement possible), or UNKNOWN when the budget ran out.
 */
public record BanksAnswer(String engine, Verdict verdict, List<Long> bases, List<ReservedRegion> blockingWindows,
                          List<PlaceQuery.Limit> blockingLimits, List<String> evidence, Stats stats) {
    public BanksAnswer {
        bases = List.copyOf(bases);
        blockingWindows = List.copyOf(blockingWindows);
        blockingLimits = List.copyOf(blockingLimits);
        evidence = List.copyOf(evidence);
        boolean core = !blockingWindows.isEmpty() || !blockingLimits.isEmpty();
        boolean ok = switch (verdict) {
            case FOUND -> !bases.isEmpty() && !core && ascending(bases);
            case INFEASIBLE -> bases.isEmpty() && core;
            case UNKNOWN -> bases.isEmpty() && !core;
            default -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException("a bank placement answer " + verdict + " cannot carry " + bases.size() + " base(s)"
                    + (bases.isEmpty() ? "" : " " + bases.stream().map(Long::toHexString).toList()) + " and " + (core ? "a" : "no")
                    + " blocking set");
        }
    }

    private static boolean ascending(List<Long> bases) {
        for (int i = 1; i < bases.size(); i++) {
            if (Long.compareUnsigned(bases.get(i - 1), bases.get(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    public static BanksAnswer found(String engine, long[] bases, List<String> evidence, Stats stats) {
        return new BanksAnswer(engine, Verdict.FOUND, java.util.Arrays.stream(bases).boxed().toList(), List.of(), List.of(), evidence, stats);
    }

    public static BanksAnswer infeasible(String engine, List<ReservedRegion> windows, List<PlaceQuery.Limit> limits, List<String> evidence,
                                         Stats stats) {
        return new BanksAnswer(engine, Verdict.INFEASIBLE, List.of(), windows, limits, evidence, stats);
    }

    public static BanksAnswer unknown(String engine, List<String> evidence, Stats stats) {
        return new BanksAnswer(engine, Verdict.UNKNOWN, List.of(), List.of(), List.of(), evidence, stats);
    }

    /** The bases as an array (empty unless FOUND). */
    public long[] baseArray() {
        return bases.stream().mapToLong(Long::longValue).toArray();
    }
}
