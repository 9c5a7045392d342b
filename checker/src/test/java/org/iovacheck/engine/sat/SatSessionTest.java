package org.iovacheck.engine.sat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The solver session: refutations of hard formulas verify, a budget that runs out mid-search stops it as UNKNOWN. */
class SatSessionTest {
    /** Pigeonhole: p pigeons in p-1 holes; unsatisfiable and hard for resolution, so the solver must search and learn. */
    private static void pigeonhole(SatSession s, int p) {
        int holes = p - 1;
        for (int i = 0; i < p; i++) {
            int[] some = new int[holes];
            for (int h = 0; h < holes; h++) {
                some[h] = 1 + i * holes + h;
            }
            s.add(some);
        }
        for (int h = 0; h < holes; h++) {
            for (int i = 0; i < p; i++) {
                for (int j = i + 1; j < p; j++) {
                    s.add(-(1 + i * holes + h), -(1 + j * holes + h));
                }
            }
        }
    }

    @Test
    void refutationWithLearnedClausesVerifies() {
        SatSession s = new SatSession(7 * 6, false, () -> false);
        pigeonhole(s, 7);
        assertEquals(SatSession.Result.UNSAT, s.solve());
        var cert = s.refutation("seven pigeons do not fit in six holes").orElseThrow();
        assertTrue(cert.check().verified(), cert.check().describe());
        assertTrue(cert.check().lemmasChecked() > 10, "the proof should need real lemmas: " + cert.check().describe());
    }

    @Test
    void budgetRunningOutMidSearchIsUnknown() {
        AtomicInteger polls = new AtomicInteger();
        SatSession s = new SatSession(12 * 11, false, () -> polls.incrementAndGet() > 3);
        pigeonhole(s, 12);
        assertEquals(SatSession.Result.UNKNOWN, s.solve());
        assertTrue(polls.get() > 3, "the listener polled the budget during the search");
        assertThrows(IllegalStateException.class, s::solve);
    }
}
