package org.iovacheck.engine;

import java.util.List;
import org.iovacheck.model.CheckQuery;

/** Two engines gave different decided answers to the same query: a bug, never hidden; carries the query for replay. */
public final class EngineDisagreement extends RuntimeException {
    private final transient CheckQuery query;
    private final transient List<CheckAnswer> answers;

    public EngineDisagreement(String message, CheckQuery query, List<CheckAnswer> answers) {
        super(message);
        this.query = query;
        this.answers = List.copyOf(answers);
    }

    public CheckQuery query() {
        return query;
    }

    public List<CheckAnswer> answers() {
        return answers;
    }
}
