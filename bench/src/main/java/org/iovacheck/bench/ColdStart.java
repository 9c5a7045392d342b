package org.iovacheck.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The first engine call in a fresh JVM, before the JIT has compiled anything: what a one-shot command pays on top of the
 * steady-state figures. Each cell is the median over {@code JVMS} child JVMs of one unwarmed run, as Markdown rows.
 */
final class ColdStart {
    static final int JVMS = 3;

    private ColdStart() {
    }

    static List<String> rows(int windows) throws Exception {
        List<String> t = new ArrayList<>();
        t.add("| windows | bits | question | interval, first call ms | sat, first call ms |");
        t.add("|---:|---:|---|---:|---:|");
        for (int bits : ComparisonInstances.BITS) {
            for (Instance in : ComparisonInstances.of(windows, bits)) {
                t.add(String.format(Locale.ROOT, "| %,d | %d | %s | %s | %s |", windows, bits, in.question().label(),
                        Cell.ms(firstCall("interval", in)), Cell.ms(firstCall("sat", in))));
                System.err.println(t.get(t.size() - 1));
            }
        }
        return t;
    }

    private static double firstCall(String engine, Instance in) throws Exception {
        double[] ms = new double[JVMS];
        for (int i = 0; i < JVMS; i++) {
            IsolatedEngine.Outcome o = IsolatedEngine.run(engine, in, in.windows(), -1, 1, 0, 60_000);
            if (o.answer() == null || o.cell().kind() != Cell.Kind.MEASURED) {
                throw new IllegalStateException(engine + " gave no first-call answer on " + in.name());
            }
            ms[i] = o.cell().millis();
        }
        Arrays.sort(ms);
        return ms[JVMS / 2];
    }
}
