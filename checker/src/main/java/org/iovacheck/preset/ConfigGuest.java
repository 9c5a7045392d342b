package org.iovacheck.preset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iovacheck.format.InputException;
import org.iovacheck.format.config.GuestConfig;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.HostCpu;

/**
 * Immutable; a configuration resolved against a host: the preset, the complete parameter values (the configuration's, the
 * host's where KVM takes them from the host, then the user's --set) and the notes saying where each came from.
 */
public record ConfigGuest(GuestConfig config, Preset preset, Map<String, String> settings, List<String> notes) {
    public ConfigGuest {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        notes = List.copyOf(notes);
    }

    /** Resolves the configuration; user --set values replace the configuration's (with a note). */
    public static ConfigGuest resolve(GuestConfig c, HostCpu host, Map<String, String> userSets) throws InputException {
        Preset p = Presets.byName(c.preset()).orElseThrow();
        Map<String, String> s = new LinkedHashMap<>(c.settings());
        List<String> notes = new ArrayList<>(c.notes());
        boolean x86 = !p.name().equals("qemu-virt");
        if (x86 && c.cpu().vendorFromHost() && !userSets.containsKey("amd")) {
            if (host.amd() != null) {
                s.put("amd", host.amd() ? "on" : "off");
                notes.add("vCPU vendor: KVM gives the guest the host's vendor (target/i386/cpu.c x86_cpu_load_model); " + host.vendorWhy());
            } else {
                s.put("amd", "off");
                notes.add("vCPU vendor: KVM gives the guest the host's vendor, which the host input does not show; judged as Intel"
                        + " (give --set amd=on for an AMD host)");
            }
        }
        if (x86 && c.cpu().physBitsFromHost() && !userSets.containsKey("phys-bits")) {
            int limit = c.cpu().physBitsLimit();
            if (limit != 0 && p.takesKey("phys-bits-limit") && !userSets.containsKey("phys-bits-limit")) {
                // the preset applies the limit itself (min(phys-bits, limit)); phys-bits stays the host's
                s.put("phys-bits-limit", Integer.toString(limit));
                limit = host.physBits() != 0 ? 0 : limit;
            }
            if (host.physBits() != 0) {
                int bits = limit == 0 ? host.physBits() : Math.min(limit, host.physBits());
                s.put("phys-bits", Integer.toString(bits));
                notes.add("phys-bits " + bits + ": the host's " + host.physBitsWhy() + (limit == 0 ? "" : ", capped by the limit " + limit));
            } else if (limit != 0) {
                s.put("phys-bits", Integer.toString(limit));
                notes.add("phys-bits " + limit + ": the limit; the host's own bits are not in the host input, so it is assumed to have at"
                        + " least " + limit + " (give --set phys-bits=N otherwise)");
            } else {
                s.put("phys-bits", "52");
                notes.add("phys-bits: the host's, which the host input does not show; judged with 52 so QEMU's 'phys-bits too low'"
                        + " refusal is not predicted (give --set phys-bits=N for that check)");
            }
        }
        if (x86 && c.cpu().physBitsFromHost() && p.takesKey("cpu") && !userSets.containsKey("cpu")) {
            s.put("cpu", "host");
        }
        if (p.name().equals("qemu-virt") && !s.containsKey("ipa-bits") && !userSets.containsKey("ipa-bits")) {
            notes.add("ipa-bits: the host's KVM IPA limit is not in the configuration; the preset's default 40 applies (give --set ipa-bits=N)");
        }
        for (Map.Entry<String, String> e : userSets.entrySet()) {
            String old = s.put(e.getKey(), e.getValue());
            if (old != null && !old.equals(e.getValue())) {
                notes.add("--set " + e.getKey() + "=" + e.getValue() + " replaces the configuration's " + old);
            }
        }
        firmware(c, p, s, notes);
        viommu(c, host, s, notes);
        if (c.hostdevs().isEmpty()) {
            notes.add("no assigned PCI device (hostdev / vfio-pci): VFIO maps nothing for this VM; judged as if a device of every group"
                    + " were assigned");
        } else {
            notes.add("assigned PCI devices: " + String.join(", ", c.hostdevs()));
        }
        if (!c.ignored().isEmpty()) {
            notes.add("ignored (no effect on the memory layout): " + String.join(", ", c.ignored()));
        }
        return new ConfigGuest(c, p, s, notes);
    }

