package org.iovacheck.bench;

import java.util.Locale;
import org.iovacheck.engine.Engine;

/**
 * Child-JVM entry point for engine runs that may overrun their budget: warms up on a smaller instance of the same question,
 * then prints "WARM" and, for each measured run, "RUN <ms> <answer line>", so that the parent can stop it at a hard limit.
 * Arguments: engine, windows, bits, question, warm-up windows, warm-up ms (at least 2 warm-up runs and this long; negative: no
 * warm-up at all, so the first measured run is the JVM's first call), runs, measure budget in ms.
 */
public final class EngineChild {
    private EngineChild() {
    }

    public static void main(String[] args) {
        Engine e = EngineRun.engine(args[0]);
        int n = Integer.parseInt(args[1]);
        int bits = Integer.parseInt(args[2]);
        Question q = Question.valueOf(args[3]);
        int warmN = Integer.parseInt(args[4]);
        long warmMillis = Long.parseLong(args[5]);
        int runs = Integer.parseInt(args[6]);
        long measureMillis = Long.parseLong(args[7]);
        Instance warm = ComparisonInstances.of(warmN, bits).get(q.ordinal());
        Instance in = ComparisonInstances.of(n, bits).get(q.ordinal());
        long w0 = System.nanoTime();
        for (int i = 0; warmMillis >= 0 && (i < 2 || (System.nanoTime() - w0) / 1e6 < warmMillis); i++) {
            EngineRun.once(e, warm, 3_600_000L);
        }
        System.out.println("WARM");
        System.out.flush();
        double spent = 0;
        for (int i = 0; i < runs && (i == 0 || spent < measureMillis); i++) {
            long t0 = System.nanoTime();
            EngineRun.Result r = EngineRun.once(e, in, 3_600_000L);
            double ms = (System.nanoTime() - t0) / 1e6;
            spent += ms;
            System.out.println(String.format(Locale.ROOT, "RUN %.3f ", ms) + r.answer().line());
            System.out.flush();
        }
    }
}
