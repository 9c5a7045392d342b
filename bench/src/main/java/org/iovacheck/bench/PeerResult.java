package org.iovacheck.bench;

/**
 * Immutable; what one peer run concluded: SAT (with the model value of the base or address when the peer gave one), UNSAT,
 * UNKNOWN (the solver gave up by itself), TIMEOUT (the bench stopped it) or an ERROR with the solver's message.
 */
record PeerResult(Status status, Long value, double millis, String detail) {
    /** The outcomes a peer run can have. */
    enum Status {
        SAT, UNSAT, UNKNOWN, TIMEOUT, ERROR
    }

    static PeerResult sat(Long value, double millis) {
        return new PeerResult(Status.SAT, value, millis, "");
    }

    static PeerResult unsat(double millis) {
        return new PeerResult(Status.UNSAT, null, millis, "");
    }

    boolean decided() {
        return status == Status.SAT || status == Status.UNSAT;
    }
}
