package org.iovacheck.preset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry of VMM presets by name. */
public final class Presets {
    private static final Map<String, Preset> ALL = new LinkedHashMap<>();

    static {
        for (Preset p : List.<Preset>of(new QemuVirt())) {
            ALL.put(p.name(), p);
        }
    }

    private Presets() {
    }

    public static Optional<Preset> byName(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    public static List<Preset> all() {
        return List.copyOf(ALL.values());
    }
}
