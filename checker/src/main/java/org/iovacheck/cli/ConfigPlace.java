package org.iovacheck.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iovacheck.engine.Verdict;
import org.iovacheck.format.InputException;
import org.iovacheck.format.Numbers;
import org.iovacheck.plan.PlanResult;
import org.iovacheck.plan.Target;
import org.iovacheck.preset.ConfigGuest;
import org.iovacheck.preset.PresetArgs;

/**
 * place for a configuration: the settings the configuration fixes stay fixed, the preset's other knobs are turned; when that
 * finds nothing and the configuration is an AMD x86 guest on a machine type of 7.0 or older, the same question is asked of
 * machine type 7.1, the first version that moves above-4G RAM to 1 TiB (hw/i386/pc.c pc_memory_init, QEMU commit 8504f12945).
 */
final class ConfigPlace {
    private ConfigPlace() {
    }

    /** Immutable; the answer and, when a changed machine type was needed, a sentence saying so. */
    record Answer(PlanResult result, String change) {
    }

    static Map<String, String> settingsWithoutRam(ConfigGuest cg) {
        Map<String, String> s = new LinkedHashMap<>(cg.settings());
        s.remove("ram");
        return s;
    }

    /**
     * For --maximize ram: the settings without RAM and with every knob the configuration leaves free at the preset's default,
     * since the configuration (as it will run) fixes them there; only RAM is searched.
     */
    static Map<String, String> fixedKnobs(ConfigGuest cg) {
        Map<String, String> s = settingsWithoutRam(cg);
        for (org.iovacheck.preset.Knob k : cg.preset().knobs()) {
            if (s.containsKey(k.key())) {
                continue;
            }
            for (org.iovacheck.preset.PresetParam p : cg.preset().params()) {
                if (p.key().equals(k.key())) {
                    try {
                        s.put(k.key(), Long.toUnsignedString(Numbers.size(p.defaultValue())));
                    } catch (IllegalArgumentException e) {
                        // a default that is not a value (e.g. "ram"): the knob stays free
                    }
                }
            }
        }
        return s;
    }

    static long ram(ConfigGuest cg) {
        String r = cg.settings().get("ram");
        return r == null ? 128L << 20 : Numbers.size(r);
    }

    static Answer place(ConfigGuest cg, Target t) throws InputException {
        Map<String, String> s = settingsWithoutRam(cg);
        long ram = ram(cg);
        PlanResult r = minimal(cg, org.iovacheck.plan.FirmwareKnobs.place(cg.preset(), s, ram, t));
        if (r.verdict() != Verdict.INFEASIBLE || !relocationMayHelp(cg)) {
            return new Answer(r, null);
        }
        Map<String, String> s2 = new LinkedHashMap<>(s);
        s2.put("machine", "7.1");
        PlanResult r2 = minimal(cg, org.iovacheck.plan.FirmwareKnobs.place(cg.preset(), s2, ram, t));
        if (r2.verdict() == Verdict.FOUND) {
            return new Answer(r2, "with machine type " + s.get("machine") + " no setting the configuration leaves free is safe; machine type"
                    + " 7.1 or newer moves above-4G RAM of an AMD guest to 1 TiB (hw/i386/pc.c, QEMU commit 8504f12945)");
        }
        return new Answer(r, null);
    }

    /**
     * The found settings without the knob values the configuration did not have and that do not change the layout (e.g. q35's
     * max-ram-below-4g at its default), so the answer names only real changes; the layout is compared region by region.
     */
    static PlanResult minimal(ConfigGuest cg, PlanResult r) {
        if (r.verdict() != Verdict.FOUND) {
            return r;
        }
        Map<String, String> s = new LinkedHashMap<>(r.settings());
        for (String k : List.copyOf(s.keySet())) {
            if (cg.settings().containsKey(k) || k.equals("ram") || k.equals("machine")) {
                continue;
            }
            Map<String, String> without = new LinkedHashMap<>(s);
            without.remove(k);
            try {
                if (cg.preset().layout(new PresetArgs(without)).regions().equals(r.layout().regions())) {
                    s = without;
                }
            } catch (InputException e) {
                // the VMM refuses the layout without this value: keep it
            }
        }
        org.iovacheck.model.GuestLayout layout = r.layout();
        try {
            org.iovacheck.model.GuestLayout again = cg.preset().layout(new PresetArgs(s));
            if (again.regions().equals(layout.regions())) {
                layout = again;
            }
        } catch (InputException e) {
            // unreachable: each removal above was checked; keep the found layout
        }
        return new PlanResult(r.verdict(), r.ram(), layout, s, r.confirm(), r.oneMore(), r.oneMoreRefusal(), r.blocking(), r.limits(),
                r.evidence());
    }

    /**
     * The changes, in the configuration's syntax, of the first safe layout place finds on this host within the budget; empty when
     * it finds none (INFEASIBLE, UNKNOWN or the budget ran out).
     */
    static List<String> fix(ConfigGuest cg, org.iovacheck.model.ResolvedHost rh, boolean p2p, org.iovacheck.engine.Budget budget) {
        try {
            Target t = new Target(rh.exclusions(), rh.blockers(), p2p, org.iovacheck.engine.Engines.select("interval"),
                    org.iovacheck.engine.Engines.select("default"), budget);
            PlanResult r = place(cg, t).result();
            if (r.verdict() == Verdict.FOUND) {
                return org.iovacheck.format.config.ConfigAnswer.changes(cg.config(), cg.settings(), r.settings());
            }
        } catch (InputException | RuntimeException e) {
            // no fix: the caller points to place
        }
        return List.of();
    }

    private static boolean relocationMayHelp(ConfigGuest cg) {
        String p = cg.preset().name();
        if (!(p.equals("qemu-q35") || p.equals("qemu-pc")) || !"on".equals(cg.settings().get("amd"))) {
            return false;
        }
        String m = cg.settings().get("machine");
        if (m == null || m.equals("latest")) {
            return false;
        }
        String[] v = m.split("\\.");
        int major = Integer.parseInt(v[0]);
        int minor = Integer.parseInt(v[1]);
        return major < 7 || (major == 7 && minor == 0);
    }

}
