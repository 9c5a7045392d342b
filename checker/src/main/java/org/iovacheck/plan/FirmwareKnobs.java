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
        if (first.verdict() == Verdict.INFEASIBLE && p.takesKey("max-phys-bits") && settings.containsKey("devices")
                && !settings.containsKey("max-phys-bits")) {
            // cloud-hypervisor allocates BARs below 2^max_phys_bits itself: the least change is the largest max_phys_bits that is safe
            int phys = Integer.parseInt(p.params().stream().filter(pp -> pp.key().equals("max-phys-bits")).findFirst().orElseThrow().defaultValue());
            for (int bits = phys - 1; bits >= 32; bits--) {
                PlanResult r;
                try {
                    r = Planner.place(p, Planner.with(settings, "max-phys-bits", Integer.toString(bits)), ram, t);
                } catch (InputException e) {
                    continue;
                }
                if (r.verdict() == Verdict.FOUND) {
                    return fixed(r, "fix: --cpus max_phys_bits=" + bits + " (cloud-hypervisor allocates 64-bit BARs top-down below 2^max_phys_bits)");
                }
                if (r.verdict() == Verdict.UNKNOWN) {
                    return r;
                }
            }
            List<String> tried = new ArrayList<>(first.limits());
            tried.add("max-phys-bits tried from " + (phys - 1) + " down to 32");
            return new PlanResult(Verdict.INFEASIBLE, first.ram(), null, first.settings(), null, null, null, first.blocking(), tried, first.evidence());
        }
        if (first.verdict() != Verdict.INFEASIBLE || !p.takesKey("phys-bits-limit") || !settings.containsKey("firmware")
                || "none".equals(settings.get("firmware"))) {
            return first;
        }
        List<String> tried = new ArrayList<>(first.limits());
        if (!settings.containsKey("phys-bits-limit")) {
            int phys = new PresetArgs(settings).integer("phys-bits", 32, 52, 40);
            for (int limit = phys - 1; limit >= 32; limit--) {
                PlanResult r = tryWith(p, settings, ram, t, "phys-bits-limit", Integer.toString(limit));
                if (r != null && r.verdict() == Verdict.FOUND) {
                    return fixed(r, "fix: limit the guest's phys-bits to " + limit + ", the largest limit that is safe: libvirt <maxphysaddr"
                            + " mode='passthrough' limit='" + limit + "'/>; QEMU -cpu host,host-phys-bits=on,host-phys-bits-limit=" + limit
                            + " (or -cpu ...,phys-bits=" + limit + ")");
                }
                if (r != null && r.verdict() == Verdict.UNKNOWN) {
                    return r;
                }
            }
            tried.add("phys-bits-limit tried from " + (phys - 1) + " down to 32");
        }
        if ("ovmf".equals(settings.get("firmware")) && !settings.containsKey("x-pci-mmio64-mb")) {
            for (long mb = 1024; mb <= 0x1000000L; mb <<= 1) {
                PlanResult r = tryWith(p, settings, ram, t, "x-pci-mmio64-mb", Long.toString(mb));
                if (r != null && r.verdict() == Verdict.FOUND) {
                    return fixed(r, "fix: a fixed OVMF 64-bit PCI window of " + mb + " MiB: -fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=" + mb
                            + " (libvirt: <qemu:commandline> with the same -fw_cfg)");
                }
                if (r != null && r.verdict() == Verdict.UNKNOWN) {
                    return r;
                }
            }
            tried.add("x-pci-mmio64-mb tried at every power of two from 1024 to 16777216 MiB");
        }
        return new PlanResult(Verdict.INFEASIBLE, first.ram(), null, first.settings(), null, null, null, first.blocking(), tried, first.evidence());
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

    private static PlanResult tryWith(Preset p, Map<String, String> settings, long ram, Target t, String key, String value) {
        try {
            PlanResult r = Planner.place(p, Planner.with(settings, key, value), ram, t);
            if (r.verdict() != Verdict.FOUND || settings.containsKey("guest-phys-bits")) {
                return r;
            }
            String gpb = Integer.toString(new PresetArgs(r.settings()).integer(r.settings().containsKey("phys-bits-limit") ? "phys-bits-limit"
                    : "phys-bits", 32, 52, 40));
            PlanResult also = Planner.place(p, Planner.with(r.settings(), "guest-phys-bits", gpb), ram, t);
            if (also.verdict() != Verdict.FOUND) {
                return also.verdict() == Verdict.UNKNOWN ? also : null;
            }
            List<String> evidence = new ArrayList<>(r.evidence());
            evidence.add("also safe when QEMU reports GuestPhysBits " + gpb + " (confirmed by the same check with --set guest-phys-bits=" + gpb + ": "
                    + also.confirm().verdict() + ")");
            return new PlanResult(r.verdict(), r.ram(), r.layout(), r.settings(), r.confirm(), r.oneMore(), r.oneMoreRefusal(), r.blocking(),
                    r.limits(), evidence);
        } catch (InputException e) {
            return null; // the VMM or firmware refuses this value (e.g. phys-bits too low for the RAM): not a candidate
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
