package org.iovacheck.engine.sat;

import java.util.Arrays;

/**
 * Stateless; "at least one of these literals" as a tree of short clauses over auxiliary variables (y implies one of its
 * children), equisatisfiable with the one long clause. CDCL watch search and the RUP checker rescan a long clause each time
 * one of its literals becomes false, which costs O(k^2) on a clause of k literals falsified one by one; the tree costs O(k).
 */
final class AtLeastOne {
    static final int FAN_OUT = 8;

    private AtLeastOne() {
    }

    /** The number of auxiliary variables the tree over k literals uses. */
    static int auxiliaries(int k) {
        int total = 0;
        while (k > FAN_OUT) {
            k = (k + FAN_OUT - 1) / FAN_OUT;
            total += k;
        }
        return total;
    }

    /** Adds the tree over {@code lits}, numbering its auxiliaries from {@code firstAux}; returns the next free variable. */
    static int add(SatSession s, int[] lits, int firstAux) {
        int next = firstAux;
        int[] level = lits;
        while (level.length > FAN_OUT) {
            int[] up = new int[(level.length + FAN_OUT - 1) / FAN_OUT];
            for (int g = 0; g < up.length; g++) {
                int from = g * FAN_OUT;
                int to = Math.min(level.length, from + FAN_OUT);
                int[] clause = new int[to - from + 1];
                int y = next++;
                clause[0] = -y;
                System.arraycopy(level, from, clause, 1, to - from);
                s.add(clause);
                up[g] = y;
            }
            level = up;
        }
        s.add(Arrays.copyOf(level, level.length));
        return next;
    }
}
