package org.iovacheck.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iovacheck.engine.Verdict;
import org.iovacheck.format.InputException;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.PresetArgs;

/**
 * place over the guest firmware's knobs (docs/firmware.md): when no layout is safe with them as given, the least change that
 * makes one safe: the largest {@code phys-bits-limit} below the guest's phys-bits (libvirt {@code <maxphysaddr
 * mode='passthrough' limit='N'/>}), else the smallest OVMF {@code x-pci-mmio64-mb}. Each candidate is a full place (its
 * FOUND is re-checked by the confirming engines); the knobs the user set stay fixed. Unless the user gave guest-phys-bits, a
 * fix must also hold when QEMU reports GuestPhysBits (QEMU 9.0+ with -cpu host and a KVM that reports it: QEMU then sets it to
 * the guest's phys-bits), which makes OVMF 202408+ trust phys-bits it would otherwise ignore (40 on Intel).
 */
public final class FirmwareKnobs {
    private FirmwareKnobs() {
    }

    public static PlanResult place(Preset p, Map<String, String> settings, long ram, Target t) throws InputException {
        PlanResult first = Planner.place(p, settings, ram, t);
        if (first.verdict() != Verdict.INFEASIBLE || !t.blockers().isEmpty()) {
            return first;
        }
        FirmwareDomain d = FirmwareDomain.of(p, settings, t.p2p());
        if (d.isEmpty()) {
            return first;
        }
        List<Map<String, String>> all = d.settings();
        for (int i = 1; i < all.size(); i++) {
            Map<String, String> change = all.get(i);
            PlanResult r = tryWith(p, settings, ram, t, change);
            if (r != null && r.verdict() == Verdict.FOUND) {
                return fixed(r, fixText(change));
            }
            if (r != null && r.verdict() == Verdict.UNKNOWN) {
                return r;
            }
        }
        List<String> tried = new ArrayList<>(first.limits());
        tried.addAll(d.why());
        tried.add("all " + all.size() + " settings of " + String.join(", ", d.keys()) + " judged (each by place over the other free knobs"
                + (FirmwareDomain.guestPhysBitsAlso(settings, Map.of("phys-bits-limit", "32")) != null ? ", a turned one also with GuestPhysBits"
                + " reported" : "") + "); none is safe");
        if (!d.complete()) {
            List<String> e = new ArrayList<>(first.evidence());
            e.add(d.incomplete());
            e.addAll(tried);
            return Planner.unknown(ram, e);
        }
        return new PlanResult(Verdict.INFEASIBLE, first.ram(), null, first.settings(), null, null, null, first.blocking(), tried, first.evidence());
    }

    /** The fix a change of firmware knobs stands for, in libvirt's and QEMU's (or cloud-hypervisor's) words. */
    private static String fixText(Map<String, String> change) {
        List<String> parts = new ArrayList<>();
        if (change.containsKey("max-phys-bits")) {
            String bits = change.get("max-phys-bits");
            parts.add("--cpus max_phys_bits=" + bits + " (cloud-hypervisor allocates 64-bit BARs top-down below 2^max_phys_bits)");
        }
        if (change.containsKey("phys-bits-limit")) {
            String limit = change.get("phys-bits-limit");
            parts.add("limit the guest's phys-bits to " + limit + ", the largest limit that is safe: libvirt <maxphysaddr"
                    + " mode='passthrough' limit='" + limit + "'/>; QEMU -cpu host,host-phys-bits=on,host-phys-bits-limit=" + limit
                    + " (or -cpu ...,phys-bits=" + limit + ")");
        }
        if (change.containsKey("x-pci-mmio64-mb")) {
            String mb = change.get("x-pci-mmio64-mb");
            parts.add("a fixed OVMF 64-bit PCI window of " + mb + " MiB: -fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=" + mb
                    + " (libvirt: <qemu:commandline> with the same -fw_cfg)");
        }
        return "fix: " + String.join("; and ", parts);
    }

    /**
     * For check: the least firmware-knob change (phys-bits-limit, then x-pci-mmio64-mb) under which this layout is safe on every
     * host, searched with the interval engine and confirmed by the given engines, as one line; empty when none helps or none applies.
     */
    public static java.util.Optional<String> hint(Preset p, Map<String, String> settings, List<org.iovacheck.model.ResolvedHost> hosts, boolean p2p,
            List<org.iovacheck.engine.Engine> confirm, org.iovacheck.engine.Budget budget) {
        if (!p.takesKey("phys-bits-limit") || !settings.containsKey("firmware") || "none".equals(settings.get("firmware"))) {
            return java.util.Optional.empty();
        }
        List<Map<String, String>> candidates = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        try {
            if (!settings.containsKey("phys-bits-limit")) {
                int phys = new PresetArgs(settings).integer("phys-bits", 32, 52, 40);
                for (int limit = phys - 1; limit >= 32; limit--) {
                    candidates.add(Planner.with(settings, "phys-bits-limit", Integer.toString(limit)));
                    fixes.add("libvirt <maxphysaddr mode='passthrough' limit='" + limit + "'/>, QEMU -cpu host,host-phys-bits=on,host-phys-bits-limit="
                            + limit + " (--set phys-bits-limit=" + limit + ")");
                }
            }
            if ("ovmf".equals(settings.get("firmware")) && !settings.containsKey("x-pci-mmio64-mb")) {
                for (long mb = 1024; mb <= 0x1000000L; mb <<= 1) {
                    candidates.add(Planner.with(settings, "x-pci-mmio64-mb", Long.toString(mb)));
                    fixes.add("-fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=" + mb + " (--set x-pci-mmio64-mb=" + mb + ")");
                }
            }
        } catch (InputException e) {
            return java.util.Optional.empty();
        }
        List<org.iovacheck.engine.Engine> fast = org.iovacheck.engine.Engines.select("interval");
        for (int i = 0; i < candidates.size(); i++) {
            Map<String, String> c = candidates.get(i);
            if (safeEverywhere(p, c, hosts, p2p, fast, budget) && (settings.containsKey("guest-phys-bits") || safeEverywhere(p, Planner.with(c,
                    "guest-phys-bits", guestPhysBits(c)), hosts, p2p, fast, budget)) && safeEverywhere(p, c, hosts, p2p, confirm, budget)) {
                return java.util.Optional.of("least firmware change that makes it safe: " + fixes.get(i) + "; confirmed by check: SAFE");
            }
        }
        return java.util.Optional.empty();
    }

