package org.iovacheck.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Deletions under the DRUP rules, on tiny formulas worked out by hand: a deleted clause is gone, so a lemma that is RUP only
 * through it (or through a top-level value it forced) is rejected, whatever forced that value and whenever the clause was
 * added. Each case has a control without the deletion that verifies, so the deletion is what decides.
 */
class RupDeletionTest {
    private static ProofCheck check(Cnf f, Proof p) {
        return RupChecker.check(f, p);
    }

    /** Every step accepted (the proof has no empty clause, so it ends REJECTED without a failing step). */
    private static void assertAccepted(int lemmas, ProofCheck c) {
        assertEquals(-1, c.failedStep(), c.describe());
        assertEquals(lemmas, c.lemmasChecked(), c.describe());
    }

    private static void assertRejectedAt(int step, ProofCheck c) {
        assertEquals(ProofCheck.Status.REJECTED, c.status(), c.describe());
        assertEquals(step, c.failedStep(), c.describe());
    }

    /** F = {1}, {-1 2}, {3 4}: 2 holds at the top level only through the binary clause, which propagation made its reason. */
    @Test
    void deletingTheBinaryReasonOfATopLevelValueTakesTheValueAway() {
        Cnf f = new Cnf.Builder().add(1).add(-1, 2).add(3, 4).build();
        assertAccepted(2, check(f, new Proof.Builder().add(2).add(2, 3).build()));
        // after d -1 2 the clauses are {1}, {3 4}: asserting -2 propagates only 1, no conflict
        ProofCheck c = check(f, new Proof.Builder().delete(2, -1).add(2).add().build());
        assertRejectedAt(1, c);
        assertEquals(1, c.deletionsApplied());
        assertEquals(0, c.deletionsIgnored());
        assertEquals(0, c.lemmasChecked());
    }

    /** A chain 1 -> 2 -> 3: deleting its middle link loses 2 and 3 but keeps 1. */
    @Test
    void deletingALinkOfAPropagationChainLosesEverythingAfterIt() {
        Cnf f = new Cnf.Builder().add(1).add(-1, 2).add(-2, 3).build();
        assertRejectedAt(1, check(f, new Proof.Builder().delete(-1, 2).add(3).build()));
        assertRejectedAt(1, check(f, new Proof.Builder().delete(-1, 2).add(2).build()));
        assertAccepted(3, check(f, new Proof.Builder().delete(-1, 2).add(1).add(-2, 3).add(1, 3).build()));
        // deleting the unit at the chain's head loses all three values
        assertRejectedAt(1, check(f, new Proof.Builder().delete(1).add(1).build()));
        assertRejectedAt(1, check(f, new Proof.Builder().delete(1).add(3).build()));
    }

    /** The reason of 3 is the ternary {-1 -2 3}; written in every literal order, its deletion is found and honoured. */
    @Test
    void deletingATernaryReasonInAnyLiteralOrder() {
        int[][] orders = {{-1, -2, 3}, {-1, 3, -2}, {3, -1, -2}, {3, -2, -1}, {-2, 3, -1}, {-2, -1, 3}};
        for (int[] written : orders) {
            for (int[] deleted : orders) {
                Cnf f = new Cnf.Builder().add(1).add(2).add(written).add(4, 5).build();
                assertAccepted(1, check(f, new Proof.Builder().add(3).build()));
                ProofCheck c = check(f, new Proof.Builder().delete(deleted).add(3).build());
                assertRejectedAt(1, c);
                assertEquals(1, c.deletionsApplied());
            }
        }
    }

    /** The value survives a deletion when another present clause forces it too: the assignment is recomputed, not dropped. */
    @Test
    void aValueForcedTwiceSurvivesTheDeletionOfOneReason() {
        Cnf f = new Cnf.Builder().add(1).add(-1, 2).add(2, -1, 3).add(2).build();
        assertAccepted(2, check(f, new Proof.Builder().delete(-1, 2).add(2).add(2, 3).build()));
        // and when the second reason goes too, 2 is no longer implied ({-1 2 3} alone leaves 3 open)
        assertRejectedAt(2, check(f, new Proof.Builder().delete(-1, 2).delete(2).add(2).build()));
    }

