package org.iovacheck.engine.sat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.iovacheck.model.U64;

/**
 * Test oracle; the bank solver's former slot arithmetic, kept as it was: the room under a set of slot intervals recounted
 * from scratch for every question (O(n) each), and the explanation by deletion built on it (O(n^2)). Plus an exhaustive count
 * slot by slot for small lines.
 */
final class QuadraticRoom {
    private final long[] from;
    private final long[] to;
    private final long yMax;
    private final long stride;
    private final int banks;

    QuadraticRoom(long[] from, long[] to, long yMax, long stride, int banks) {
        this.from = from;
        this.to = to;
        this.yMax = yMax;
        this.stride = stride;
        this.banks = banks;
    }

    /** Banks (at most K) that fit under the constraints {@code sorted} (by start) not marked off. */
    long room(int[] sorted, boolean[] off) {
        long total = 0;
        long next = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (off[i]) {
                continue;
            }
            int c = sorted[i];
            if (U64.lt(next, from[c])) {
                total += fit(next, from[c] - 1);
                if (total >= banks) {
                    return banks;
                }
            }
            if (to[c] == yMax) {
                return total;
            }
            next = U64.max(next, to[c] + 1);
        }
        return Math.min(banks, total + fit(next, yMax));
    }

    /** Banks (at most K) that fit under all of {@code members} but the one at position {@code skip} (-1: none skipped). */
    long roomWithout(int[] members, int skip) {
        int[] sorted = byStart(members);
        boolean[] off = new boolean[sorted.length];
        if (skip >= 0) {
            for (int i = 0; i < sorted.length; i++) {
                if (sorted[i] == members[skip]) {
                    off[i] = true;
                    break;
                }
            }
        }
        return room(sorted, off);
    }

    int[] byStart(int[] members) {
        Integer[] boxed = new Integer[members.length];
        for (int i = 0; i < members.length; i++) {
            boxed[i] = members[i];
        }
        Arrays.sort(boxed, (a, b) -> U64.compare(from[a], from[b]));
        int[] out = new int[members.length];
        for (int i = 0; i < members.length; i++) {
            out[i] = boxed[i];
        }
        return out;
    }

    /** The former deletion: each constraint in turn (windows before limits) left out for good when fewer than K still fit. */
    int[] deletionCore(int[] subset) {
        int[] sorted = byStart(subset);
        boolean[] off = new boolean[sorted.length];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < sorted.length; i++) {
                if ((sorted[i] < 2) != (pass == 1)) {
                    continue;
                }
                off[i] = true;
                if (room(sorted, off) >= banks) {
                    off[i] = false;
                }
            }
        }
        return IntStream.range(0, sorted.length).filter(i -> !off[i]).map(i -> sorted[i]).sorted().toArray();
    }

    private long fit(long a, long b) {
        long n = Long.divideUnsigned(b - a, stride);
        return U64.lt(n, banks) ? n + 1 : banks;
    }

    /**
     * Exhaustive, for lines of at most a few thousand slots: the most banks (at most K) at free slots pairwise a stride
     * apart, by dynamic programming over the slots (best[y] = best[y - 1], or a bank at y after best[y - stride]).
     */
    long roomBySlots(int[] members, int skip) {
        int slots = Math.toIntExact(yMax + 1);
        boolean[] blocked = new boolean[slots];
        for (int j = 0; j < members.length; j++) {
            if (j == skip) {
                continue;
            }
            for (long y = from[members[j]]; y <= to[members[j]]; y++) {
                blocked[(int) y] = true;
            }
        }
        long[] best = new long[slots];
        for (int y = 0; y < slots; y++) {
            long without = y > 0 ? best[y - 1] : 0;
            long with = blocked[y] ? 0 : 1 + (y >= stride ? best[(int) (y - stride)] : 0);
            best[y] = Math.max(without, with);
        }
        return Math.min(banks, best[slots - 1]);
    }
}
