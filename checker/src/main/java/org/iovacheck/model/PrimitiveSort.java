package org.iovacheck.model;

/** Sorts a long key array in place, carrying an int payload along: for million-element sorts without boxing. */
public final class PrimitiveSort {
    private PrimitiveSort() {
    }

    /** Sorts keys ascending (signed order) and permutes payload alongside; ties keep no particular order. */
    public static void byKey(long[] keys, int[] payload) {
        sort(keys, payload, 0, keys.length - 1, new java.util.SplittableRandom(42));
    }

    private static void sort(long[] k, int[] p, int lo, int hi, java.util.SplittableRandom rnd) {
        while (hi - lo > 16) {
            long pivot = k[lo + rnd.nextInt(hi - lo + 1)];
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                if (k[i] < pivot) {
                    swap(k, p, lt++, i++);
                } else if (k[i] > pivot) {
                    swap(k, p, i, gt--);
                } else {
                    i++;
                }
            }
            if (lt - lo < hi - gt) {
                sort(k, p, lo, lt - 1, rnd);
                lo = gt + 1;
            } else {
                sort(k, p, gt + 1, hi, rnd);
                hi = lt - 1;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            long kv = k[i];
            int pv = p[i];
            int j = i - 1;
            while (j >= lo && k[j] > kv) {
                k[j + 1] = k[j];
                p[j + 1] = p[j];
                j--;
            }
            k[j + 1] = kv;
            p[j + 1] = pv;
        }
    }

    private static void swap(long[] k, int[] p, int a, int b) {
        long t = k[a];
        k[a] = k[b];
        k[b] = t;
        int u = p[a];
        p[a] = p[b];
        p[b] = u;
    }
}
