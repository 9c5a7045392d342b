package org.iovacheck.engine.sat;

import java.util.function.BooleanSupplier;
import org.iovacheck.cert.Proof;
import org.sat4j.core.LiteralsUtils;
import org.sat4j.specs.IConstr;
import org.sat4j.specs.ISolverService;
import org.sat4j.specs.Lbool;
import org.sat4j.specs.SearchListenerAdapter;

/**
 * Mutable; a SAT4J search listener that appends learned clauses, units and deletions to an in-memory DRUP proof (if given one)
 * across all calls of an incremental solver, unlike RupSearchListener's file per call; aborts the search when the budget expires.
 */
final class ProofRecorder extends SearchListenerAdapter<ISolverService> {
    private static final long serialVersionUID = 1L;
    private static final int POLL = 512;

    private final transient Proof.Builder proof;
    private final transient BooleanSupplier expired;
    private long events;

    ProofRecorder(Proof.Builder proof, BooleanSupplier expired) {
        this.proof = proof;
        this.expired = expired;
    }

    @Override
    public void learn(IConstr c) {
        if (proof != null) {
            proof.add(literals(c));
        }
    }

    @Override
    public void learnUnit(int dimacsLiteral) {
        if (proof != null) {
            proof.add(dimacsLiteral);
        }
    }

    @Override
    public void delete(IConstr c) {
        if (proof != null) {
            proof.delete(literals(c));
        }
    }

    @Override
    public void end(Lbool result) {
        if (proof != null && result == Lbool.FALSE && !proof.endsWithEmptyClause()) {
            proof.add();
        }
    }

    @Override
    public void conflictFound(IConstr confl, int dlevel, int trailLevel) {
        poll();
    }

    @Override
    public void restarting() {
        poll();
    }

    /** Ends the search by unwinding out of SAT4J (its own stop() fails under a conflict-count timeout); the solver is dead after. */
    private void poll() {
        if (++events % POLL == 0 && expired.getAsBoolean()) {
            throw new BudgetExpired();
        }
    }

    /** The budget ran out inside a solver call; whoever called the solver answers UNKNOWN and drops the solver. */
    static final class BudgetExpired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExpired() {
            super("time budget exhausted during the search", null, false, false);
        }
    }

    private static int[] literals(IConstr c) {
        int[] lits = new int[c.size()];
        for (int i = 0; i < lits.length; i++) {
            lits[i] = LiteralsUtils.toDimacs(c.get(i));
        }
        return lits;
    }
}
