package org.iovacheck.preset.firmware;

import java.util.List;
import org.iovacheck.model.Range;

/**
 * Immutable; where a guest firmware put the 64-bit PCI window and the devices' BARs: the window (null when the firmware has
 * none), each 64-bit BAR at its address, the BARs that went below 4 GiB (somewhere in the 32-bit holes; where exactly is not
 * modelled), and notes saying which rule of the firmware source decided.
 */
public record Placement(String windowName, Range window, List<PlacedBar> placed, List<BarSpec> low, List<String> notes) {
    public Placement {
        placed = List.copyOf(placed);
        low = List.copyOf(low);
        notes = List.copyOf(notes);
    }

    /** Immutable; one BAR and the guest-physical range the firmware gave it. */
    public record PlacedBar(BarSpec bar, Range range) {
    }
}
