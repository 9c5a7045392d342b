package org.iovacheck.cli;

import java.util.List;
import java.util.Map;
import org.iovacheck.format.InputException;
import org.iovacheck.preset.PresetArgs;

/** Turns repeated --device options into the preset parameter {@code devices} (entries joined by ';'). */
final class DeviceOption {
    private DeviceOption() {
    }

    static PresetArgs args(String ram, List<String> sets, List<String> devices) throws InputException {
        PresetArgs a = PresetArgs.of(ram, sets);
        if (devices.isEmpty()) {
            return a;
        }
        Map<String, String> m = PresetArgs.parseSets(sets);
        if (ram != null) {
            m.put("ram", ram);
        }
        put(m, devices);
        return new PresetArgs(m);
    }

    static void put(Map<String, String> settings, List<String> devices) throws InputException {
        if (devices.isEmpty()) {
            return;
        }
        if (settings.containsKey("devices")) {
            throw InputException.option("--device", "devices given both by --device and by --set devices=");
        }
        for (String d : devices) {
            if (d.contains(";")) {
                throw InputException.option("--device", "'" + d + "': give one device per --device");
            }
        }
        settings.put("devices", String.join(";", devices));
    }
}
