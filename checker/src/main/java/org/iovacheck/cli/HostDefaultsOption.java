package org.iovacheck.cli;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.Host;
import org.iovacheck.preset.Guests;
import org.iovacheck.preset.HostDefaults;
import org.iovacheck.preset.PresetArgs;

/** Resolves --guest with --ram and --set after the hosts are read, so host facts can set preset defaults; the notes join the layout's. */
final class HostDefaultsOption {
    private HostDefaultsOption() {
    }

    static GuestLayout resolve(String guest, String ram, List<String> sets, List<Host> hosts) throws InputException {
        return resolve(guest, ram, sets, hosts, List.of());
    }

    /** As above, with the --device options as the preset's {@code devices} parameter. */
    static GuestLayout resolve(String guest, String ram, List<String> sets, List<Host> hosts, List<String> devices) throws InputException {
        HostDefaults.Applied a = applied(guest, sets, hosts, devices);
        GuestLayout layout = Guests.resolve(guest, PresetArgs.of(ram, a.settings()));
        if (a.notes().isEmpty()) {
            return layout;
        }
        List<String> notes = new ArrayList<>(a.notes());
        notes.addAll(layout.notes());
        return new GuestLayout(layout.origin(), layout.regions(), layout.vmmOptions(), notes, layout.bars());
    }

    /** The preset settings the layout was built from: --set, --device and the host-derived defaults, plus --ram. */
    static java.util.Map<String, String> settings(String guest, String ram, List<String> sets, List<Host> hosts, List<String> devices)
            throws InputException {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>(applied(guest, sets, hosts, devices).settings());
        if (ram != null) {
            m.put("ram", ram);
        }
        return m;
    }

    private static HostDefaults.Applied applied(String guest, List<String> sets, List<Host> hosts, List<String> devices) throws InputException {
        java.util.Map<String, String> user = PresetArgs.parseSets(sets);
        DeviceOption.put(user, DeviceOption.resolve(devices, hosts));
        return HostDefaults.apply(guest, user, hosts);
    }
}
