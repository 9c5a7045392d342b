package org.iovacheck.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.iovacheck.format.HostLoader;
import org.iovacheck.format.InputException;

/**
 * Immutable; the libvirt hook's settings: the host to judge against, the log file, the time budget and strict mode. Read from
 * a small file of "key = value" lines ($IOVACHECK_HOOK_CONFIG, else /etc/iovacheck/libvirt-hook.conf when present), then
 * IOVACHECK_HOOK_HOST, _LOG, _BUDGET_MS, _STRICT from the environment, which win.
 *
 * @param host     the host: /sys (the live host, default), a snapshot directory or a host file
 * @param log      where the full answer of every call is appended; null for none
 * @param budgetMs the most the check may take; past it the hook passes with a logged warning (fails when strict)
 * @param strict   fail (refuse the start) on internal problems and exhausted budgets instead of passing
 */
record HookSettings(Path host, Path log, long budgetMs, boolean strict) {
    static final Path DEFAULT_FILE = Path.of("/etc/iovacheck/libvirt-hook.conf");
    private static final Set<String> KEYS = Set.of("host", "log", "budget-ms", "strict");

    static HookSettings load(Map<String, String> env) throws InputException {
        Map<String, String> v = new LinkedHashMap<>();
        String named = env.get("IOVACHECK_HOOK_CONFIG");
        Path file = named != null ? Path.of(named) : Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null;
        if (file != null) {
            String[] lines = org.iovacheck.format.TextFiles.read(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i].replaceFirst("#.*", "").strip();
                if (l.isEmpty()) {
                    continue;
                }
                int eq = l.indexOf('=');
                if (eq <= 0) {
                    throw new InputException(file.toString(), i + 1, "not 'key = value'");
                }
                String k = l.substring(0, eq).strip();
                if (!KEYS.contains(k)) {
                    throw new InputException(file.toString(), i + 1, "unknown key '" + k + "' (host, log, budget-ms, strict)");
                }
                if (v.put(k, l.substring(eq + 1).strip()) != null) {
                    throw new InputException(file.toString(), i + 1, "key '" + k + "' given twice");
                }
            }
        }
        putEnv(env, v, "IOVACHECK_HOOK_HOST", "host");
        putEnv(env, v, "IOVACHECK_HOOK_LOG", "log");
        putEnv(env, v, "IOVACHECK_HOOK_BUDGET_MS", "budget-ms");
        putEnv(env, v, "IOVACHECK_HOOK_STRICT", "strict");
        long budget;
        try {
            budget = Long.parseLong(v.getOrDefault("budget-ms", "5000"));
        } catch (NumberFormatException e) {
            throw InputException.option("budget-ms", "'" + v.get("budget-ms") + "' is not a number of milliseconds");
        }
        if (budget <= 0) {
            throw InputException.option("budget-ms", "must be positive");
        }
        String strict = v.getOrDefault("strict", "no");
        if (!Set.of("yes", "no", "on", "off", "true", "false").contains(strict)) {
            throw InputException.option("strict", "'" + strict + "' is not yes or no");
        }
        return new HookSettings(Path.of(v.getOrDefault("host", "/sys")), v.containsKey("log") ? Path.of(v.get("log")) : null, budget,
                Set.of("yes", "on", "true").contains(strict));
    }

    private static void putEnv(Map<String, String> env, Map<String, String> v, String name, String key) {
        String e = env.get(name);
        if (e != null && !e.isBlank()) {
            v.put(key, e.strip());
        }
    }
}
