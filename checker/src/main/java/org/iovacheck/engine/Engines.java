package org.iovacheck.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.iovacheck.engine.alloy.AlloyEngine;
import org.iovacheck.engine.interval.IntervalEngine;
import org.iovacheck.engine.sat.SatEngine;

/** The registry of engines by name, and the selections --engine accepts. */
public final class Engines {
    private static final Map<String, Supplier<Engine>> ALL = new LinkedHashMap<>();

    static {
        // Lambdas, not constructor references: an engine's classes (Alloy's above all) load only when it is selected.
        ALL.put("interval", () -> new IntervalEngine());
        ALL.put("sat", () -> new SatEngine());
        ALL.put("alloy", () -> new AlloyEngine());
    }

    private Engines() {
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** "all", one name, or a comma-separated list; "default" is the fast path confirmed by every other registered prover. */
    public static List<Engine> select(String selection) {
        List<Engine> out = new ArrayList<>();
        if (selection.equals("all") || selection.equals("default")) {
            for (Map.Entry<String, Supplier<Engine>> s : ALL.entrySet()) {
                if (selection.equals("all") || !s.getKey().equals("alloy")) {
                    out.add(s.getValue().get());
                }
            }
            return out;
        }
        for (String n : selection.split(",")) {
            Supplier<Engine> s = ALL.get(n.trim());
            if (s == null) {
                throw new IllegalArgumentException("unknown engine '" + n.trim() + "' (expected " + String.join(", ", ALL.keySet()) + ", default or all)");
            }
            out.add(s.get());
        }
        return out;
    }
}
