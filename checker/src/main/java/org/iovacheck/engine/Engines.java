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
        ALL.put("interval", IntervalEngine::new);
        ALL.put("sat", SatEngine::new);
        ALL.put("alloy", AlloyEngine::new);
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
            for (Supplier<Engine> s : ALL.values()) {
                Engine e = s.get();
                if (selection.equals("all") || !e.name().equals("alloy")) {
                    out.add(e);
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
