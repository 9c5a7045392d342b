package org.iovacheck.engine.sat;

/** A SAT answer failed its own check (a proof that does not verify, a witness outside its ranges): a bug, never a verdict. */
public final class SatInternalError extends RuntimeException {
    public SatInternalError(String message) {
        super("sat engine: " + message);
    }
}
