package org.iovacheck.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The RUP checker against the DRUP rules written out naively: the clauses present form a multiset (a deletion removes one copy
 * of the same literal set, or is ignored when there is none), and a lemma is accepted when unit propagation over every
 * present clause, with the lemma's literals false, meets a falsified clause. Random small formulas with unit clauses (so
 * deletions often remove what forced a top-level value) and proofs mixing resolvents, weakened resolvents, random clauses and
 * deletions of formula clauses and lemmas alike; outcome, failing step and every counter must agree.
 */
class RupCheckerDifferentialTest {
    private static final int VARS = 6;

    /** What the naive rules conclude, in the fields a {@link ProofCheck} reports. */
    record Outcome(ProofCheck.Status status, int failedStep, int lemmas, int applied, int ignored) {
        static Outcome of(ProofCheck c) {
            return new Outcome(c.status(), c.failedStep(), c.lemmasChecked(), c.deletionsApplied(), c.deletionsIgnored());
        }
    }

    @Test
    void agreesWithTheNaiveRulesOnRandomProofsWithDeletions() {
        long seed = RupCheckerPropertyTest.seed(31);
        System.out.println("RupCheckerDifferentialTest: seed " + seed + " (replay with -Diovacheck.seed=" + seed + ")");
        Random rnd = new Random(seed);
        int[] byStatus = new int[3];
        int rejectedAfterDeletion = 0;
        for (int round = 0; round < 6000; round++) {
            Cnf f = formula(rnd);
            Proof p = proof(rnd, f);
            Outcome expected = naive(f, p);
            Outcome actual = Outcome.of(RupChecker.check(f, p));
            assertEquals(expected, actual, "seed " + seed + " round " + round + ": formula " + text(f) + " proof " + DrupText.write(p)
                    .replace('\n', '|'));
            byStatus[expected.status().ordinal()]++;
            if (expected.failedStep() > 0) {
                for (int i = 0; i < expected.failedStep(); i++) {
                    if (p.isDeletion(i)) {
                        rejectedAfterDeletion++;
                        break;
                    }
                }
            }
        }
        assertTrue(byStatus[0] > 300 && byStatus[1] > 300 && rejectedAfterDeletion > 300,
                "seed " + seed + ": too few verified (" + byStatus[0] + ") or rejected (" + byStatus[1] + ") proofs, or rejections after a deletion ("
                        + rejectedAfterDeletion + ")");
    }

