package org.iovacheck.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The value types of a certificate: equal exactly when their contents are (so the round-trip tests that compare a written and
 * re-read CNF or proof can fail), hash codes that spread, accessors and the one-line descriptions people read.
 */
class CertValuesTest {
    @Test
    void cnfsDifferingInAnyPartAreUnequal() {
        Cnf base = new Cnf.Builder().declareVariables(4).add(1, -2).add(3).build();
        assertEquals(base, new Cnf.Builder().declareVariables(4).add(1, -2).add(3).build());
        assertEquals(base.hashCode(), new Cnf.Builder().declareVariables(4).add(1, -2).add(3).build().hashCode());
        List<Cnf> others = List.of(
                new Cnf.Builder().declareVariables(5).add(1, -2).add(3).build(),
                new Cnf.Builder().declareVariables(4).add(1, 2).add(3).build(),
                new Cnf.Builder().declareVariables(4).add(1).add(-2, 3).build(),
                new Cnf.Builder().declareVariables(4).add(1, -2).add(3).add().build(),
                new Cnf.Builder().declareVariables(4).add(1, -2).build());
        for (Cnf o : others) {
            assertNotEquals(base, o, o::toString);
            assertNotEquals(o, base, o::toString);
        }
        assertNotEquals(base, "cnf(4 variables, 2 clauses)");
        assertEquals("cnf(4 variables, 2 clauses)", base.toString());
    }

