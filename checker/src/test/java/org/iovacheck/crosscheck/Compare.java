package org.iovacheck.crosscheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.Engines;
import org.iovacheck.engine.PlaceAnswer;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/** Runs the exact engines (interval and sat) on one question and asserts that they agree with each other and with an oracle. */
final class Compare {
    private static final List<Engine> ENGINES = Engines.select("interval,sat");

    private Compare() {
    }

    /** Every engine decides, with the expected conflicts when given (else the first engine's), in the canonical order. */
    static List<Conflict> check(CheckQuery q, List<Conflict> expected, String context) {
        List<Conflict> reference = expected;
        for (Engine e : ENGINES) {
            String ctx = context + ": engine " + e.name() + " on " + q;
            CheckAnswer a = run(() -> e.check(q, Budget.unlimited()), ctx);
            assertNotEquals(Verdict.UNKNOWN, a.verdict(), ctx);
            if (reference == null) {
                reference = a.conflicts();
            }
            assertEquals(reference, a.conflicts(), ctx);
            Verdict v = !q.blockers().isEmpty() ? Verdict.NO_LAYOUT : reference.isEmpty() ? Verdict.SAFE : Verdict.UNSAFE;
            assertEquals(v, a.verdict(), ctx);
        }
        return reference;
    }

    /**
     * Every engine decides and finds the oracle's lowest base (empty: nothing fits). Each blocking set must be infeasible on
     * its own and feasible without any one member, as {@code feasible} judges.
     */
    static List<PlaceAnswer> place(PlaceQuery q, OptionalLong expected, Predicate<PlaceQuery> feasible, String context) {
        List<PlaceAnswer> answers = new ArrayList<>();
        for (Engine e : ENGINES) {
            String ctx = context + ": engine " + e.name() + " on " + q + " windows " + q.forbidden().stream().map(w -> w.range().toString()).toList();
            PlaceAnswer a = run(() -> e.place(q, Budget.unlimited()), ctx);
            answers.add(a);
            assertNotEquals(Verdict.UNKNOWN, a.verdict(), ctx);
            OptionalLong base = a.verdict() == Verdict.FOUND ? OptionalLong.of(a.block().orElseThrow().first()) : OptionalLong.empty();
            assertEquals(text(expected), text(base), ctx);
            if (a.verdict() == Verdict.FOUND) {
                long x = base.getAsLong();
                assertEquals(Range.ofSize(x, q.length()), a.block().orElseThrow(), ctx);
                assertTrue(q.admits(x), ctx);
                continue;
            }
            assertEquals(Verdict.INFEASIBLE, a.verdict(), ctx);
            PlaceQuery core = sub(q, a.blockingWindows(), a.blockingLimits(), -1);
            assertFalse(feasible.test(core), ctx + ": the blocking set " + a.blockingWindows() + " " + a.blockingLimits() + " leaves room");
            int size = a.blockingWindows().size() + a.blockingLimits().size();
            for (int drop = 0; drop < size; drop++) {
                assertTrue(feasible.test(sub(q, a.blockingWindows(), a.blockingLimits(), drop)),
                        ctx + ": the blocking set is not minimal, member " + drop + " of " + a.blockingWindows() + " " + a.blockingLimits());
            }
        }
        return answers;
    }

    /** Runs an engine; an exception becomes a failure that carries the context (and so the seed to replay). */
    private static <T> T run(Supplier<T> call, String context) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw new AssertionError(context + ": " + e, e);
        }
    }

    private static String text(OptionalLong base) {
        return base.isPresent() ? "base " + U64.hex(base.getAsLong()) : "no base";
    }

    /** The query restricted to the given windows and limits, without member {@code drop} (limits count after the windows). */
    static PlaceQuery sub(PlaceQuery q, List<ReservedRegion> windows, List<PlaceQuery.Limit> limits, int drop) {
        Restriction r = Restriction.of(q.allowed(), windows, limits, drop);
        return new PlaceQuery(q.length(), q.alignLog2(), r.allowed(), r.windows());
    }
}
