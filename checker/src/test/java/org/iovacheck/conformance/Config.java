package org.iovacheck.conformance;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable; one configuration of the suite: a preset with its settings, how many vCPUs (more than 123 on virt makes QEMU
 * instantiate the high redistributor region, so its base can be read), whether the firmware must run (to place device BARs;
 * the assigned devices of the {@code devices} setting are stood in by pci-testdev, see {@link Commands#testDevices}),
 * and, where the preset should refuse, the words the refusal and QEMU's error must share (the limit).
 */
record Config(String preset, Map<String, String> settings, int smp, boolean runFirmware, String limit) {
    static Config of(String preset, String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : kv) {
            int eq = s.indexOf('=');
            m.put(s.substring(0, eq), s.substring(eq + 1));
        }
        // with a VGA or ivshmem device the firmware must run to place their RAM-backed BARs
        boolean firmware = !preset.equals("qemu-virt") && (!"none".equals(m.getOrDefault("vga", "std")) || m.containsKey("ivshmem")
                || m.containsKey("devices"));
        return new Config(preset, Map.copyOf(m), 1, firmware, null);
    }

    Config with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(settings);
        m.put(key, value);
        return new Config(preset, Map.copyOf(m), smp, runFirmware, limit);
    }

    Config refusedWith(String sharedWords) {
        return new Config(preset, settings, smp, runFirmware, sharedWords);
    }

    Config withSmp(int n) {
        return new Config(preset, settings, n, runFirmware, limit);
    }

    Config withFirmware() {
        return new Config(preset, settings, smp, true, limit);
    }

    int ipaBits() {
        return Integer.parseInt(settings.getOrDefault("ipa-bits", "40"));
    }

    String id() {
        return preset + " " + new java.util.TreeMap<>(settings) + (smp > 1 ? " smp=" + smp : "") + (runFirmware ? " firmware" : "");
    }
}
