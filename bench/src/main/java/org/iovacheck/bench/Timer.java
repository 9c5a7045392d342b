package org.iovacheck.bench;

import java.util.Arrays;

/** Repeats a task after warm-up and reports the median wall time in milliseconds. */
final class Timer {
    private Timer() {
    }

    interface Task {
        Object run() throws Exception;
    }

    static volatile Object sink;

    static double medianMillis(int warmup, int runs, Task t) throws Exception {
        for (int i = 0; i < warmup; i++) {
            sink = t.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            sink = t.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
    }
}