    @Test
    void cnfAccessors() {
        Cnf f = new Cnf.Builder().add(1, -2).add().add(-3, 2, 1).build();
        assertEquals(3, f.variables());
        assertEquals(3, f.size());
        assertEquals(5, f.literalCount());
        assertEquals(2, f.length(0));
        assertEquals(0, f.length(1));
        assertEquals(3, f.length(2));
        assertEquals(-3, f.literal(2, 0));
        assertEquals(1, f.literal(2, 2));
        assertArrayEquals(new int[] {-3, 2, 1}, f.clause(2));
        assertThrows(IndexOutOfBoundsException.class, () -> f.literal(0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> f.literal(0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> f.literal(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Cnf.Builder().add(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Cnf.Builder().add(Integer.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> new Cnf.Builder().declareVariables(-1));
        assertEquals(7, new Cnf.Builder().declareVariables(7).add(2).declareVariables(3).build().variables());
    }

    /** Builders grow past their first arrays (64 literals, 16 clauses or steps) without losing or shifting anything. */
    @Test
    void buildersKeepEverythingWhenTheyGrow() {
        Cnf.Builder cb = new Cnf.Builder();
        Proof.Builder pb = new Proof.Builder();
        for (int i = 1; i <= 200; i++) {
            int[] c = new int[i % 7];
            for (int j = 0; j < c.length; j++) {
                c[j] = (i + j) * (j % 2 == 0 ? 1 : -1);
            }
            cb.add(c);
            pb.step(i % 3 == 0, i, c);
            assertEquals(i, cb.size());
            assertEquals(i, pb.size());
        }
        Cnf f = cb.build();
        Proof p = pb.build();
        for (int i = 1; i <= 200; i++) {
            int[] c = new int[i % 7];
            for (int j = 0; j < c.length; j++) {
                c[j] = (i + j) * (j % 2 == 0 ? 1 : -1);
            }
            assertArrayEquals(c, f.clause(i - 1));
            assertArrayEquals(c, p.step(i - 1));
            assertEquals(i % 3 == 0, p.isDeletion(i - 1));
            assertEquals(i, p.line(i - 1));
        }
        assertEquals(203, f.variables());
    }

    @Test
    void proofsDifferingInAnyPartAreUnequal() {
        Proof base = new Proof.Builder().add(1, 2).delete(1, 2).add().build();
        assertEquals(base, new Proof.Builder().add(1, 2).delete(1, 2).add().build());
        assertEquals(base.hashCode(), new Proof.Builder().add(1, 2).delete(1, 2).add().build().hashCode());
        List<Proof> others = List.of(
                new Proof.Builder().add(1, 2).add(1, 2).add().build(),
                new Proof.Builder().add(1, -2).delete(1, 2).add().build(),
                new Proof.Builder().add(1).delete(2, 1, 2).add().build(),
                new Proof.Builder().add(1, 2).delete(1, 2).build(),
                new Proof.Builder().add(1, 2).delete(1, 2).add().add().build());
        for (Proof o : others) {
            assertNotEquals(base, o, o::toString);
            assertNotEquals(o, base, o::toString);
        }
        assertNotEquals(base, base.toString());
        // the file line is where a step came from, not what it says
        assertEquals(base, new Proof.Builder().step(false, 3, 1, 2).step(true, 4, 1, 2).step(false, 9).build());
    }

    @Test
    void proofAccessorsAndCounts() {
        Proof p = new Proof.Builder().add(1, -2).delete(3).add(4).build();
        assertEquals(3, p.size());
        assertEquals(2, p.lemmaCount());
        assertEquals("proof(2 lemmas, 1 deletions)", p.toString());
        assertFalse(p.endsWithEmptyClause());
        assertEquals(-2, p.literal(0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> p.literal(1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> p.literal(1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Proof.Builder().add(0));
        assertThrows(IllegalArgumentException.class, () -> new Proof.Builder().delete(Integer.MIN_VALUE));
        // an empty deletion is not the empty clause
        assertFalse(new Proof.Builder().add(1).delete().build().endsWithEmptyClause());
        assertFalse(new Proof.Builder().add(1).delete().endsWithEmptyClause());
        assertTrue(new Proof.Builder().add(1).add().build().endsWithEmptyClause());
        assertTrue(new Proof.Builder().add(1).add().endsWithEmptyClause());
        assertFalse(new Proof.Builder().add(1).add().add(2).endsWithEmptyClause());
        assertFalse(new Proof.Builder().endsWithEmptyClause());
        assertFalse(new Proof.Builder().build().endsWithEmptyClause());
    }

    @Test
    void proofChecksDifferingInAnyFieldAreUnequal() {
        ProofCheck base = new ProofCheck(ProofCheck.Status.REJECTED, 3, 2, 1, 5, 7, new int[] {1, -2}, "why");
        assertEquals(base, new ProofCheck(ProofCheck.Status.REJECTED, 3, 2, 1, 5, 7, new int[] {1, -2}, "why"));
        assertEquals(base.hashCode(), new ProofCheck(ProofCheck.Status.REJECTED, 3, 2, 1, 5, 7, new int[] {1, -2}, "why").hashCode());
        List<ProofCheck> others = List.of(
                new ProofCheck(ProofCheck.Status.VERIFIED, 3, 2, 1, 5, 7, new int[] {1, -2}, "why"),
                new ProofCheck(ProofCheck.Status.REJECTED, 4, 2, 1, 5, 7, new int[] {1, -2}, "why"),
                new ProofCheck(ProofCheck.Status.REJECTED, 3, 3, 1, 5, 7, new int[] {1, -2}, "why"),
                new ProofCheck(ProofCheck.Status.REJECTED, 3, 2, 0, 5, 7, new int[] {1, -2}, "why"),
                new ProofCheck(ProofCheck.Status.REJECTED, 3, 2, 1, 6, 7, new int[] {1, -2}, "why"),
                new ProofCheck(ProofCheck.Status.REJECTED, 3, 2, 1, 5, 8, new int[] {1, -2}, "why"),
                new ProofCheck(ProofCheck.Status.REJECTED, 3, 2, 1, 5, 7, new int[] {1, 2}, "why"),
                new ProofCheck(ProofCheck.Status.REJECTED, 3, 2, 1, 5, 7, new int[] {1, -2}, "because"),
                new ProofCheck(ProofCheck.Status.REJECTED, 3, 2, 1, 5, 7, new int[] {1, -2}, null));
        for (ProofCheck o : others) {
            assertNotEquals(base, o, o::describe);
            assertNotEquals(o, base, o::describe);
        }
        assertNotEquals(base, base.describe());
    }

    /** The failing lemma is copied in and out: changing the array given or returned changes nothing. */
    @Test
    void proofCheckKeepsItsOwnLemma() {
        int[] lemma = {4, -5};
        ProofCheck c = new ProofCheck(ProofCheck.Status.REJECTED, 0, 0, 0, 0, 1, lemma, "r");
        lemma[0] = 9;
        c.failedLemma()[1] = 9;
        assertArrayEquals(new int[] {4, -5}, c.failedLemma());
        assertArrayEquals(new int[0], new ProofCheck(ProofCheck.Status.VERIFIED, 1, 0, 0, -1, 0, null, "").failedLemma());
    }

    /** A hash code that ignored its fields would still be correct but turn every hash set into a list: distinct values spread. */
    @Test
    void hashCodesSpread() {
        Set<Integer> cnfs = new HashSet<>();
        Set<Integer> proofs = new HashSet<>();
        Set<Integer> checks = new HashSet<>();
        for (int i = 1; i <= 50; i++) {
            cnfs.add(new Cnf.Builder().add(i).build().hashCode());
            cnfs.add(new Cnf.Builder().declareVariables(60 + i).build().hashCode());
            cnfs.add(new Cnf.Builder().add(1, 2).add(i).build().hashCode());
            proofs.add(new Proof.Builder().add(i).build().hashCode());
            proofs.add(new Proof.Builder().delete(1).delete(2).add(i).build().hashCode());
            checks.add(new ProofCheck(ProofCheck.Status.REJECTED, i, 0, 0, 0, 0, null, "").hashCode());
            checks.add(new ProofCheck(ProofCheck.Status.REJECTED, 0, 0, 0, i, 0, null, "").hashCode());
            checks.add(new ProofCheck(ProofCheck.Status.REJECTED, 0, 0, 0, 0, 0, new int[] {i}, "").hashCode());
            checks.add(new ProofCheck(ProofCheck.Status.REJECTED, 0, 0, 0, 0, 0, null, "r" + i).hashCode());
        }
        assertTrue(cnfs.size() > 140, "cnf hash codes: " + cnfs.size() + " distinct of 150");
        assertTrue(proofs.size() > 90, "proof hash codes: " + proofs.size() + " distinct of 100");
        assertTrue(checks.size() > 190, "check hash codes: " + checks.size() + " distinct of 200");
    }

    @Test
    void certificateNeedsEveryPartAndWritesBothTexts() {
        Cnf f = new Cnf.Builder().add(1).add(-1).build();
        Proof p = new Proof.Builder().add().build();
        ProofCheck c = RupChecker.check(f, p);
        Certificate cert = new Certificate("two units clash", f, p, c);
        assertEquals("c iovacheck refutation: two units clash\np cnf 1 2\n1 0\n-1 0\n", cert.cnfText());
        assertEquals("0\n", cert.proofText());
        assertThrows(IllegalArgumentException.class, () -> new Certificate(null, f, p, c));
        assertThrows(IllegalArgumentException.class, () -> new Certificate("x", null, p, c));
        assertThrows(IllegalArgumentException.class, () -> new Certificate("x", f, null, c));
        assertThrows(IllegalArgumentException.class, () -> new Certificate("x", f, p, null));
    }

    @Test
    void descriptions() {
        assertEquals("verified: the empty clause follows by reverse unit propagation after 4 lemma(s), 2 deletion(s) applied",
                new ProofCheck(ProofCheck.Status.VERIFIED, 4, 2, 0, -1, 0, null, "").describe());
        assertEquals("verified: the empty clause follows by reverse unit propagation after 4 lemma(s), 2 deletion(s) applied, "
                + "1 deletion(s) of absent clauses ignored", new ProofCheck(ProofCheck.Status.VERIFIED, 4, 2, 1, -1, 0, null, "").describe());
        assertEquals("rejected at proof step 6 (line 9) '3 -4 0': not RUP",
                new ProofCheck(ProofCheck.Status.REJECTED, 5, 0, 0, 5, 9, new int[] {3, -4}, "not RUP").describe());
        assertEquals("rejected at proof step 1 '0': not RUP",
                new ProofCheck(ProofCheck.Status.REJECTED, 0, 0, 0, 0, 0, new int[0], "not RUP").describe());
        assertEquals("rejected: no empty clause", new ProofCheck(ProofCheck.Status.REJECTED, 2, 0, 0, -1, 0, null, "no empty clause").describe());
        assertEquals("interrupted after 2 lemma(s): budget", new ProofCheck(ProofCheck.Status.INTERRUPTED, 2, 0, 0, 3, 0, null, "budget").describe());
        ProofCheck c = new ProofCheck(ProofCheck.Status.INTERRUPTED, 2, 0, 0, 3, 0, null, "budget");
        assertEquals(c.describe(), c.toString());
        assertFalse(c.verified());
        assertTrue(new ProofCheck(ProofCheck.Status.VERIFIED, 1, 0, 0, -1, 0, null, "").verified());
    }
}
