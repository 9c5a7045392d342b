package org.iovacheck.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Immutable; a guest memory map: its regions sorted by address, where it came from (a preset or a file), the VMM options
 * that produce it, notes from the layout rules, and the BARs of the given devices as the guest firmware placed them (they
 * lie inside the regions' PCI windows, so they are kept apart from the non-overlapping regions).
 */
public record GuestLayout(String origin, List<GuestRegion> regions, List<String> vmmOptions, List<String> notes, List<GuestRegion> bars) {
    public GuestLayout {
        List<GuestRegion> sorted = new ArrayList<>(regions);
        sorted.sort(Comparator.comparing(GuestRegion::range));
        regions = List.copyOf(sorted);
        vmmOptions = List.copyOf(vmmOptions);
        notes = List.copyOf(notes);
        List<GuestRegion> sortedBars = new ArrayList<>(bars);
        sortedBars.sort(Comparator.comparing(GuestRegion::range));
        bars = List.copyOf(sortedBars);
    }

    public GuestLayout(String origin, List<GuestRegion> regions, List<String> vmmOptions, List<String> notes) {
        this(origin, regions, vmmOptions, notes, List.of());
    }

    /**
     * The regions the VMM DMA-maps (IOVA == GPA): RAM, hot-plug memory, backed ROM and ivshmem BARs always; with p2p the device
     * BARs when devices were given (their PCI windows are then not mapped), else the whole PCI windows.
     */
    public List<GuestRegion> mapped(boolean p2p) {
        boolean devices = !bars.isEmpty();
        List<GuestRegion> out = new ArrayList<>();
        for (GuestRegion r : regions) {
            if (r.kind().dmaMapped(p2p) && !(devices && r.kind() == GuestKind.BAR)) {
                out.add(r);
            }
        }
        for (GuestRegion b : bars) {
            if (b.kind().dmaMapped(p2p)) {
                out.add(b);
            }
        }
        out.sort(Comparator.comparing(GuestRegion::range));
        return List.copyOf(out);
    }

    /** This layout without the device BARs: with p2p its whole PCI windows are mapped again (--p2p-windows). */
    public GuestLayout withoutBars() {
        return new GuestLayout(origin, regions, vmmOptions, notes, List.of());
    }
}
