package org.iovacheck.engine;

import java.util.List;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.Conflict;

/** Immutable; the agreed answer of the engines that ran on one check, with every engine's own answer. */
public record CheckOutcome(Verdict verdict, List<Conflict> conflicts, List<Blocker> blockers, List<CheckAnswer> answers) {
    public CheckOutcome {
        conflicts = List.copyOf(conflicts);
        blockers = List.copyOf(blockers);
        answers = List.copyOf(answers);
    }
}
