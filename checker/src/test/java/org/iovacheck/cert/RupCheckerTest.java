package org.iovacheck.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The RUP checker on hand-made proofs whose every lemma matters: valid proofs verify, dropped or altered lemmas are rejected. */
class RupCheckerTest {
    /** All eight clauses over variables 1..3: unsatisfiable, and no unit follows from it by propagation alone. */
    static Cnf allEight() {
        Cnf.Builder b = new Cnf.Builder();
        for (int m = 0; m < 8; m++) {
            b.add((m & 1) == 0 ? 1 : -1, (m & 2) == 0 ? 2 : -2, (m & 4) == 0 ? 3 : -3);
        }
        return b.build();
    }

    static Proof proof(int[]... lemmas) {
        Proof.Builder b = new Proof.Builder();
        for (int[] l : lemmas) {
            b.add(l);
        }
        return b.build();
    }

    @Test
    void validProofVerifies() {
        ProofCheck c = RupChecker.check(allEight(), proof(new int[] {1, 2}, new int[] {1}, new int[] {2}, new int[] {}));
        assertTrue(c.verified(), c.describe());
        assertEquals(4, c.lemmasChecked());
    }

    @Test
    void droppingAnyLemmaIsRejected() {
        int[][] lemmas = {{1, 2}, {1}, {2}, {}};
        for (int drop = 0; drop < lemmas.length; drop++) {
            int[][] rest = new int[lemmas.length - 1][];
            for (int i = 0, j = 0; i < lemmas.length; i++) {
                if (i != drop) {
                    rest[j++] = lemmas[i];
                }
            }
            ProofCheck c = RupChecker.check(allEight(), proof(rest));
            assertEquals(ProofCheck.Status.REJECTED, c.status(), "dropped lemma " + drop + ": " + c.describe());
        }
    }

    @Test
    void alteredLemmaIsRejectedAtThatStep() {
        ProofCheck c = RupChecker.check(allEight(), proof(new int[] {1, 2}, new int[] {-1}, new int[] {2}, new int[] {}));
        assertEquals(ProofCheck.Status.REJECTED, c.status());
        assertEquals(1, c.failedStep());
        assertArrayEquals(new int[] {-1}, c.failedLemma());
        assertTrue(c.describe().contains("step 2"), c.describe());
    }

    @Test
    void proofWithoutEmptyClauseIsRejected() {
        ProofCheck c = RupChecker.check(allEight(), proof(new int[] {1, 2}, new int[] {1}, new int[] {2}));
        assertEquals(ProofCheck.Status.REJECTED, c.status());
        assertTrue(c.describe().contains("without deriving the empty clause"), c.describe());
    }

    @Test
    void deletedLemmaNoLongerHelps() {
        Proof p = new Proof.Builder().add(1, 2).delete(1, 2).add(1).add(2).add().build();
        ProofCheck c = RupChecker.check(allEight(), p);
        assertEquals(ProofCheck.Status.REJECTED, c.status());
        assertEquals(2, c.failedStep());
        assertEquals(1, c.deletionsApplied());
    }

    @Test
    void deletingAUnitClauseUndoesWhatItPropagated() {
        Cnf f = new Cnf.Builder().add(1).add(-1, 2).add(-2).build();
        assertTrue(RupChecker.check(f, proof(new int[] {})).verified());
        ProofCheck c = RupChecker.check(f, new Proof.Builder().delete(1).add().build());
        assertEquals(ProofCheck.Status.REJECTED, c.status(), c.describe());
    }

    @Test
    void deletingAnAbsentClauseIsIgnoredAndCounted() {
        Proof p = new Proof.Builder().delete(1, 2, 2).add(1, 2).add(1).add(2).add().build();
        ProofCheck c = RupChecker.check(allEight(), p);
        assertTrue(c.verified(), c.describe());
        assertEquals(1, c.deletionsIgnored());
    }

    @Test
    void emptyClauseInTheFormulaNeedsOnlyTheEmptyLemma() {
        Cnf f = new Cnf.Builder().declareVariables(2).add(1, 2).add().build();
        assertTrue(RupChecker.check(f, proof(new int[] {})).verified());
    }

    @Test
    void lemmaOverUnknownVariableIsRejected() {
        ProofCheck c = RupChecker.check(allEight(), proof(new int[] {4}, new int[] {}));
        assertEquals(ProofCheck.Status.REJECTED, c.status());
        assertTrue(c.reason().contains("variable 4"), c.reason());
    }

    @Test
    void duplicateAndTautologicalLemmasAreHandled() {
        ProofCheck c = RupChecker.check(allEight(), proof(new int[] {1, 1, 2, 2}, new int[] {3, -3}, new int[] {1}, new int[] {2, 2}, new int[] {}));
        assertTrue(c.verified(), c.describe());
    }

    @Test
    void interruptedWhenTheCallerSaysStop() {
        ProofCheck c = RupChecker.check(allEight(), proof(new int[] {1, 2}, new int[] {}), () -> true);
        assertEquals(ProofCheck.Status.INTERRUPTED, c.status());
        assertFalse(c.verified());
    }
}
