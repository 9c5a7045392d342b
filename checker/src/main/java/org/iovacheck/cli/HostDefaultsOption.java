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

    /**
     * For answers that print no per-host notes (place, prove over fleets): one note when collected hosts have groups behind IOMMU
     * units of unknown width, for which the full 64-bit IOVA space was assumed.
     */
    static List<String> unknownWidthNotes(List<Host> hosts) {
        List<String> names = new ArrayList<>();
        for (Host h : hosts) {
            if (unknownWidth(h)) {
                names.add(h.name());
            }
        }
        return unknownWidthNotes(names.size(), names);
    }

    /** True when some group of {@code h} sits behind an IOMMU unit of unknown width and no aperture was given. */
    static boolean unknownWidth(Host h) {
        return !h.units().isEmpty() && h.aperture().isFull() && h.groups().stream()
                .anyMatch(g -> g.unit() == null || h.unit(g.unit()) == null || !h.unit(g.unit()).widthKnown());
    }

    /** The note for {@code count} hosts of unknown width, naming the first of {@code names} (at least five when there are). */
    static List<String> unknownWidthNotes(long count, List<String> names) {
        if (count == 0) {
            return List.of();
        }
        return List.of(count + " host(s) have groups behind IOMMU units of unknown width (" + String.join(", ",
                names.size() > 5 ? names.subList(0, 5) : names) + (count > 5 ? ", ..." : "")
                + "): the full 64-bit IOVA space was assumed for them");
    }

    static GuestLayout resolve(String guest, String ram, List<String> sets, List<Host> hosts) throws InputException {
        return resolve(guest, ram, sets, hosts, List.of());
    }

    /** As above, with the --device options as the preset's {@code devices} parameter. */
    static GuestLayout resolve(String guest, String ram, List<String> sets, List<Host> hosts, List<String> devices) throws InputException {
        HostDefaults.Applied a = applied(guest, sets, hosts, devices);
        GuestLayout layout;
        try {
            layout = Guests.resolve(guest, PresetArgs.of(ram, a.settings()));
        } catch (InputException e) {
            if (a.notes().isEmpty()) {
                throw e;
            }
            // the refusal may follow from a default the host set: say which
            String hint = e.problem().contains("phys-bits too low") && !a.settings().containsKey("phys-bits")
                    ? "; with --set cpu=host the guest takes the host's physical address bits" : "";
            throw new InputException(e.file(), e.line(), e.problem() + hint + " [defaults from the host: " + String.join("; ", a.notes()) + "]");
        }
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
