package org.iovacheck.cert;

import java.util.Arrays;

/**
 * Immutable; a formula in conjunctive normal form over variables 1..{@link #variables()}: clauses of non-zero DIMACS literals
 * (v or -v), kept in one flat array. A clause may be empty (the formula is then trivially unsatisfiable).
 */
public final class Cnf {
    private final int variables;
    private final int[] literals;
    private final int[] starts;

    private Cnf(int variables, int[] literals, int[] starts) {
        this.variables = variables;
        this.literals = literals;
        this.starts = starts;
    }

    public int variables() {
        return variables;
    }

    /** Number of clauses. */
    public int size() {
        return starts.length - 1;
    }

    public int length(int clause) {
        return starts[clause + 1] - starts[clause];
    }

    public int literal(int clause, int position) {
        if (position < 0 || position >= length(clause)) {
            throw new IndexOutOfBoundsException("clause " + clause + " has no position " + position);
        }
        return literals[starts[clause] + position];
    }

    /** A copy of one clause's literals. */
    public int[] clause(int clause) {
        return Arrays.copyOfRange(literals, starts[clause], starts[clause + 1]);
    }

    public long literalCount() {
        return literals.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cnf c && c.variables == variables && Arrays.equals(c.literals, literals) && Arrays.equals(c.starts, starts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * variables + Arrays.hashCode(literals)) + Arrays.hashCode(starts);
    }

    @Override
    public String toString() {
        return "cnf(" + variables + " variables, " + size() + " clauses)";
    }

    /** Mutable; collects clauses in order. The variable count is the largest variable used or declared. */
    public static final class Builder {
        private int variables;
        private int[] literals = new int[64];
        private int used;
        private int[] starts = new int[17];
        private int clauses;

        /** Declares that the formula ranges over at least n variables (unused ones are allowed). */
        public Builder declareVariables(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("negative variable count " + n);
            }
            variables = Math.max(variables, n);
            return this;
        }

        public Builder add(int... clause) {
            if (used + clause.length > literals.length) {
                literals = Arrays.copyOf(literals, Math.max(literals.length * 2, used + clause.length));
            }
            for (int lit : clause) {
                if (lit == 0 || lit == Integer.MIN_VALUE) {
                    throw new IllegalArgumentException("invalid literal " + lit);
                }
                variables = Math.max(variables, Math.abs(lit));
                literals[used++] = lit;
            }
            if (clauses + 2 > starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
            }
            starts[++clauses] = used;
            return this;
        }

        public int size() {
            return clauses;
        }

        public Cnf build() {
            return new Cnf(variables, Arrays.copyOf(literals, used), Arrays.copyOf(starts, clauses + 1));
        }
    }
}
