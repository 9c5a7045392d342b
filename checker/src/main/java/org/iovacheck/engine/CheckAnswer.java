package org.iovacheck.engine;

import java.util.List;
import org.iovacheck.model.Conflict;

/** Immutable; one engine's answer to a check: verdict, every conflict found (sorted), evidence notes and statistics. */
public record CheckAnswer(String engine, Verdict verdict, List<Conflict> conflicts, List<String> evidence, Stats stats) {
    public CheckAnswer {
        conflicts = List.copyOf(conflicts);
        evidence = List.copyOf(evidence);
    }
}
