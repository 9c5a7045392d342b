package org.iovacheck.bench;

/** A solver a user might pick instead of iovacheck, run on the bench's instances with a per-run time limit. */
interface Peer {
    /** The column name, with the solver's version where known. */
    String name();

    /** Empty when the peer can run here, else why not (e.g. the z3 binary is missing). */
    String unavailableReason();

    /** A run with nothing to decide: its wall time is the peer's fixed cost (process or context start-up). */
    Run trivial() throws Exception;

    /** Does the per-instance work that is not timed (e.g. writing the script file) and returns the timed part. */
    Run prepare(Instance in) throws Exception;

    /** The timed part of one peer run. */
    interface Run extends AutoCloseable {
        /** Solves once; the result's millis is the wall time the peer spent, limit or not. */
        PeerResult solve(long limitMillis) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }
}
