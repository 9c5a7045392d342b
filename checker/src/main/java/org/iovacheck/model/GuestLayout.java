package org.iovacheck.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Immutable; a guest memory map: its regions sorted by address, where it came from (a preset or a file),
 * the VMM options that produce it and notes from the layout rules.
 */
public record GuestLayout(String origin, List<GuestRegion> regions, List<String> vmmOptions, List<String> notes) {
    public GuestLayout {
        List<GuestRegion> sorted = new ArrayList<>(regions);
        sorted.sort(Comparator.comparing(GuestRegion::range));
        regions = List.copyOf(sorted);
        vmmOptions = List.copyOf(vmmOptions);
        notes = List.copyOf(notes);
    }

    /** The regions the VMM DMA-maps (IOVA == GPA): RAM, hot-plug memory, backed ROM, and BARs when p2p. */
    public List<GuestRegion> mapped(boolean p2p) {
        return regions.stream().filter(r -> r.kind().dmaMapped(p2p)).toList();
    }
}
