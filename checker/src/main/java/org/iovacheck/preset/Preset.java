package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestLayout;

/** A VMM's fixed layout rules: parameters in, the guest memory map that VMM would build out (or an error it would give). */
public interface Preset {
    /** The name users type, e.g. qemu-virt. */
    String name();

    /** One line: which VMM and machine, and the source file the rules come from. */
    String summary();

    List<PresetParam> params();

    /** The layout the VMM builds for these arguments; InputException where the VMM itself would refuse them. */
    GuestLayout layout(PresetArgs args) throws InputException;
}
