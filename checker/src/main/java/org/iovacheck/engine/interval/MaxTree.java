package org.iovacheck.engine.interval;

import java.util.function.IntConsumer;
import org.iovacheck.model.U64;

/** Immutable; a complete binary tree over ranges in array order holding the largest last address (unsigned) of each subtree. */
final class MaxTree {
    private final int size;
    private final long[] max;
    private final boolean[] present;

    /** Over the ranges whose last addresses are {@code lasts[0..n)}, in array order. */
    MaxTree(long[] lasts, int n) {
        int s = 1;
        while (s < n) {
            s <<= 1;
        }
        size = s;
        max = new long[2 * s];
        present = new boolean[2 * s];
        for (int i = 0; i < n; i++) {
            max[s + i] = lasts[i];
            present[s + i] = true;
        }
        for (int i = s - 1; i >= 1; i--) {
            boolean l = present[2 * i];
            boolean r = present[2 * i + 1];
            present[i] = l || r;
            max[i] = l && r ? U64.max(max[2 * i], max[2 * i + 1]) : l ? max[2 * i] : max[2 * i + 1];
        }
    }

    /** Reports every index below {@code end} whose last address is at least {@code atLeast}; returns the nodes visited. */
    long collect(int end, long atLeast, IntConsumer hit) {
        if (end <= 0) {
            return 0;
        }
        return visit(1, 0, size, end, atLeast, hit);
    }

    private long visit(int node, int lo, int hi, int end, long atLeast, IntConsumer hit) {
        if (lo >= end || !present[node] || U64.lt(max[node], atLeast)) {
            return 1;
        }
        if (hi - lo == 1) {
            hit.accept(lo);
            return 1;
        }
        int mid = (lo + hi) >>> 1;
        return 1 + visit(2 * node, lo, mid, end, atLeast, hit) + visit(2 * node + 1, mid, hi, end, atLeast, hit);
    }
}