    private static Cnf formula(Random rnd) {
        Cnf.Builder b = new Cnf.Builder().declareVariables(VARS);
        int n = 3 + rnd.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.add(randomClause(rnd, rnd.nextInt(40) == 0 ? 0 : 1 + rnd.nextInt(3)));
        }
        return b.build();
    }

    private static int[] randomClause(Random rnd, int width) {
        int[] c = new int[width];
        for (int j = 0; j < width; j++) {
            c[j] = (1 + rnd.nextInt(VARS)) * (rnd.nextBoolean() ? 1 : -1);
        }
        return c;
    }

    /** Steps chosen as if every earlier one were accepted, so deletions hit clauses a correct checker holds. */
    private static Proof proof(Random rnd, Cnf f) {
        List<int[]> present = new ArrayList<>();
        for (int i = 0; i < f.size(); i++) {
            present.add(f.clause(i));
        }
        Proof.Builder b = new Proof.Builder();
        int steps = 1 + rnd.nextInt(14);
        for (int s = 0; s < steps; s++) {
            int kind = rnd.nextInt(20);
            if (kind < 6 && !present.isEmpty()) {
                int[] victim = present.remove(rnd.nextInt(present.size()));
                b.delete(shuffled(rnd, victim));
            } else if (kind == 6) {
                b.delete(randomClause(rnd, rnd.nextInt(4)));
            } else {
                int[] lemma = kind < 13 ? resolvent(rnd, present) : kind < 17 ? weakened(rnd, resolvent(rnd, present))
                        : randomClause(rnd, rnd.nextInt(3));
                b.add(lemma);
                present.add(lemma);
            }
        }
        if (rnd.nextBoolean()) {
            b.add();
        }
        return b.build();
    }

    private static int[] shuffled(Random rnd, int[] c) {
        int[] out = c.clone();
        for (int i = out.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    /** The resolvent of two present clauses on a variable they hold with opposite signs (a RUP lemma), or a random clause. */
    private static int[] resolvent(Random rnd, List<int[]> present) {
        for (int attempt = 0; attempt < 20 && present.size() > 1; attempt++) {
            int[] a = present.get(rnd.nextInt(present.size()));
            int[] b = present.get(rnd.nextInt(present.size()));
            for (int x : a) {
                for (int y : b) {
                    if (x == -y) {
                        List<Integer> r = new ArrayList<>();
                        for (int l : a) {
                            if (l != x && !r.contains(l)) {
                                r.add(l);
                            }
                        }
                        for (int l : b) {
                            if (l != y && !r.contains(l)) {
                                r.add(l);
                            }
                        }
                        return shuffled(rnd, r.stream().mapToInt(Integer::intValue).toArray());
                    }
                }
            }
        }
        return randomClause(rnd, 1 + rnd.nextInt(2));
    }

    /** The clause with one literal dropped (often no longer RUP), or the empty clause from a unit. */
    private static int[] weakened(Random rnd, int[] c) {
        if (c.length == 0) {
            return c;
        }
        int drop = rnd.nextInt(c.length);
        int[] out = new int[c.length - 1];
        for (int i = 0, j = 0; i < c.length; i++) {
            if (i != drop) {
                out[j++] = c[i];
            }
        }
        return out;
    }

    /** The DRUP rules, step by step, with nothing kept between steps but the multiset of present clauses. */
    static Outcome naive(Cnf f, Proof p) {
        List<int[]> present = new ArrayList<>();
        for (int i = 0; i < f.size(); i++) {
            present.add(normalized(f.clause(i)));
        }
        int lemmas = 0;
        int applied = 0;
        int ignored = 0;
        for (int i = 0; i < p.size(); i++) {
            int[] step = normalized(p.step(i));
            for (int lit : step) {
                if (Math.abs(lit) > f.variables()) {
                    return new Outcome(ProofCheck.Status.REJECTED, i, lemmas, applied, ignored);
                }
            }
            if (p.isDeletion(i)) {
                int at = -1;
                for (int c = 0; c < present.size() && at < 0; c++) {
                    if (Arrays.equals(present.get(c), step)) {
                        at = c;
                    }
                }
                if (at < 0) {
                    ignored++;
                } else {
                    present.remove(at);
                    applied++;
                }
                continue;
            }
            if (!unitPropagationRefutes(present, step, f.variables())) {
                return new Outcome(ProofCheck.Status.REJECTED, i, lemmas, applied, ignored);
            }
            lemmas++;
            if (step.length == 0) {
                return new Outcome(ProofCheck.Status.VERIFIED, -1, lemmas, applied, ignored);
            }
            present.add(step);
        }
        return new Outcome(ProofCheck.Status.REJECTED, -1, lemmas, applied, ignored);
    }

    private static int[] normalized(int[] c) {
        return Arrays.stream(c).distinct().sorted().toArray();
    }

    /** Every lemma literal false, then unit propagation to a fixpoint over all clauses; true when some clause is falsified. */
    private static boolean unitPropagationRefutes(List<int[]> clauses, int[] lemma, int vars) {
        int[] val = new int[vars + 1];
        for (int lit : lemma) {
            int v = Math.abs(lit);
            int falseSign = lit > 0 ? -1 : 1;
            if (val[v] == -falseSign) {
                return true;
            }
            val[v] = falseSign;
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int[] c : clauses) {
                int open = 0;
                int last = 0;
                boolean satisfied = false;
                for (int lit : c) {
                    int v = val[Math.abs(lit)];
                    if (v == 0) {
                        open++;
                        last = lit;
                    } else if (v == (lit > 0 ? 1 : -1)) {
                        satisfied = true;
                    }
                }
                if (satisfied) {
                    continue;
                }
                if (open == 0) {
                    return true;
                }
                if (open == 1) {
                    val[Math.abs(last)] = last > 0 ? 1 : -1;
                    changed = true;
                }
            }
        }
        return false;
    }

    private static String text(Cnf f) {
        return DimacsCnf.write(f, List.of()).replace('\n', '|');
    }
}
