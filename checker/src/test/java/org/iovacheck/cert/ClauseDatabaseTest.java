package org.iovacheck.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The clause database directly: its size hint is only a hint (it grows past it and past its first literal store), long
 * propagations are polled, and a caller's stop condition ends a long load or a long proof as INTERRUPTED.
 */
class ClauseDatabaseTest {
    /** x1 and the chain x1 -> x2 -> ... -> xn, given to a database told to expect no clauses: every xi is implied, nothing more. */
    @Test
    void growsPastItsSizeHintAndItsFirstLiteralStore() {
        int n = 3000;
        ClauseDatabase db = new ClauseDatabase(n + 1, 0);
        for (int i = 1; i < n; i++) {
            db.add(new int[] {-i, i + 1});
        }
        assertFalse(db.implies(new int[] {n}), "without the unit nothing is forced");
        assertTrue(db.implies(new int[] {-1, n}), "but x1 -> xn is RUP through the chain");
        db.add(new int[] {1});
        for (int i = 1; i <= n; i += 97) {
            assertTrue(db.implies(new int[] {i}), "x" + i);
        }
        assertTrue(db.implies(new int[] {n}));
        assertFalse(db.implies(new int[] {n + 1}));
        assertFalse(db.implies(new int[] {-n}));
        // many clauses watching one literal
        for (int i = 2; i <= 40; i++) {
            db.add(new int[] {-(n + 1), -i, i + 1, n});
        }
        assertFalse(db.implies(new int[] {-(n + 1)}));
        db.delete(new int[] {-(n / 2), n / 2 + 1});
        assertFalse(db.implies(new int[] {n}), "the chain is cut");
        assertTrue(db.implies(new int[] {n / 2}));
        assertEquals(1, db.deletionsApplied());
    }

    /** Propagation polls the stop condition every 65,536 literals: a load that propagates 70,000 values is stopped. */
    @Test
    void aLongPropagationIsStopped() {
        int n = 70000;
        ClauseDatabase db = new ClauseDatabase(n, n);
        db.stopWhen(() -> true);
        for (int i = 1; i < n; i++) {
            db.add(new int[] {-i, i + 1});
        }
        assertThrows(ClauseDatabase.Interrupted.class, () -> db.add(new int[] {1}));
        ClauseDatabase short_ = new ClauseDatabase(1000, 1000);
        short_.stopWhen(() -> true);
        for (int i = 1; i < 1000; i++) {
            short_.add(new int[] {-i, i + 1});
        }
        short_.add(new int[] {1});
        assertTrue(short_.implies(new int[] {1000}), "1,000 propagations finish without asking");
    }

    /**
     * A 100,000-clause formula: its load asks the stop condition regularly (at least once per 10,000 clauses, so a budget is
     * honoured while a large CNF loads), and a condition that turns true ends the check before any step.
     */
    @Test
    void theCallersStopIsAskedWhileALongFormulaLoads() {
        int n = 100000;
        Cnf.Builder b = new Cnf.Builder().add(1);
        for (int i = 1; i < n; i++) {
            b.add(-i, i + 1);
        }
        Cnf f = b.add(-n).build();
        Proof p = new Proof.Builder().add().build();
        AtomicInteger polls = new AtomicInteger();
        assertTrue(RupChecker.check(f, p, () -> polls.incrementAndGet() < 0).verified());
        assertTrue(polls.get() >= n / 10000, "asked " + polls.get() + " times while loading " + n + " clauses");
        AtomicInteger asked = new AtomicInteger();
        ProofCheck c = RupChecker.check(f, p, () -> asked.incrementAndGet() > 1);
        assertEquals(ProofCheck.Status.INTERRUPTED, c.status(), c.describe());
        assertEquals(0, c.lemmasChecked());
        assertTrue(c.describe().contains("budget"), c.describe());
    }

    /** A proof of 1,000 steps: a stop condition that turns true after its first answer ends the check between steps. */
    @Test
    void theCallersStopEndsALongProof() {
        Cnf f = RupCheckerTest.allEight();
        Proof.Builder b = new Proof.Builder();
        for (int i = 0; i < 1000; i++) {
            b.add(1, 2, 3);
        }
        Proof p = b.add(1, 2).add(1).add(2).add().build();
        assertTrue(RupChecker.check(f, p).verified());
        AtomicInteger asked = new AtomicInteger();
        ProofCheck c = RupChecker.check(f, p, () -> asked.incrementAndGet() > 1);
        assertEquals(ProofCheck.Status.INTERRUPTED, c.status(), c.describe());
        assertTrue(c.lemmasChecked() > 0 && c.lemmasChecked() < 1000, c.describe());
        assertEquals(c.lemmasChecked(), c.failedStep(), "interrupted at the step after the last lemma checked: " + c.describe());
        assertFalse(c.verified());
    }
}
