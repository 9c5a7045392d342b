package org.iovacheck.cli;

import org.iovacheck.engine.Verdict;

/**
 * The exit codes scripts rely on: 0 safe/found/proven/accept, 1 unsafe/infeasible/counterexample/refuse, 2 bad input, 3 unknown,
 * 4 degraded (the VM starts, peer-to-peer to some BAR fails), 70 internal error.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int NEGATIVE = 1;
    public static final int INPUT = 2;
    public static final int UNKNOWN = 3;
    public static final int DEGRADED = 4;
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }

    public static int of(Verdict v) {
        return switch (v) {
            case SAFE, ACCEPT, PROVEN, FOUND -> OK;
            case UNSAFE, NO_LAYOUT, REFUSE, COUNTEREXAMPLE, INFEASIBLE -> NEGATIVE;
            case UNKNOWN -> UNKNOWN;
            case DEGRADED -> DEGRADED;
        };
    }
}
