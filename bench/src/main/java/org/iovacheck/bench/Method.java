package org.iovacheck.bench;

/**
 * Immutable; how every cell is repeated and limited. The report's method section is written from these same values.
 *
 * @param engine        in-process engine cells
 * @param z3            z3 cells (no warm-up: every run is a new process)
 * @param smtInterpol   SMTInterpol cells up to {@link #bigWindows} (in-process, so JIT warm-up applies)
 * @param peerLimitMillis  a peer run is stopped at this wall time
 * @param bigWindows    from this window count on, a peer runs once per instance, and not at all on a question (check or
 *                      place) on which it was already stopped at that size
 * @param isolateSatFrom from this window count on, sat engine cells run in a child JVM stopped at {@code satLimitMillis}
 * @param satLimitMillis hard limit of one sat run in a child JVM
 * @param childWarmWindows the child JVM warms up on the instance of the same question with this many windows
 */
record Method(Timer.Policy engine, Timer.Policy z3, Timer.Policy smtInterpol, long peerLimitMillis, int bigWindows,
              int isolateSatFrom, long satLimitMillis, int childWarmWindows) {
    /** The defaults bench/run uses; {@code runs} is the engines' number of measured runs. */
    static Method standard(int runs) {
        return new Method(new Timer.Policy(3, 2_000, runs, 5_000), new Timer.Policy(0, 0, 5, 8_000),
                new Timer.Policy(2, 2_000, 5, 8_000), 60_000, 100_000, 100_000, 15_000, 4_096);
    }

    /** Peers at {@code bigWindows}: no warm-up, one run. */
    Timer.Policy bigPeer() {
        return new Timer.Policy(0, 0, 1, 0);
    }
}
