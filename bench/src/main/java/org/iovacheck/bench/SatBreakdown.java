package org.iovacheck.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.iovacheck.cert.Certificate;
import org.iovacheck.cert.Cnf;
import org.iovacheck.cert.RupChecker;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.sat.SatEngine;
import org.sat4j.core.VecInt;
import org.sat4j.minisat.SolverFactory;
import org.sat4j.minisat.core.Solver;
import org.sat4j.specs.ContradictionException;
import org.sat4j.specs.ISolver;

/**
 * Where the sat engine's check time goes: the engine's last refuted CNF is solved again by plain SAT4J with its default
 * (expensive) learned-clause minimisation and with the simple one, and the engine's DRUP proof is checked again by the RUP
 * checker; each a median of 5 runs after at least 2 warm-up runs and 2 s, as Markdown rows.
 */
final class SatBreakdown {
    private static final Timer.Policy POLICY = new Timer.Policy(2, 2_000, 5, 30_000);

    private SatBreakdown() {
    }

    static List<String> rows(int windows) throws Exception {
        List<String> t = new ArrayList<>();
        t.add("| windows | bits | question | sat engine | SAT4J default minimisation | SAT4J simple minimisation | RUP check of the proof |");
        t.add("|---:|---:|---|---:|---:|---:|---:|");
        for (int bits : ComparisonInstances.BITS) {
            for (Instance in : ComparisonInstances.of(windows, bits)) {
                if (in.check() == null) {
                    continue;
                }
                List<Certificate> certs = new ArrayList<>();
                SatEngine engine = new SatEngine(certs::add);
                double total = Timer.measure(POLICY, () -> engine.check(in.check(), Budget.unlimited())).median();
                Certificate last = certs.get(certs.size() - 1);
                double dflt = Timer.measure(POLICY, () -> solve(last.cnf(), false)).median();
                double simple = Timer.measure(POLICY, () -> solve(last.cnf(), true)).median();
                double rup = Timer.measure(POLICY, () -> RupChecker.check(last.cnf(), last.proof())).median();
                t.add(String.format(Locale.ROOT, "| %,d | %d | %s | %s | %s | %s | %s |", windows, bits, in.question().label(), Cell.ms(total),
                        Cell.ms(dflt), Cell.ms(simple), Cell.ms(rup)));
                System.err.println(t.get(t.size() - 1));
            }
        }
        return t;
    }

    /** Loads and solves the CNF in a fresh default SAT4J solver; throws if it is satisfiable (it is a refuted CNF). */
    private static Boolean solve(Cnf cnf, boolean simpleMinimisation) throws Exception {
        ISolver s = SolverFactory.newDefault();
        if (simpleMinimisation && s instanceof Solver<?> cdcl) {
            cdcl.setSimplifier(cdcl.SIMPLE_SIMPLIFICATION);
        }
        s.newVar(cnf.variables());
        try {
            for (int c = 0; c < cnf.size(); c++) {
                s.addClause(new VecInt(cnf.clause(c)));
            }
            if (s.isSatisfiable()) {
                throw new IllegalStateException("a refuted CNF is satisfiable");
            }
        } catch (ContradictionException e) {
            return Boolean.FALSE;
        }
        return Boolean.FALSE;
    }
}
