package org.iovacheck.cli;

import java.util.List;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.Engines;
import org.iovacheck.format.InputException;
import picocli.CommandLine.Option;

/** The options every checking command takes: which engines decide, the time budget, and the output format. */
final class CommonOptions {
    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "default",
            description = {"Which engines decide: default (the interval fast path confirmed by sat), all (adds alloy), one of "
                    + "interval, sat, alloy, or a comma-separated list. Default: ${DEFAULT-VALUE}."})
    String engine;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Time budget; an engine out of time answers UNKNOWN. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    /** Validates the options; call first. */
    void validate() throws InputException {
        if (!format.equals("text") && !format.equals("json")) {
            throw InputException.option("--format", "'" + format + "' is not text or json");
        }
        if (timeoutSeconds <= 0) {
            throw InputException.option("--timeout", "must be positive");
        }
        engines();
    }

    List<Engine> engines() throws InputException {
        try {
            return Engines.select(engine);
        } catch (IllegalArgumentException e) {
            throw InputException.option("--engine", e.getMessage());
        }
    }

    /** A fresh budget of the given seconds, started now. */
    Budget budget() {
        return Budget.millis(timeoutSeconds * 1000);
    }

    boolean json() {
        return format.equals("json");
    }
}
