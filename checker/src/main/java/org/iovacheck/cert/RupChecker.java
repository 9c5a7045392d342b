package org.iovacheck.cert;

import java.util.function.BooleanSupplier;

/**
 * Checks a DRUP proof forward against a CNF, independent of any solver: every lemma must follow by reverse unit propagation
 * from the clauses present at that point (deletions honoured), over the formula's variables, until the empty clause.
 */
public final class RupChecker {
    private static final int POLL = 256;

    private RupChecker() {
    }

    public static ProofCheck check(Cnf cnf, Proof proof) {
        return check(cnf, proof, () -> false);
    }

    /** As {@link #check(Cnf, Proof)}; {@code stop} is polled now and then and ends the check as INTERRUPTED when it returns true. */
    public static ProofCheck check(Cnf cnf, Proof proof, BooleanSupplier stop) {
        ClauseDatabase db = new ClauseDatabase(cnf.variables(), cnf.size() + proof.size());
        db.stopWhen(stop);
        try {
            for (int i = 0; i < cnf.size(); i++) {
                if (i % 4096 == 4095 && stop.getAsBoolean()) {
                    throw new ClauseDatabase.Interrupted();
                }
                db.add(cnf.clause(i));
            }
            return steps(db, cnf, proof, stop);
        } catch (ClauseDatabase.Interrupted e) {
            return new ProofCheck(ProofCheck.Status.INTERRUPTED, 0, db.deletionsApplied(), db.deletionsIgnored(), -1, 0, null,
                    "the caller's budget ran out");
        }
    }

    private static ProofCheck steps(ClauseDatabase db, Cnf cnf, Proof proof, BooleanSupplier stop) {
        int lemmas = 0;
        for (int i = 0; i < proof.size(); i++) {
            if (i % POLL == 0 && stop.getAsBoolean()) {
                return new ProofCheck(ProofCheck.Status.INTERRUPTED, lemmas, db.deletionsApplied(), db.deletionsIgnored(), i,
                        proof.line(i), null, "the caller's budget ran out");
            }
            int[] step = proof.step(i);
            for (int lit : step) {
                if (Math.abs(lit) > cnf.variables()) {
                    return rejected(db, lemmas, i, proof, "variable " + Math.abs(lit) + " is not among the formula's " + cnf.variables() + " variables");
                }
            }
            if (proof.isDeletion(i)) {
                db.delete(step);
                continue;
            }
            if (!db.implies(step)) {
                return rejected(db, lemmas, i, proof, "not implied by reverse unit propagation: asserting its negation leads to no conflict");
            }
            lemmas++;
            if (step.length == 0) {
                return new ProofCheck(ProofCheck.Status.VERIFIED, lemmas, db.deletionsApplied(), db.deletionsIgnored(), -1, 0, null, "");
            }
            db.add(step);
        }
        return new ProofCheck(ProofCheck.Status.REJECTED, lemmas, db.deletionsApplied(), db.deletionsIgnored(), -1, 0, null,
                "the proof ends without deriving the empty clause");
    }

    private static ProofCheck rejected(ClauseDatabase db, int lemmas, int step, Proof proof, String why) {
        return new ProofCheck(ProofCheck.Status.REJECTED, lemmas, db.deletionsApplied(), db.deletionsIgnored(), step, proof.line(step),
                proof.step(step), why);
    }
}
