package org.iovacheck.bench;

import org.iovacheck.engine.Verdict;

/** The four kinds of instance the comparison covers: both questions the engines answer, each with a yes and a no answer. */
enum Question {
    CHECK_SAFE("check", Verdict.SAFE),
    CHECK_UNSAFE("check", Verdict.UNSAFE),
    PLACE_FOUND("place", Verdict.FOUND),
    PLACE_INFEASIBLE("place", Verdict.INFEASIBLE);

    private final String command;
    private final Verdict expected;

    Question(String command, Verdict expected) {
        this.command = command;
        this.expected = expected;
    }

    /** "check" or "place". */
    String command() {
        return command;
    }

    /** The verdict the generator built the instance to have. */
    Verdict expected() {
        return expected;
    }

    boolean isCheck() {
        return command.equals("check");
    }

    /** True when a peer's "sat" means this answer (a conflict address exists, or a base exists). */
    boolean satMeansYes() {
        return this == CHECK_UNSAFE || this == PLACE_FOUND;
    }

    String label() {
        return command + " " + expected.name();
    }
}