    /** Deleting a clause that forced nothing (it was satisfied) keeps every top-level value. */
    @Test
    void deletingASatisfiedClauseKeepsTheValues() {
        Cnf f = new Cnf.Builder().add(1).add(-1, 2).add(1, 3).build();
        assertAccepted(2, check(f, new Proof.Builder().delete(3, 1).add(2).add(1).build()));
    }

    /**
     * The first deletion makes the checker index the clauses present; lemmas added afterwards must be deletable too. Over
     * all eight 3-clauses of 1..3, {1} is RUP with {1 2} present and not without it.
     */
    @Test
    void lemmasAddedAfterTheFirstDeletionCanBeDeleted() {
        Cnf f = RupCheckerTest.allEight();
        ProofCheck control = check(f, new Proof.Builder().delete(1, 2).add(1, 2).add(1).build());
        assertAccepted(2, control);
        assertEquals(1, control.deletionsIgnored(), "{1 2} is not in the formula: " + control.describe());

        ProofCheck c = check(f, new Proof.Builder().delete(1, 2).add(1, 2).delete(2, 1).add(1).build());
        assertRejectedAt(3, c);
        assertEquals(1, c.deletionsApplied(), c.describe());
        assertEquals(1, c.deletionsIgnored(), c.describe());
    }

    /**
     * Likewise for a unit lemma added after the index exists: {1} (RUP from {1 2} and {1 -2} over all eight clauses) forces 1
     * at the top level; once it and both binaries are deleted, {1} is no longer RUP. Without the unit's deletion it is.
     */
    @Test
    void aUnitLemmaAddedAfterTheFirstDeletionTakesItsValueWhenDeleted() {
        Cnf f = RupCheckerTest.allEight();
        assertAccepted(4, check(f, new Proof.Builder().delete(1, 2).add(1, 2).add(1, -2).add(1).delete(1, 2).delete(1, -2).add(1)
                .build()));
        assertRejectedAt(7, check(f, new Proof.Builder().delete(1, 2).add(1, 2).add(1, -2).add(1).delete(1).delete(1, 2).delete(1, -2)
                .add(1).build()));
        // the same when the unit is deleted last, after the clauses that made it RUP
        assertRejectedAt(7, check(f, new Proof.Builder().delete(1, 2).add(1, 2).add(1, -2).add(1).delete(1, 2).delete(1, -2).delete(1)
                .add(1).build()));
    }

    /** Two copies of a clause: deleting one leaves the other, deleting both leaves none (and a third deletion is ignored). */
    @Test
    void copiesAreDeletedOneAtATime() {
        Cnf f = RupCheckerTest.allEight();
        assertAccepted(3, check(f, new Proof.Builder().add(1, 2).add(2, 1).delete(1, 2).add(1).build()));
        ProofCheck two = check(f, new Proof.Builder().add(1, 2).add(2, 1).delete(1, 2).delete(1, 2).delete(1, 2).add(1).build());
        assertRejectedAt(5, two);
        assertEquals(2, two.deletionsApplied());
        assertEquals(1, two.deletionsIgnored());
        // the same with the index built before the copies were added
        assertAccepted(3, check(f, new Proof.Builder().delete(1).add(1, 2).add(2, 1).delete(1, 2).add(1).build()));
    }

    /** While the formula is refuted at the top level everything is RUP; deleting the clash restores the real rules. */
    @Test
    void deletingTheClashOfAnInconsistentFormulaRestoresTheRules() {
        Cnf f = new Cnf.Builder().declareVariables(3).add(1).add(-1).add(1, 2).build();
        // {3} is RUP while {1} and {-1} are both present, and stays present as a clause after the clash is deleted
        ProofCheck c = check(f, new Proof.Builder().add(3).delete(-1).add(3).add(1).add(2).build());
        assertRejectedAt(4, c);
        assertEquals(3, c.lemmasChecked(), c.describe());
        ProofCheck gone = check(f, new Proof.Builder().delete(-1).add().build());
        assertRejectedAt(1, gone);
    }

    /** Deletions of clauses that are not present are ignored and counted; they remove nothing. */
    @Test
    void deletingAClauseThatWasNeverPresentIsIgnored() {
        Cnf f = new Cnf.Builder().add(1, 2).add(-1, 2).build();
        ProofCheck c = check(f, new Proof.Builder().delete(-2).delete(1).delete(1, 2).add(2).build());
        assertRejectedAt(3, c);
        assertEquals(1, c.deletionsApplied());
        assertEquals(2, c.deletionsIgnored());
    }
}
