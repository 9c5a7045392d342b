package org.iovacheck.preset;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iovacheck.format.InputException;
import org.iovacheck.format.Numbers;

/**
 * Mutable while a preset reads it; the user's --ram and --set KEY=VALUE values. Typed getters record which keys were read,
 * so {@link #finish} can reject keys the preset does not know.
 */
public final class PresetArgs {
    private final Map<String, String> values;
    private final Set<String> used = new LinkedHashSet<>();

    public PresetArgs(Map<String, String> values) {
        this.values = new LinkedHashMap<>(values);
    }

    /** The --set KEY=VALUE pairs as a map; a malformed pair or a repeated key is an error. */
    public static Map<String, String> parseSets(List<String> sets) throws InputException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw InputException.option("--set", "'" + s + "' is not KEY=VALUE");
            }
            String k = s.substring(0, eq).trim();
            if (m.put(k, s.substring(eq + 1).trim()) != null) {
                throw InputException.option("--set", "key '" + k + "' given twice");
            }
        }
        return m;
    }

    /** --ram given as SIZE plus --set pairs; a --set ram=... and --ram together is an error. */
    public static PresetArgs of(String ram, List<String> sets) throws InputException {
        Map<String, String> m = parseSets(sets);
        if (ram != null) {
            if (m.containsKey("ram")) {
                throw InputException.option("--ram", "RAM size given both by --ram and by --set ram=");
            }
            m.put("ram", ram);
        }
        return new PresetArgs(m);
    }

    /** --ram given as SIZE plus already parsed settings (e.g. with host defaults added). */
    public static PresetArgs of(String ram, Map<String, String> settings) throws InputException {
        Map<String, String> m = new LinkedHashMap<>(settings);
        if (ram != null) {
            if (m.containsKey("ram")) {
                throw InputException.option("--ram", "RAM size given both by --ram and by --set ram=");
            }
            m.put("ram", ram);
        }
        return new PresetArgs(m);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public long size(String key, long dflt) throws InputException {
        used.add(key);
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Numbers.size(v);
        } catch (IllegalArgumentException e) {
            throw InputException.option(key, e.getMessage());
        }
    }

    public long address(String key, long dflt) throws InputException {
        used.add(key);
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Numbers.address(v);
        } catch (IllegalArgumentException e) {
            throw InputException.option(key, e.getMessage());
        }
    }

    public boolean bool(String key, boolean dflt) throws InputException {
        used.add(key);
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        return switch (v) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw InputException.option(key, "'" + v + "' is not on or off");
        };
    }

    public int integer(String key, int min, int max, int dflt) throws InputException {
        used.add(key);
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Numbers.intIn(v, min, max);
        } catch (IllegalArgumentException e) {
            throw InputException.option(key, e.getMessage());
        }
    }

    public String choice(String key, List<String> allowed, String dflt) throws InputException {
        used.add(key);
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        if (!allowed.contains(v)) {
            throw InputException.option(key, "'" + v + "' is not one of " + String.join(", ", allowed));
        }
        return v;
    }

    /** Raw text of a key (null when absent); marks it read. */
    public String text(String key) {
        used.add(key);
        return values.get(key);
    }

    /** Rejects any key the preset did not read, naming the keys it takes. */
    public void finish(Preset preset) throws InputException {
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                StringBuilder keys = new StringBuilder();
                for (PresetParam p : preset.params()) {
                    keys.append(keys.isEmpty() ? "" : ", ").append(p.key());
                }
                throw InputException.option("--set " + k, "preset " + preset.name() + " has no parameter '" + k + "' (it takes: " + keys + ")");
            }
        }
    }
}
