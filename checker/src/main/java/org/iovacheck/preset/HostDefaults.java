package org.iovacheck.preset;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iovacheck.model.Host;

/**
 * Guest parameters that follow from host facts when the user did not set them, each with a note naming the fact: with KVM,
 * QEMU gives every x86 vCPU model the host's CPUID vendor (target/i386/host-cpu.c host_cpu_instance_init, called for each
 * model from kvm_cpu_instance_init), so on an AMD host qemu-q35 and qemu-pc take {@code amd=on}; a host-passthrough CPU
 * ({@code cpu=host}) takes the host's physical address bits (host_cpu_max_instance_init sets host-phys-bits). {@code --set}
 * always wins.
 */
public final class HostDefaults {
    private HostDefaults() {
    }

    /** Immutable; the settings with the defaults added, and one note per default taken (or not taken, and why). */
    public record Applied(Map<String, String> settings, List<String> notes) {
        public Applied {
            settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
            notes = List.copyOf(notes);
        }
    }

    public static Applied apply(String preset, Map<String, String> user, List<Host> hosts) {
        Map<String, String> out = new LinkedHashMap<>(user);
        List<String> notes = new java.util.ArrayList<>();
        if (!preset.equals("qemu-q35") && !preset.equals("qemu-pc")) {
            return new Applied(out, notes);
        }
        Set<String> vendors = new LinkedHashSet<>();
        Set<Integer> bits = new LinkedHashSet<>();
        boolean anyUnknownVendor = false;
        boolean anyUnknownBits = false;
        for (Host h : hosts) {
            if (h.facts().cpuVendor() == null) {
                anyUnknownVendor = true;
            } else {
                vendors.add(h.facts().cpuVendor());
            }
            if (h.facts().physBits() == 0) {
                anyUnknownBits = true;
            } else {
                bits.add(h.facts().physBits());
            }
        }
        if (user.containsKey("amd")) {
            if (!vendors.isEmpty()) {
                notes.add("amd=" + user.get("amd") + " from --set (host CPU " + String.join(", ", vendors) + "; with KVM QEMU gives the vCPU the host's vendor)");
            }
        } else if (vendors.size() == 1 && !anyUnknownVendor) {
            String v = vendors.iterator().next();
            boolean amd = v.equals("AuthenticAMD");
            out.put("amd", amd ? "on" : "off");
            notes.add("amd=" + (amd ? "on" : "off") + " from the host: its CPU is " + v + " (/proc/cpuinfo vendor_id), and with KVM QEMU gives"
                    + " the vCPU the host's vendor (target/i386/host-cpu.c host_cpu_instance_init); --set amd=... overrides");
        } else if (vendors.size() > 1) {
            notes.add("the hosts' CPU vendors differ (" + String.join(", ", vendors) + "): amd keeps its default off; the layout QEMU builds"
                    + " depends on the host it starts on, so check each with --set amd=on and off");
        }
        boolean hostCpu = "host".equals(user.get("cpu"));
        if (hostCpu && !user.containsKey("phys-bits")) {
            if (bits.size() == 1 && !anyUnknownBits) {
                int b = bits.iterator().next();
                out.put("phys-bits", String.valueOf(b));
                notes.add("phys-bits=" + b + " from the host: cpu=host passes the host's " + b + " physical address bits (/proc/cpuinfo"
                        + " address sizes; target/i386/host-cpu.c host_cpu_max_instance_init); --set phys-bits=N overrides");
            } else if (bits.size() > 1) {
                notes.add("cpu=host but the hosts' physical address bits differ (" + bits + "): phys-bits keeps its default 40; set it per host");
            } else {
                notes.add("cpu=host but the host's physical address bits are unknown (no /proc/cpuinfo in the host input):"
                        + " phys-bits keeps its default 40; give --set phys-bits=N");
            }
        }
        return new Applied(out, notes);
    }
}