    private static String guestPhysBits(Map<String, String> s) {
        return s.containsKey("phys-bits-limit") ? s.get("phys-bits-limit") : s.getOrDefault("phys-bits", "40");
    }

    private static boolean safeEverywhere(Preset p, Map<String, String> s, List<org.iovacheck.model.ResolvedHost> hosts, boolean p2p,
            List<org.iovacheck.engine.Engine> engines, org.iovacheck.engine.Budget budget) {
        org.iovacheck.model.GuestLayout l;
        try {
            l = p.layout(new PresetArgs(s));
        } catch (InputException | ArithmeticException e) {
            return false;
        }
        for (org.iovacheck.model.ResolvedHost h : hosts) {
            if (org.iovacheck.engine.CheckRunner.run(org.iovacheck.model.CheckQuery.of(h, l, p2p), engines, budget).verdict() != Verdict.SAFE) {
                return false;
            }
        }
        return true;
    }

    /**
     * place with a change of firmware knobs: FOUND, UNKNOWN, or null when no layout is safe (or the VMM refuses them all). When
     * the change must also hold with GuestPhysBits reported, both layouts are judged at the same setting of the other knobs.
     */
    private static PlanResult tryWith(Preset p, Map<String, String> settings, long ram, Target t, Map<String, String> change)
            throws InputException {
        Map<String, String> s = new java.util.LinkedHashMap<>(settings);
        s.putAll(change);
        String gpb = FirmwareDomain.guestPhysBitsAlso(settings, change);
        if (gpb == null) {
            try {
                PlanResult r = Planner.place(p, s, ram, t);
                return r.verdict() == Verdict.INFEASIBLE ? null : r;
            } catch (InputException e) {
                return null; // the VMM or firmware refuses this value (e.g. phys-bits too low for the RAM): not a candidate
            }
        }
        List<org.iovacheck.preset.Knob> free = p.knobs().stream().filter(k -> !settings.containsKey(k.key())).toList();
        long total = 1;
        for (org.iovacheck.preset.Knob k : free) {
            total *= k.count();
        }
        for (long i = 0; i < total; i++) {
            if (t.budget().expired()) {
                return Planner.unknown(ram, List.of("budget exhausted after " + i + " of " + total + " settings with " + change));
            }
            Map<String, String> c = Planner.with(s, "ram", Long.toUnsignedString(ram));
            long rest = i;
            for (org.iovacheck.preset.Knob k : free) {
                c.put(k.key(), Long.toUnsignedString(k.value(rest % k.count())));
                rest /= k.count();
            }
            if (clear(p, c, t) && clear(p, Planner.with(c, "guest-phys-bits", gpb), t)) {
                PlanResult r = Planner.found(p, c, ram, t, null, null, List.of("judged " + (i + 1) + " of " + total + " setting(s) in preference order"));
                org.iovacheck.model.GuestLayout l = p.layout(new PresetArgs(Planner.with(c, "guest-phys-bits", gpb)));
                org.iovacheck.engine.CheckOutcome also = org.iovacheck.engine.CheckRunner.run(Planner.query(l, t), t.confirm(), t.budget());
                if (also.verdict() != Verdict.SAFE) {
                    return also.verdict() == Verdict.UNKNOWN ? Planner.unknown(ram, List.of("the confirming check ran out of budget")) : null;
                }
                List<String> evidence = new ArrayList<>(r.evidence());
                evidence.add("also safe when QEMU reports GuestPhysBits " + gpb + " (confirmed by the same check with --set guest-phys-bits=" + gpb
                        + ": " + also.verdict() + ")");
                return new PlanResult(r.verdict(), r.ram(), r.layout(), r.settings(), r.confirm(), r.oneMore(), r.oneMoreRefusal(), r.blocking(),
                        r.limits(), evidence);
            }
        }
        return null;
    }

    /** Accepted by the VMM and clear of every exclusion (the exclusion index). */
    private static boolean clear(Preset p, Map<String, String> c, Target t) {
        try {
            return t.index().firstConflict(p.layout(new PresetArgs(c)).mapped(t.p2p())).isEmpty();
        } catch (InputException | ArithmeticException e) {
            return false;
        }
    }

    private static PlanResult fixed(PlanResult r, String fix) {
        List<String> evidence = new ArrayList<>();
        evidence.add(fix);
        evidence.addAll(r.evidence());
        return new PlanResult(r.verdict(), r.ram(), r.layout(), r.settings(), r.confirm(), r.oneMore(), r.oneMoreRefusal(), r.blocking(),
                r.limits(), evidence);
    }
}
