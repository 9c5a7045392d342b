package org.iovacheck.engine.sat;

import java.util.function.BooleanSupplier;
import org.iovacheck.cert.Certificate;
import org.iovacheck.cert.Cnf;
import org.iovacheck.cert.Proof;
import org.iovacheck.cert.ProofCheck;
import org.iovacheck.cert.RupChecker;

/**
 * Immutable outcome; a refutation of an encoding by unit propagation alone, with no solver: the DRUP proof that is just the
 * empty clause, verified by the in-tree RUP checker like every other proof. A bank query that bound propagation blocks (the
 * solver's seed, an explanation found by slot arithmetic), or "some bank below the first-fit slots", is refuted this way in
 * one linear pass, where a solver would first build its own copy of the formula (SAT4J's watch lists weigh several times
 * the clauses).
 */
record UnitRefutation(Outcome outcome, Certificate certificate) {
    /** What the attempt concluded. */
    enum Outcome {
        /** Unit propagation derives the empty clause: {@link #certificate()} holds the verified certificate. */
        REFUTED,
        /** Unit propagation stops short of a conflict: a solver has to decide. */
        OPEN,
        /** The budget ran out during the check. */
        INTERRUPTED
    }

    /** Tries to refute the clauses of {@code enc} by unit propagation; {@code claim} says what a refutation means. */
    static UnitRefutation of(BankEncoding enc, String claim, BooleanSupplier expired) {
        return of(enc, null, claim, expired);
    }

    /** As {@link #of(BankEncoding, String, BooleanSupplier)}, with one more clause (e.g. "some bank lower") when not null. */
    static UnitRefutation of(BankEncoding enc, int[] extra, String claim, BooleanSupplier expired) {
        Cnf.Builder b = new Cnf.Builder().declareVariables(enc.variables());
        for (int i = 0; i < enc.clauses(); i++) {
            b.add(enc.clause(i));
        }
        if (extra != null) {
            b.add(extra);
        }
        Cnf f = b.build();
        Proof p = new Proof.Builder().add().build();
        ProofCheck check = RupChecker.check(f, p, expired);
        return switch (check.status()) {
            case VERIFIED -> new UnitRefutation(Outcome.REFUTED, new Certificate(claim, f, p, check));
            case INTERRUPTED -> new UnitRefutation(Outcome.INTERRUPTED, null);
            default -> new UnitRefutation(Outcome.OPEN, null);
        };
    }
}
