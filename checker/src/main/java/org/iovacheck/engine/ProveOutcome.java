package org.iovacheck.engine;

import java.util.List;
import org.iovacheck.model.Host;

/**
 * Immutable; the answer to "is this layout safe on every host of the class": PROVEN with one discharged obligation per
 * class region (each decided by every engine that ran), COUNTEREXAMPLE with a concrete host whose own check confirms it,
 * or UNKNOWN.
 */
public record ProveOutcome(Verdict verdict, List<Obligation> obligations, Host counterexample, CheckOutcome counterexampleCheck) {
    public ProveOutcome {
        obligations = List.copyOf(obligations);
    }

    /** Immutable; one proof obligation (a class region, the aperture, or assignability) and how the engines decided it. */
    public record Obligation(String subject, String statement, Verdict verdict, List<CheckAnswer> answers) {
        public Obligation {
            answers = List.copyOf(answers);
        }
    }
}
