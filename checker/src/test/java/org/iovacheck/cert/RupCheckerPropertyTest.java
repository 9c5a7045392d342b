package org.iovacheck.cert;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sat4j.core.VecInt;
import org.sat4j.minisat.SolverFactory;
import org.sat4j.specs.ContradictionException;
import org.sat4j.specs.ISolver;
import org.sat4j.tools.RupSearchListener;

/**
 * Seeded properties of the RUP checker on random 3-CNF over 10 variables, with brute force over all 1024 assignments as the
 * oracle: SAT4J's own DRUP proofs (RupSearchListener) of unsatisfiable formulas verify, and the checker never accepts a
 * lemma (the empty one included) that some model of the formula violates, whatever the proof and its deletions.
 */
class RupCheckerPropertyTest {
    private static final int VARS = 10;

    @TempDir
    Path tmp;

    @Test
    void sat4jProofsOfUnsatisfiableFormulasVerify() throws Exception {
        long seed = seed(7);
        Random rnd = new Random(seed);
        int unsat = 0;
        for (int round = 0; round < 300; round++) {
            Cnf f = random3Cnf(rnd, 38 + rnd.nextInt(20));
            if (satisfiable(f) >= 0) {
                continue;
            }
            unsat++;
            Path file = tmp.resolve("p" + round + ".drup");
            ISolver s = SolverFactory.newDefault();
            s.setSearchListener(new RupSearchListener<>(file.toString()));
            s.newVar(VARS);
            boolean refutedWhileLoading = false;
            try {
                for (int i = 0; i < f.size(); i++) {
                    s.addClause(new VecInt(f.clause(i)));
                }
            } catch (ContradictionException e) {
                refutedWhileLoading = true;
            }
            String text = refutedWhileLoading ? "0\n" : null;
            if (!refutedWhileLoading) {
                assertTrue(!s.isSatisfiable(), "seed " + seed + ": SAT4J finds a model brute force does not");
                text = Files.readString(file);
            }
            ProofCheck c = RupChecker.check(f, DrupText.parse(text, "sat4j proof"));
            assertTrue(c.verified(), "seed " + seed + " round " + round + ": " + c.describe());
        }
        assertTrue(unsat > 50, "too few unsatisfiable formulas: " + unsat);
    }

    @Test
    void noProofVerifiesWhatIsNotImplied() {
        noProofVerifiesWhatIsNotImplied(seed(11), 3, 3, 20, 3);
    }

    /** Long clauses falsified in every order: the checker's resumed watch search must still see every literal. */
    @Test
    void noProofVerifiesWhatIsNotImpliedWithWideClauses() {
        noProofVerifiesWhatIsNotImplied(seed(13), 1, VARS, 6, 7);
    }

    private static void noProofVerifiesWhatIsNotImplied(long seed, int minWidth, int maxWidth, int minClauses, int maxLemma) {
        Random rnd = new Random(seed);
        int verified = 0;
        for (int round = 0; round < 3000; round++) {
            Cnf f = randomCnf(rnd, minClauses + rnd.nextInt(30), minWidth, maxWidth);
            Proof.Builder b = new Proof.Builder();
            int steps = 1 + rnd.nextInt(8);
            for (int i = 0; i < steps; i++) {
                int[] lemma = new int[rnd.nextInt(maxLemma)];
                for (int j = 0; j < lemma.length; j++) {
                    lemma[j] = (1 + rnd.nextInt(VARS)) * (rnd.nextBoolean() ? 1 : -1);
                }
                if (rnd.nextInt(5) == 0 && f.size() > 0) {
                    b.delete(f.clause(rnd.nextInt(f.size())));
                } else {
                    b.add(lemma);
                }
            }
            b.add();
            Proof p = b.build();
            ProofCheck c = RupChecker.check(f, p);
            int accepted = c.verified() ? firstEmpty(p) + 1 : c.failedStep() >= 0 ? c.failedStep() : p.size();
            for (int i = 0; i < accepted; i++) {
                if (!p.isDeletion(i) && !impliedByOriginal(f, p.step(i))) {
                    fail("seed " + seed + " round " + round + ": step " + (i + 1) + " was accepted but a model of the formula violates it ("
                            + c.describe() + ")");
                }
            }
            if (c.verified()) {
                verified++;
            }
        }
        assertTrue(verified > 0, "seed " + seed + ": no random proof verified at all; the property was never exercised");
    }

    private static int firstEmpty(Proof p) {
        for (int i = 0; i < p.size(); i++) {
            if (!p.isDeletion(i) && p.length(i) == 0) {
                return i;
            }
        }
        throw new AssertionError("a verified proof without the empty clause");
    }

    private static boolean impliedByOriginal(Cnf f, int[] lemma) {
        for (int a = 0; a < (1 << VARS); a++) {
            if (holds(f, a) && !satisfies(lemma, a)) {
                return false;
            }
        }
        return true;
    }

    static long seed(long fallback) {
        String s = System.getProperty("iovacheck.seed");
        return s == null || s.isBlank() ? fallback : Long.decode(s.trim());
    }

    static Cnf random3Cnf(Random rnd, int clauses) {
        return randomCnf(rnd, clauses, 3, 3);
    }

    static Cnf randomCnf(Random rnd, int clauses, int minWidth, int maxWidth) {
        Cnf.Builder b = new Cnf.Builder().declareVariables(VARS);
        for (int i = 0; i < clauses; i++) {
            int[] c = new int[minWidth + rnd.nextInt(maxWidth - minWidth + 1)];
            for (int j = 0; j < c.length; j++) {
                c[j] = (1 + rnd.nextInt(VARS)) * (rnd.nextBoolean() ? 1 : -1);
            }
            b.add(c);
        }
        return b.build();
    }

    /** A satisfying assignment as a bit mask (bit v-1 is variable v), or -1. */
    static int satisfiable(Cnf f) {
        for (int a = 0; a < (1 << VARS); a++) {
            if (holds(f, a)) {
                return a;
            }
        }
        return -1;
    }

    private static boolean holds(Cnf f, int a) {
        for (int i = 0; i < f.size(); i++) {
            if (!satisfies(f.clause(i), a)) {
                return false;
            }
        }
        return true;
    }

    private static boolean satisfies(int[] clause, int a) {
        for (int lit : clause) {
            boolean v = (a >> (Math.abs(lit) - 1) & 1) == 1;
            if (v == lit > 0) {
                return true;
            }
        }
        return false;
    }
}