    private static void firmware(GuestConfig c, Preset p, Map<String, String> s, List<String> notes) {
        String fw = c.facts().firmware();
        if (fw == null) {
            return;
        }
        if (p.takesKey("firmware") && !s.containsKey("firmware")) {
            s.put("firmware", p.name().equals("qemu-virt") ? (fw.equals("ovmf") ? "edk2" : "none") : fw);
        } else if (!p.takesKey("firmware")) {
            notes.add("firmware " + (fw.equals("ovmf") ? "OVMF (UEFI)" : "SeaBIOS") + ": recorded; this version's " + p.name()
                    + " preset has no firmware model, so where the firmware puts 64-bit BARs is not judged (BARs count only with --p2p,"
                    + " as the preset's pci-hole64 window)");
        }
    }

    private static void viommu(GuestConfig c, HostCpu host, Map<String, String> s, List<String> notes) throws InputException {
        String m = c.facts().viommu();
        if (m == null) {
            return;
        }
        int aw = c.facts().viommuAwBits();
        if (m.equals("intel") && aw == 0) {
            // QEMU 36bda55d1f (hw/i386/intel_iommu.c): default aw-bits 48 from machine 9.2, 39 before
            MachineVersion v;
            try {
                v = MachineVersion.parse("machine", s.get("machine"));
            } catch (InputException e) {
                v = MachineVersion.LATEST;
            }
            aw = v.after(9, 1) ? 48 : 39;
        }
        notes.add("vIOMMU " + m + (aw == 0 ? "" : " with aw-bits " + aw) + ": once the guest enables it, the guest chooses the IOVAs of"
                + " assigned devices, so the layout check below holds for what QEMU maps 1:1 (before the guest enables translation,"
                + " and with passthrough mode)");
        if (m.equals("intel") && aw != 0 && host.iommuBits() != 0 && aw > host.iommuBits()) {
            throw new InputException(c.file(), 0, "QEMU refuses to start: Failed to set vIOMMU: aw-bits " + aw + " > host aw-bits "
                    + host.iommuBits() + " (hw/i386/intel_iommu.c vtd_check_hiod); set <driver aw_bits='" + host.iommuBits()
                    + "'/> in <iommu> (-device intel-iommu,aw-bits=" + host.iommuBits() + ")");
        }
    }

    /** This configuration with more settings (not replacing what is set) and notes. */
    public ConfigGuest with(Map<String, String> more, List<String> moreNotes) {
        Map<String, String> s = new LinkedHashMap<>(settings);
        more.forEach(s::putIfAbsent);
        List<String> n = new ArrayList<>(notes);
        n.addAll(moreNotes);
        return new ConfigGuest(config, preset, s, n);
    }

    /** The layout this configuration gives on the host; its origin names the file, its notes say where every value came from. */
    public GuestLayout layout() throws InputException {
        PresetArgs a = new PresetArgs(settings);
        GuestLayout l;
        try {
            l = preset.layout(a);
        } catch (ArithmeticException e) {
            throw new InputException(config.file(), 0, "the layout passes the end of the 64-bit address space (" + e.getMessage() + ")");
        } catch (InputException e) {
            throw new InputException(config.file(), 0, "as " + preset.name() + ": " + e.getMessage());
        }
        List<String> all = new ArrayList<>(notes);
        all.addAll(l.notes());
        return new GuestLayout(config.file() + " (" + config.syntax().label() + ", " + preset.name() + ")", l.regions(), l.vmmOptions(), all);
    }
}
