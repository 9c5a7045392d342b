package org.iovacheck.cert;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Mutable; the clauses a RUP check holds, two watched literals each, and the top-level assignment propagation forces; deleting
 * a clause that forced a top-level value recomputes that assignment, so no consequence of a deleted clause survives. The search
 * for a new watch resumes where the clause's last search stopped, so falsifying a long clause literal by literal stays linear.
 */
final class ClauseDatabase {
    private static final byte TRUE = 1;
    private static final byte FALSE = -1;

    private final byte[] value;
    private final int[] reason;
    private final int[] trail;
    private int trailSize;
    private int head;

    private int[] lits = new int[1024];
    private int litsUsed;
    private int[] start;
    private int[] length;
    private boolean[] deleted;
    private boolean[] tautology;
    private int[] resume;
    private int clauses;

    private final int[][] watches;
    private final int[] watchCount;
    private boolean inconsistent;
    private java.util.function.BooleanSupplier stop = () -> false;
    private long polls;

    /** Thrown out of propagation when the caller's stop condition holds; the database must then be dropped. */
    static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super("stopped by the caller", null, false, false);
        }
    }

    /** Polled every 65,536 propagated literals: one propagation over a huge formula can take seconds. */
    void stopWhen(java.util.function.BooleanSupplier condition) {
        this.stop = condition;
    }

    private Map<Key, IntBuffer> index;
    private int deletionsApplied;
    private int deletionsIgnored;

    ClauseDatabase(int variables, int expectedClauses) {
        int codes = 2 * (variables + 1);
        value = new byte[codes];
        reason = new int[variables + 1];
        Arrays.fill(reason, -1);
        trail = new int[variables + 1];
        watches = new int[codes][];
        watchCount = new int[codes];
        int cap = Math.max(16, expectedClauses);
        start = new int[cap];
        length = new int[cap];
        deleted = new boolean[cap];
        tautology = new boolean[cap];
        resume = new int[cap];
    }

    int deletionsApplied() {
        return deletionsApplied;
    }

    int deletionsIgnored() {
        return deletionsIgnored;
    }

    /** Adds a clause at the top level and propagates what it forces. */
    void add(int[] clause) {
        int[] codes = normalize(clause);
        int c = store(codes);
        if (index != null) {
            index.computeIfAbsent(new Key(codes), k -> new IntBuffer()).add(c);
        }
        if (!inconsistent) {
            attach(c);
        }
    }

    /** True when asserting the negation of every literal of the clause and propagating ends in a conflict. */
    boolean implies(int[] clause) {
        if (inconsistent) {
            return true;
        }
        int mark = trailSize;
        boolean conflict = false;
        for (int lit : clause) {
            int code = code(lit);
            if (value[code] == TRUE) {
                conflict = true;
                break;
            }
            if (value[code] == 0) {
                assign(code ^ 1, -1);
            }
        }
        if (!conflict) {
            conflict = propagate();
        }
        while (trailSize > mark) {
            int code = trail[--trailSize];
            value[code] = 0;
            value[code ^ 1] = 0;
            reason[code >>> 1] = -1;
        }
        head = mark;
        return conflict;
    }

    /** Removes one live copy of the clause; a clause that is not present is ignored (and counted). */
    void delete(int[] clause) {
        int[] codes = normalize(clause);
        if (index == null) {
            buildIndex();
        }
        IntBuffer ids = index.get(new Key(codes));
        int c = -1;
        if (ids != null) {
            while (ids.size() > 0 && c < 0) {
                int candidate = ids.get(ids.size() - 1);
                ids.truncate(ids.size() - 1);
                if (!deleted[candidate]) {
                    c = candidate;
                }
            }
        }
        if (c < 0) {
            deletionsIgnored++;
            return;
        }
        deleted[c] = true;
        deletionsApplied++;
        boolean forced = inconsistent;
        for (int i = 0; i < length[c] && !forced; i++) {
            int code = lits[start[c] + i];
            forced = value[code] == TRUE && reason[code >>> 1] == c;
        }
        if (forced) {
            rebuild();
        }
    }

    private void rebuild() {
        Arrays.fill(value, (byte) 0);
        Arrays.fill(reason, -1);
        Arrays.fill(watchCount, 0);
        trailSize = 0;
        head = 0;
        inconsistent = false;
        for (int c = 0; c < clauses && !inconsistent; c++) {
            if (!deleted[c]) {
                attach(c);
            }
        }
    }

    private void attach(int c) {
        if (tautology[c]) {
            return;
        }
        int s = start[c];
        int n = length[c];
        if (n == 0) {
            inconsistent = true;
            return;
        }
        if (n == 1) {
            int l = lits[s];
            if (value[l] == FALSE) {
                inconsistent = true;
            } else if (value[l] == 0) {
                assign(l, c);
                inconsistent = propagate();
            }
            return;
        }
        int free = 0;
        for (int pass = 0; pass < 2 && free < 2; pass++) {
            for (int i = free; i < n && free < 2; i++) {
                byte v = value[lits[s + i]];
                if (pass == 0 ? v == TRUE : v == 0) {
                    swap(s + free, s + i);
                    free++;
                }
            }
        }
        watch(lits[s], c);
        watch(lits[s + 1], c);
        if (free == 0) {
            inconsistent = true;
        } else if (free == 1 && value[lits[s]] == 0) {
            assign(lits[s], c);
            inconsistent = propagate();
        }
    }

    private boolean propagate() {
        while (head < trailSize) {
            if ((++polls & 0xFFFF) == 0 && stop.getAsBoolean()) {
                throw new Interrupted();
            }
            int falsified = trail[head++] ^ 1;
            int[] ws = watches[falsified];
            int n = watchCount[falsified];
            int i = 0;
            int j = 0;
            while (i < n) {
                int c = ws[i++];
                if (deleted[c]) {
                    continue;
                }
                int s = start[c];
                if (lits[s] == falsified) {
                    swap(s, s + 1);
                }
                int first = lits[s];
                if (value[first] == TRUE) {
                    ws[j++] = c;
                    continue;
                }
                boolean moved = false;
                int len = length[c];
                for (int step = 2, k = Math.max(2, resume[c]); step < len; step++, k = k + 1 < len ? k + 1 : 2) {
                    if (value[lits[s + k]] != FALSE) {
                        swap(s + 1, s + k);
                        watch(lits[s + 1], c);
                        resume[c] = k;
                        moved = true;
                        break;
                    }
                }
                if (moved) {
                    continue;
                }
                ws[j++] = c;
                if (value[first] == FALSE) {
                    while (i < n) {
                        ws[j++] = ws[i++];
                    }
                    watchCount[falsified] = j;
                    head = trailSize;
                    return true;
                }
                assign(first, c);
            }
            watchCount[falsified] = j;
        }
        return false;
    }

    private void assign(int code, int why) {
        value[code] = TRUE;
        value[code ^ 1] = FALSE;
        reason[code >>> 1] = why;
        trail[trailSize++] = code;
    }

    private void watch(int code, int c) {
        int[] ws = watches[code];
        if (ws == null) {
            ws = new int[4];
            watches[code] = ws;
        } else if (watchCount[code] == ws.length) {
            ws = Arrays.copyOf(ws, ws.length * 2);
            watches[code] = ws;
        }
        ws[watchCount[code]++] = c;
    }

    private void swap(int a, int b) {
        int t = lits[a];
        lits[a] = lits[b];
        lits[b] = t;
    }

    private int store(int[] codes) {
        if (clauses == start.length) {
            int cap = clauses * 2;
            start = Arrays.copyOf(start, cap);
            length = Arrays.copyOf(length, cap);
            deleted = Arrays.copyOf(deleted, cap);
            tautology = Arrays.copyOf(tautology, cap);
            resume = Arrays.copyOf(resume, cap);
        }
        if (litsUsed + codes.length > lits.length) {
            lits = Arrays.copyOf(lits, Math.max(lits.length * 2, litsUsed + codes.length));
        }
        int c = clauses++;
        start[c] = litsUsed;
        length[c] = codes.length;
        System.arraycopy(codes, 0, lits, litsUsed, codes.length);
        litsUsed += codes.length;
        for (int i = 1; i < codes.length; i++) {
            if (codes[i] == (codes[i - 1] ^ 1)) {
                tautology[c] = true;
            }
        }
        return c;
    }

    private void buildIndex() {
        index = new HashMap<>();
        for (int c = 0; c < clauses; c++) {
            if (!deleted[c]) {
                int[] codes = Arrays.copyOfRange(lits, start[c], start[c] + length[c]);
                Arrays.sort(codes);
                index.computeIfAbsent(new Key(codes), k -> new IntBuffer()).add(c);
            }
        }
    }

    /** The clause as sorted, distinct literal codes (2v for v, 2v+1 for -v). */
    private static int[] normalize(int[] clause) {
        int[] codes = new int[clause.length];
        for (int i = 0; i < clause.length; i++) {
            codes[i] = code(clause[i]);
        }
        Arrays.sort(codes);
        int n = 0;
        for (int i = 0; i < codes.length; i++) {
            if (n == 0 || codes[n - 1] != codes[i]) {
                codes[n++] = codes[i];
            }
        }
        return n == codes.length ? codes : Arrays.copyOf(codes, n);
    }

    private static int code(int lit) {
        return lit > 0 ? lit << 1 : ((-lit) << 1) | 1;
    }

    /** Immutable; a normalized clause as a hash key. */
    private record Key(int[] codes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.codes, codes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(codes);
        }
    }
}
