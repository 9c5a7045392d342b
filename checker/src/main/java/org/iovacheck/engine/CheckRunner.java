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

    public static CheckOutcome run(CheckQuery query, List<Engine> engines, Budget budget) {
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
