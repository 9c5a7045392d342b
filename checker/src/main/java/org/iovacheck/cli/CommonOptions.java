package org.iovacheck.cli;

import java.util.List;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.Engines;
import org.iovacheck.format.InputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** The options every checking command takes: which engines decide, the time budget, and the output format. */
final class CommonOptions {
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    // The texts are constants, shared by the annotations (place, hotadd, prove) and the model API (check: addTo).
    static final String ENGINE_DESCRIPTION = "Which engines decide: default (the interval fast path confirmed by sat), all (adds "
            + "alloy), one of interval, sat, alloy, or a comma-separated list. Default: ${DEFAULT-VALUE}.";
    static final String TIMEOUT_DESCRIPTION = "Time budget of the whole run (reading inputs and writing reports included);"
            + " engines out of time answer UNKNOWN, and a watchdog stops a run still busy shortly after (exit 3, UNKNOWN). Default: "
            + "${DEFAULT-VALUE}.";
    static final String FORMAT_DESCRIPTION = "Output format. Default: ${DEFAULT-VALUE}.";

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "default", description = ENGINE_DESCRIPTION)
    String engine;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300", description = TIMEOUT_DESCRIPTION)
    long timeoutSeconds;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = FORMAT_DESCRIPTION)
    String format;

    /** Adds these options to a command built with the model API ({@link Specs}); {@link #readFrom} takes their values. */
    static void addTo(CommandSpec s) {
        s.addOption(OptionSpec.builder("--engine").paramLabel("NAME").defaultValue("default").type(String.class)
                .description(ENGINE_DESCRIPTION).build());
        s.addOption(OptionSpec.builder("--timeout").paramLabel("SECONDS").defaultValue("300").type(long.class)
                .description(TIMEOUT_DESCRIPTION).build());
        s.addOption(OptionSpec.builder("--format").paramLabel("text|json").defaultValue("text").type(String.class)
                .description(FORMAT_DESCRIPTION).build());
    }

    /** These options' values from a parsed command built with {@link #addTo}. */
    static CommonOptions readFrom(CommandSpec s) {
        CommonOptions o = new CommonOptions();
        o.mixee = s;
        o.engine = Specs.option(s, "--engine", "default");
        o.timeoutSeconds = Specs.option(s, "--timeout", 300L);
        o.format = Specs.option(s, "--format", "text");
        return o;
    }

    /** Validates the options; call first. */
    void validate() throws InputException {
        if (!format.equals("text") && !format.equals("json")) {
            throw InputException.option("--format", "'" + format + "' is not text or json");
        }
        if (timeoutSeconds <= 0) {
            throw InputException.option("--timeout", "must be positive");
        }
        engines();
        RunGuard.phase("reading the inputs");
        RunGuard.current().configure(mixee == null ? "iovacheck" : mixee.name(), timeoutSeconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : timeoutSeconds * 1000, json());
    }

    List<Engine> engines() throws InputException {
        try {
            return Engines.select(engine);
        } catch (IllegalArgumentException e) {
            throw InputException.option("--engine", e.getMessage());
        }
    }

    /** The run-wide budget: --timeout counted from the start of the run (reading the inputs included). */
    Budget budget() {
        return RunGuard.current().budget();
    }

    boolean json() {
        return format.equals("json");
    }
}
