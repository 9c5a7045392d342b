package org.iovacheck.bench;

import java.util.Map;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.Engines;
import org.iovacheck.engine.PlaceAnswer;
import org.iovacheck.engine.interval.IntervalEngine;

/** One call of an iovacheck engine on an instance through the public Engine API, and its answer reduced for comparison. */
final class EngineRun {
    /** Immutable; the reduced answer and the engine's own counters (solver calls, clauses, proof lemmas...). */
    record Result(Answer answer, Map<String, Long> counters) {
    }

    private EngineRun() {
    }

    /** "interval" is constructed directly, as a library user would; every other name goes through Engines.select. */
    static Engine engine(String name) {
        return name.equals("interval") ? new IntervalEngine() : Engines.select(name).get(0);
    }

    static Result once(Engine e, Instance in, long budgetMillis) {
        if (in.check() != null) {
            CheckAnswer a = e.check(in.check(), Budget.millis(budgetMillis));
            return new Result(Answer.of(a), a.stats().counters());
        }
        PlaceAnswer a = e.place(in.place(), Budget.millis(budgetMillis));
        return new Result(Answer.of(a), a.stats().counters());
    }
}
