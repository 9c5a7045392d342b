package org.iovacheck.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable; what an engine measured: wall time and named counters (variables, clauses, sweep events...). */
public record Stats(double millis, Map<String, Long> counters) {
    public Stats {
        counters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    public static Stats of(long startNanos, Map<String, Long> counters) {
        return new Stats((System.nanoTime() - startNanos) / 1e6, counters);
    }
}
