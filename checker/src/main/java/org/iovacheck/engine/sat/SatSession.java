package org.iovacheck.engine.sat;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.iovacheck.cert.Certificate;
import org.iovacheck.cert.Cnf;
import org.iovacheck.cert.Proof;
import org.iovacheck.cert.ProofCheck;
import org.iovacheck.cert.RupChecker;
import org.sat4j.core.VecInt;
import org.sat4j.minisat.SolverFactory;
import org.sat4j.minisat.core.Solver;
import org.sat4j.minisat.orders.PositiveLiteralSelectionStrategy;
import org.sat4j.specs.ContradictionException;
import org.sat4j.specs.ISolver;
import org.sat4j.specs.TimeoutException;

/**
 * Mutable; an incremental SAT4J solver whose clauses are mirrored into a CNF and whose learned clauses form a DRUP proof, so an
 * UNSAT answer (also a clause falsified while loading) becomes a certificate verified in-tree before anyone relies on it.
 */
final class SatSession {
    /** What one solver call concluded. */
    enum Result {
        SAT, UNSAT, UNKNOWN
    }

    private final ISolver solver;
    private final Cnf.Builder cnf = new Cnf.Builder();
    private final Proof.Builder proof = new Proof.Builder();
    private final BooleanSupplier expired;
    private boolean refuted;
    private boolean dead;
    private int calls;
    private long added;
    private boolean loadStopped;

    /** A session over variables 1..variables; {@code preferTrue} makes every decision try the positive literal first. */
    SatSession(int variables, boolean preferTrue, BooleanSupplier expired) {
        this.expired = expired;
        ISolver s = SolverFactory.newDefault();
        if (s instanceof Solver<?> cdcl) {
            cdcl.setSimplifier(org.sat4j.minisat.core.SimplificationType.SIMPLE_SIMPLIFICATION);
            if (preferTrue) {
                cdcl.getOrder().setPhaseSelectionStrategy(new PositiveLiteralSelectionStrategy());
            }
        }
        s.setTimeoutOnConflicts(Integer.MAX_VALUE);
        s.setKeepSolverHot(true);
        s.setSearchListener(new ProofRecorder(proof, expired));
        s.newVar(variables);
        cnf.declareVariables(variables);
        this.solver = s;
    }

    void add(int... clause) {
        // Loading a formula of millions of clauses takes seconds: poll the budget, and once it has passed stop loading (the next
        // solve() answers UNKNOWN), so the engine's overshoot stays small.
        if ((++added & 0x3FF) == 0 && !loadStopped && expired.getAsBoolean()) {
            loadStopped = true;
        }
        if (loadStopped) {
            return;
        }
        cnf.add(clause);
        if (refuted) {
            return;
        }
        try {
            solver.addClause(new VecInt(clause));
        } catch (ContradictionException e) {
            refuted = true;
        }
    }

    Result solve() {
        if (loadStopped && !dead) {
            dead = true;
            calls++;
            return Result.UNKNOWN; // the budget ran out while the formula was loaded: it is incomplete
        }
        if (dead) {
            throw new IllegalStateException("the session already answered UNKNOWN");
        }
        calls++;
        if (refuted) {
            return Result.UNSAT;
        }
        if (expired.getAsBoolean()) {
            dead = true;
            return Result.UNKNOWN;
        }
        try {
            if (solver.isSatisfiable()) {
                return Result.SAT;
            }
            refuted = true;
            return Result.UNSAT;
        } catch (TimeoutException | ProofRecorder.BudgetExpired e) {
            dead = true;
            return Result.UNKNOWN;
        }
    }

    /** The value of a variable in the model of the last SAT answer. */
    boolean value(int variable) {
        return solver.model(variable);
    }

    /**
     * The certificate of the last UNSAT answer, checked by the RUP checker; empty when the budget ran out during the check.
     * A proof that does not verify is a {@link SatInternalError}.
     */
    Optional<Certificate> refutation(String claim) {
        if (!refuted) {
            throw new IllegalStateException("no UNSAT answer to certify");
        }
        if (!proof.endsWithEmptyClause()) {
            proof.add();
        }
        Cnf f = cnf.build();
        Proof p = proof.build();
        ProofCheck check = RupChecker.check(f, p, expired);
        if (check.status() == ProofCheck.Status.INTERRUPTED) {
            return Optional.empty();
        }
        if (!check.verified()) {
            throw new SatInternalError("the DRUP proof that " + claim + " does not verify: " + check.describe());
        }
        return Optional.of(new Certificate(claim, f, p, check));
    }

    int calls() {
        return calls;
    }

    int clauses() {
        return cnf.size();
    }
}
