package org.iovacheck.bench;

import org.iovacheck.engine.Verdict;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * The bench's correctness gate: every engine must give the verdict the instance was built to have, engines must agree on
 * conflicts and bases, and a peer's sat/unsat must match, its model validated by arithmetic. Any mismatch aborts the run.
 */
final class Agreement {
    /** Thrown when two answers differ: the bench stops and writes no report. */
    static final class Disagreement extends RuntimeException {
        Disagreement(String message) {
            super(message);
        }
    }

    private Agreement() {
    }

    /** The reference answer (the interval engine's) against the expected verdict and conflict count. */
    static void expected(Instance in, Answer reference) {
        if (reference.verdict() != in.question().expected()) {
            fail(in, "interval answered " + reference.verdict() + ", the instance was built to be " + in.question().expected());
        }
        if (in.check() != null && !reference.detail().equals(in.expectedConflicts() + " conflict(s)")) {
            fail(in, "interval found " + reference.detail() + ", the instance was built with " + in.expectedConflicts());
        }
    }

    /** Another engine against the reference: same verdict and same key (conflicts with exact overlaps, or base). */
    static void engines(Instance in, String engine, Answer reference, Answer other) {
        if (other.verdict() != reference.verdict() || !other.key().equals(reference.key())) {
            fail(in, engine + " answered " + other.verdict() + " [" + other.key() + "], interval " + reference.verdict() + " [" + reference.key() + "]");
        }
    }

    /** A peer's decided result against the reference verdict; a model value must satisfy the question. */
    static void peer(Instance in, String peer, Verdict reference, PeerResult r) {
        if (!r.decided()) {
            return;
        }
        boolean yes = r.status() == PeerResult.Status.SAT;
        Verdict v = in.question().satMeansYes() == yes ? in.question().expected() : opposite(in.question());
        if (v != reference) {
            fail(in, peer + " answered " + r.status().name().toLowerCase() + " (" + v + "), the engines " + reference);
        }
        if (yes) {
            if (r.value() == null) {
                fail(in, peer + " answered sat without a model value");
            }
            if (in.place() != null && !in.place().admits(r.value())) {
                fail(in, peer + " gave base " + U64.hex(r.value()) + ", which does not admit the block");
            }
            if (in.check() != null && !witness(in, r.value())) {
                fail(in, peer + " gave address " + U64.hex(r.value()) + ", which is not in both a guest region and a window");
            }
        }
    }

    private static boolean witness(Instance in, long a) {
        boolean guest = false;
        for (GuestRegion g : in.check().mapped()) {
            guest |= g.range().contains(a);
        }
        boolean window = false;
        for (ReservedRegion w : in.check().exclusions()) {
            window |= w.range().contains(a);
        }
        return guest && window;
    }

    private static Verdict opposite(Question q) {
        return switch (q) {
            case CHECK_SAFE -> Verdict.UNSAFE;
            case CHECK_UNSAFE -> Verdict.SAFE;
            case PLACE_FOUND -> Verdict.INFEASIBLE;
            case PLACE_INFEASIBLE -> Verdict.FOUND;
        };
    }

    private static void fail(Instance in, String what) {
        throw new Disagreement("DISAGREEMENT on " + in.name() + ": " + what);
    }
}
