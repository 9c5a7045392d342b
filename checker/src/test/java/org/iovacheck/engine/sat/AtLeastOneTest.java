package org.iovacheck.engine.sat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tree of short clauses means "at least one": for widths across one, two and three tree levels, fixing the members to
 * any pattern leaves it satisfiable exactly when some member is true, and the all-false refutation carries a verified proof.
 */
class AtLeastOneTest {
    @Test
    void satisfiableExactlyWhenSomeMemberIsTrue() {
        long seed = Long.getLong("iovacheck.seed", 17L);
        Random rnd = new Random(seed);
        int[] widths = {1, 2, 7, 8, 9, 15, 63, 64, 65, 70, 513, 600};
        for (int k : widths) {
            for (int trial = 0; trial < 12; trial++) {
                boolean[] pattern = new boolean[k];
                if (trial == 1) {
                    pattern[k - 1] = true;
                } else if (trial > 1) {
                    double p = trial < 6 ? 1.0 / k : 0.5;
                    for (int i = 0; i < k; i++) {
                        pattern[i] = rnd.nextDouble() < p;
                    }
                }
                boolean any = false;
                for (boolean b : pattern) {
                    any |= b;
                }
                SatSession s = new SatSession(k + AtLeastOne.auxiliaries(k), trial % 2 == 0, () -> false);
                int[] lits = new int[k];
                for (int i = 0; i < k; i++) {
                    lits[i] = i + 1;
                    s.add(pattern[i] ? i + 1 : -(i + 1));
                }
                int next = AtLeastOne.add(s, lits, k + 1);
                assertEquals(k + 1 + AtLeastOne.auxiliaries(k), next, "auxiliaries(" + k + ") counts the variables used");
                SatSession.Result r = s.solve();
                String where = "seed " + seed + ", width " + k + ", trial " + trial;
                assertEquals(any ? SatSession.Result.SAT : SatSession.Result.UNSAT, r, where);
                if (!any) {
                    assertTrue(s.refutation("all members false").orElseThrow().check().verified(), where);
                }
            }
        }
    }

    @Test
    void clausesStayShort() {
        int k = 100_000;
        assertTrue(AtLeastOne.auxiliaries(k) < k / (AtLeastOne.FAN_OUT - 1) + 8, "about k / (fan-out - 1) auxiliaries");
        SatSession s = new SatSession(k + AtLeastOne.auxiliaries(k), false, () -> false);
        int[] lits = new int[k];
        for (int i = 0; i < k; i++) {
            lits[i] = i + 1;
        }
        int before = s.clauses();
        AtLeastOne.add(s, lits, k + 1);
        assertEquals(AtLeastOne.auxiliaries(k) + 1, s.clauses() - before, "one clause per auxiliary plus the root");
    }
}
