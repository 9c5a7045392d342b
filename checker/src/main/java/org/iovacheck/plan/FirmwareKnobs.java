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
