package org.iovacheck.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Repeats a task after warm-up and reports the median wall time in milliseconds; the adaptive form bounds each cell's time. */
final class Timer {
    private Timer() {
    }

    interface Task {
        Object run() throws Exception;
    }

    /** A timed task that measures itself (e.g. from a child process's start to its exit) and returns its own wall time. */
    interface SelfTimed<T> {
        T run() throws Exception;
    }

    /**
     * How a cell is repeated: warm-up runs until both {@code warmups} runs are done and {@code warmupMillis} are spent (so the
     * JIT has compiled the hot paths, as a JMH warm-up would), then measured runs until {@code runs} runs or
     * {@code measureMillis} spent; at least one measured run.
     */
    record Policy(int warmups, long warmupMillis, int runs, long measureMillis) {
    }

    /** The measured runs' wall times in milliseconds, in run order, and the last run's result. */
    record Sample<T>(double[] millis, T last) {
        double median() {
            return Timer.median(millis);
        }
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
        return median(ms);
    }

    /** Runs {@code t} under {@code p}, timing each run with the wall clock around the call. */
    static <T> Sample<T> measure(Policy p, SelfTimed<T> t) throws Exception {
        long w0 = System.nanoTime();
        for (int i = 0; i < p.warmups() || (System.nanoTime() - w0) / 1e6 < p.warmupMillis(); i++) {
            sink = t.run();
        }
        List<Double> ms = new ArrayList<>();
        double spent = 0;
        T last = null;
        while (ms.size() < p.runs() && (ms.isEmpty() || spent < p.measureMillis())) {
            long t0 = System.nanoTime();
            last = t.run();
            double d = (System.nanoTime() - t0) / 1e6;
            ms.add(d);
            spent += d;
        }
        return new Sample<>(ms.stream().mapToDouble(Double::doubleValue).toArray(), last);
    }

    static double median(double[] values) {
        double[] ms = values.clone();
        Arrays.sort(ms);
        int n = ms.length;
        return n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
    }
}
