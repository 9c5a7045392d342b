package org.iovacheck.engine;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.model.CheckQuery;

/**
 * Runs a check through the chosen engines and compares them: decided answers must agree on the verdict and on every conflict,
 * else {@link EngineDisagreement}. The result is UNKNOWN only when no engine decided within its budget.
 */
public final class CheckRunner {
    private CheckRunner() {
    }

    /**
     * The query without exclusions that lie wholly below the lowest or above the highest mapped address: they cannot meet a
     * mapped region, so every engine's answer is unchanged, and large fleets and dumps shrink to what can matter.
     */
    static CheckQuery withinHull(CheckQuery q) {
        if (q.mapped().isEmpty()) {
            return new CheckQuery(q.mapped(), List.of(), q.blockers());
        }
        long lo = q.mapped().get(0).range().first();
        long hi = q.mapped().get(0).range().last();
        for (var g : q.mapped()) {
            lo = org.iovacheck.model.U64.min(lo, g.range().first());
            hi = org.iovacheck.model.U64.max(hi, g.range().last());
        }
        if (q.exclusions() instanceof org.iovacheck.model.RegionTable t) {
            int[] rows = new int[t.size()];
            int k = 0;
            for (int i = 0; i < t.size(); i++) {
                if (org.iovacheck.model.U64.le(t.first(i), hi) && org.iovacheck.model.U64.le(lo, t.last(i))) {
                    rows[k++] = i;
                }
            }
            return k == t.size() ? q : new CheckQuery(q.mapped(), t.select(rows, k), q.blockers());
        }
        List<org.iovacheck.model.ReservedRegion> keep = new ArrayList<>();
        for (var r : q.exclusions()) {
            if (org.iovacheck.model.U64.le(r.range().first(), hi) && org.iovacheck.model.U64.le(lo, r.range().last())) {
                keep.add(r);
            }
        }
        return keep.size() == q.exclusions().size() ? q : new CheckQuery(q.mapped(), keep, q.blockers());
    }

    /**
     * Test hook: the system property {@code iovacheck.test.crash} ({@code oom}, {@code stack}, {@code runtime}) makes every check
     * fail that way, so tests can see that a crash is reported as one (exit 70) and never as a verdict; {@code hang} makes it
     * sleep without polling the budget, as a run stuck in GC would, so tests can see the watchdog end it.
     */
    static final String CRASH_HOOK = "iovacheck.test.crash";

    public static CheckOutcome run(CheckQuery query, List<Engine> engines, Budget budget) {
        String crash = System.getProperty(CRASH_HOOK);
        if (crash != null) {
            switch (crash) {
                case "oom" -> throw new OutOfMemoryError("Java heap space (test hook)");
                case "stack" -> throw new StackOverflowError();
                case "hang" -> {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("test hook interrupted");
                }
                default -> throw new IllegalStateException("test hook");
            }
        }
        query = withinHull(query);
        List<CheckAnswer> answers = new ArrayList<>();
        for (Engine e : engines) {
            answers.add(e.check(query, budget));
        }
        CheckAnswer decided = null;
        for (CheckAnswer a : answers) {
            if (a.verdict() == Verdict.UNKNOWN) {
                continue;
            }
            if (decided == null) {
                decided = a;
            } else if (a.verdict() != decided.verdict() || !a.conflicts().equals(decided.conflicts())) {
                throw new EngineDisagreement("engines disagree: " + decided.engine() + " says " + decided.verdict() + " with "
                        + decided.conflicts().size() + " conflict(s), " + a.engine() + " says " + a.verdict() + " with "
                        + a.conflicts().size(), query, answers);
            }
        }
        if (decided == null) {
            return new CheckOutcome(Verdict.UNKNOWN, List.of(), query.blockers(), answers);
        }
        return new CheckOutcome(decided.verdict(), decided.conflicts(), query.blockers(), answers);
    }
}
