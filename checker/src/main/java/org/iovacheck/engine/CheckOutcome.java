package org.iovacheck.engine;

import java.util.List;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.Severity;

/** Immutable; the agreed answer of the engines that ran on one check, with every engine's own answer. */
public record CheckOutcome(Verdict verdict, List<Conflict> conflicts, List<Blocker> blockers, List<CheckAnswer> answers) {
    public CheckOutcome {
        conflicts = List.copyOf(conflicts);
        blockers = List.copyOf(blockers);
        answers = List.copyOf(answers);
    }

    /** The verdict by severity: DEGRADED when the engines' UNSAFE rests only on conflicts that cost peer-to-peer alone. */
    public Verdict bySeverity() {
        if (verdict == Verdict.UNSAFE && blockers.isEmpty() && !conflicts.isEmpty()
                && conflicts.stream().allMatch(c -> Severity.of(c) == Severity.P2P_FAILS)) {
            return Verdict.DEGRADED;
        }
        return verdict;
    }
}
