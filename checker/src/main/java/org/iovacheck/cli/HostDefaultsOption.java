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
        HostDefaults.Applied a = HostDefaults.apply(guest, PresetArgs.parseSets(sets), hosts);
        GuestLayout layout = Guests.resolve(guest, PresetArgs.of(ram, a.settings()));
        if (a.notes().isEmpty()) {
            return layout;
        }
        List<String> notes = new ArrayList<>(a.notes());
        notes.addAll(layout.notes());
        return new GuestLayout(layout.origin(), layout.regions(), layout.vmmOptions(), notes);
    }
}
