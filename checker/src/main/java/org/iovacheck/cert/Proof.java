package org.iovacheck.cert;

import java.util.Arrays;

/**
 * Immutable; a DRUP proof: an ordered list of steps, each the addition of a lemma or the deletion of a clause, with the
 * 1-based line the step starts on in its file (0 when the proof was built in memory). The empty lemma closes a refutation.
 */
public final class Proof {
    private final int[] literals;
    private final int[] starts;
    private final boolean[] deletion;
    private final int[] lines;

    private Proof(int[] literals, int[] starts, boolean[] deletion, int[] lines) {
        this.literals = literals;
        this.starts = starts;
        this.deletion = deletion;
        this.lines = lines;
    }

    /** Number of steps (lemmas and deletions). */
    public int size() {
        return deletion.length;
    }

    public boolean isDeletion(int step) {
        return deletion[step];
    }

    public int length(int step) {
        return starts[step + 1] - starts[step];
    }

    public int literal(int step, int position) {
        if (position < 0 || position >= length(step)) {
            throw new IndexOutOfBoundsException("step " + step + " has no position " + position);
        }
        return literals[starts[step] + position];
    }

    public int[] step(int step) {
        return Arrays.copyOfRange(literals, starts[step], starts[step + 1]);
    }

    public int line(int step) {
        return lines[step];
    }

    /** Number of added lemmas (deletions not counted). */
    public int lemmaCount() {
        int n = 0;
        for (boolean d : deletion) {
            if (!d) {
                n++;
            }
        }
        return n;
    }

    /** True when the last step adds the empty clause. */
    public boolean endsWithEmptyClause() {
        int n = size();
        return n > 0 && !deletion[n - 1] && length(n - 1) == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Proof p && Arrays.equals(p.literals, literals) && Arrays.equals(p.starts, starts)
                && Arrays.equals(p.deletion, deletion);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(literals) + Arrays.hashCode(starts)) + Arrays.hashCode(deletion);
    }

    @Override
    public String toString() {
        return "proof(" + lemmaCount() + " lemmas, " + (size() - lemmaCount()) + " deletions)";
    }

    /** Mutable; collects proof steps in order. */
    public static final class Builder {
        private int[] literals = new int[64];
        private int used;
        private int[] starts = new int[17];
        private boolean[] deletion = new boolean[16];
        private int[] lines = new int[16];
        private int steps;

        public Builder add(int... lemma) {
            return step(false, 0, lemma);
        }

        public Builder delete(int... clause) {
            return step(true, 0, clause);
        }

        /** Appends a step read from line {@code line} of a file. */
        public Builder step(boolean isDeletion, int line, int... lits) {
            if (used + lits.length > literals.length) {
                literals = Arrays.copyOf(literals, Math.max(literals.length * 2, used + lits.length));
            }
            for (int lit : lits) {
                if (lit == 0 || lit == Integer.MIN_VALUE) {
                    throw new IllegalArgumentException("invalid literal " + lit);
                }
                literals[used++] = lit;
            }
            if (steps + 1 >= deletion.length) {
                int n = deletion.length * 2;
                deletion = Arrays.copyOf(deletion, n);
                lines = Arrays.copyOf(lines, n);
                starts = Arrays.copyOf(starts, n + 1);
            }
            deletion[steps] = isDeletion;
            lines[steps] = line;
            starts[++steps] = used;
            return this;
        }

        public int size() {
            return steps;
        }

        /** True when the last step so far adds the empty clause. */
        public boolean endsWithEmptyClause() {
            return steps > 0 && !deletion[steps - 1] && starts[steps] == starts[steps - 1];
        }

        public Proof build() {
            return new Proof(Arrays.copyOf(literals, used), Arrays.copyOf(starts, steps + 1), Arrays.copyOf(deletion, steps),
                    Arrays.copyOf(lines, steps));
        }
    }
}
