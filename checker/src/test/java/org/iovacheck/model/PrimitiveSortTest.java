package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/** The boxing-free sort: keys end in signed ascending order and each payload stays with its key. */
class PrimitiveSortTest {
    @Test
    void agreesWithArraysSortAndKeepsPairs() {
        long seed = Seeds.seed("PrimitiveSortTest");
        Random rnd = new Random(seed);
        int[] sizes = {0, 1, 2, 3, 16, 17, 18, 40, 200, 1000};
        for (int iter = 0; iter < 400; iter++) {
            int n = sizes[iter % sizes.length];
            int spread = 1 + rnd.nextInt(iter % 3 == 0 ? 4 : 1000);
            long[] keys = new long[n];
            int[] payload = new int[n];
            for (int i = 0; i < n; i++) {
                int pick = rnd.nextInt(spread);
                keys[i] = pick == 0 ? Long.MIN_VALUE : pick == 1 ? Long.MAX_VALUE : pick - spread / 2;
                payload[i] = i;
            }
            long[] original = keys.clone();
            long[] want = keys.clone();
            Arrays.sort(want);
            PrimitiveSort.byKey(keys, payload);
            assertArrayEquals(want, keys, "seed " + seed + " n " + n);
            int[] seen = new int[n];
            for (int i = 0; i < n; i++) {
                assertEquals(original[payload[i]], keys[i], "seed " + seed + ": payload moved without its key");
                seen[payload[i]]++;
            }
            for (int i = 0; i < n; i++) {
                assertEquals(1, seen[i], "seed " + seed + ": payload is a permutation");
            }
        }
    }

    @Test
    void descendingAndConstantInputs() {
        for (int n : new int[] {17, 100, 5000}) {
            long[] keys = new long[n];
            int[] payload = new int[n];
            for (int i = 0; i < n; i++) {
                keys[i] = n - i;
                payload[i] = i;
            }
            PrimitiveSort.byKey(keys, payload);
            for (int i = 0; i < n; i++) {
                assertEquals(i + 1, keys[i]);
                assertEquals(n - 1 - i, payload[i]);
            }
            long[] same = new long[n];
            Arrays.fill(same, 7);
            int[] p = new int[n];
            PrimitiveSort.byKey(same, p);
            assertEquals(7 * (long) n, Arrays.stream(same).sum());
        }
    }

    /** A unique largest or smallest key at every position, so that some partition has it as pivot with one side empty. */
    @Test
    void aUniqueExtremeAtEveryPosition() {
        for (int n = 17; n <= 40; n++) {
            for (int at = 0; at < n; at++) {
                for (long extreme : new long[] {Long.MAX_VALUE, Long.MIN_VALUE}) {
                    long[] keys = new long[n];
                    int[] payload = new int[n];
                    for (int i = 0; i < n; i++) {
                        keys[i] = (i * 7919L) % 101;
                        payload[i] = i;
                    }
                    keys[at] = extreme;
                    long[] want = keys.clone();
                    Arrays.sort(want);
                    PrimitiveSort.byKey(keys, payload);
                    assertArrayEquals(want, keys, "n " + n + ", extreme at " + at);
                }
            }
        }
    }
}
