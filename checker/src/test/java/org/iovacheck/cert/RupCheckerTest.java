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
    /**
     * One clause over k variables, then unit clauses negating each of them in several orders (ascending, descending, strided,
     * seeded shuffles): with all units the empty clause follows; without any single one it must not, so the resumed watch
     * search may skip no literal wherever it wraps around.
     */
    @Test
    void longClauseFalsifiedOneLiteralAtATime() {
        int k = 40;
        long seed = RupCheckerPropertyTest.seed(23);
        java.util.Random rnd = new java.util.Random(seed);
        int[] wide = new int[k];
        for (int i = 0; i < k; i++) {
            wide[i] = i + 1;
        }
        for (int o = 0; o < 12; o++) {
            java.util.List<Integer> order = new java.util.ArrayList<>();
            for (int i = 0; i < k; i++) {
                order.add(switch (o) {
                    case 0 -> i + 1;
                    case 1 -> k - i;
                    case 2 -> (i * 17 + 11) % k + 1;
                    default -> i + 1;
                });
            }
            if (o > 2) {
                java.util.Collections.shuffle(order, rnd);
            }
            for (int skip = -1; skip < k; skip++) {
                Cnf.Builder fb = new Cnf.Builder().declareVariables(k).add(wide);
                for (int i = 0; i < k; i++) {
                    if (i != skip) {
                        fb.add(-order.get(i));
                    }
                }
                ProofCheck c = RupChecker.check(fb.build(), proof(new int[] {}));
                assertEquals(skip < 0, c.verified(), "seed " + seed + ", order " + order + " without unit " + skip + ": " + c.describe());
            }
        }
    }

    /**
     * Lemma checks assign literals only for a while, so a clause's resumed watch search runs past literals that are free again
     * later. Lemmas that falsify part of a long clause W before a side gadget refutes them move W's watches; afterwards a lemma
     * that leaves exactly one literal of W open must still be rejected, whichever literal that is.
     */
    @Test
    void resumedWatchSearchSeesLiteralsFreedAfterALemma() {
        int k = 24;
        int z = k + 1;
        int u = k + 2;
        long seed = RupCheckerPropertyTest.seed(29);
        java.util.Random rnd = new java.util.Random(seed);
        java.util.List<Integer> wide = new java.util.ArrayList<>();
        for (int i = 1; i <= k; i++) {
            wide.add(i);
        }
        Cnf f = new Cnf.Builder().declareVariables(u).add(wide.stream().mapToInt(Integer::intValue).toArray()).add(z, u).add(z, -u)
                .build();
        for (int trial = 0; trial < 60; trial++) {
            for (int open = 0; open <= k; open++) {
                Proof.Builder b = new Proof.Builder();
                for (int warm = 0; warm < 1 + trial % 4; warm++) {
                    java.util.Collections.shuffle(wide, rnd);
                    int[] lemma = new int[1 + rnd.nextInt(k - 1) + 1];
                    for (int i = 0; i + 1 < lemma.length; i++) {
                        lemma[i] = wide.get(i);
                    }
                    lemma[lemma.length - 1] = z;
                    b.add(lemma);
                }
                int steps = b.build().size();
                java.util.Collections.shuffle(wide, rnd);
                int gap = open;
                b.add(wide.stream().filter(v -> v != gap).mapToInt(Integer::intValue).toArray());
                ProofCheck c = RupChecker.check(f, b.build());
                String where = "seed " + seed + ", trial " + trial + ", literal left open " + open + ": " + c.describe();
                assertEquals(ProofCheck.Status.REJECTED, c.status(), where);
                assertEquals(open == 0 ? -1 : steps, c.failedStep(), where);
            }
        }
    }
}
