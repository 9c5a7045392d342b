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

    /** Parameters place may turn to make a layout with the requested RAM safe (those the user did not fix). */
    default java.util.List<Knob> knobs() {
        return java.util.List.of();
    }

    /** A RAM bank with a user-chosen base, given the other settings; empty when the VMM fixes where RAM goes. */
    default java.util.Optional<MovableBank> movableBank(java.util.Map<String, String> settings) throws InputException {
        return java.util.Optional.empty();
    }

    /**
     * Several equal RAM banks with user-chosen bases, given the other settings; empty when the VMM fixes where RAM goes. place
     * uses it when the user fixed none of the bases.
     */
    default java.util.Optional<BankSet> movableBanks(java.util.Map<String, String> settings) throws InputException {
        return java.util.Optional.empty();
    }

    /**
     * The number of movable RAM banks as a choice place may make when the user leaves it free (the free guest's banks=K), or
     * empty when the VMM fixes it; place and place --maximize then judge every count from min to max.
     */
    default java.util.Optional<Knob> bankCount() {
        return java.util.Optional.empty();
    }

    /** True when the preset takes this --set key; by default the keys of {@link #params()} (a preset may take a family, bank0, bank1...). */
    default boolean takesKey(String key) {
        return params().stream().anyMatch(p -> p.key().equals(key));
    }

    /**
     * RAM sizes the preset accepts are multiples of this (e.g. banks times alignment); place --maximize steps in multiples of
     * it and of the granule.
     */
    default long ramStep(java.util.Map<String, String> settings) {
        return 1;
    }

    /**
     * True when, for these settings, every address DMA-mapped (without p2p) with some RAM size is also mapped with any larger RAM size,
     * so the largest safe RAM can be found by bisection; false makes place scan instead.
     */
    default boolean nestedInRam(java.util.Map<String, String> settings) {
        return false;
    }

    /**
     * RAM sizes at which the nesting of {@link #nestedInRam} restarts (e.g. q35 moves low RAM from 2.75 GiB to 2 GiB once RAM
     * reaches 0xb0000000): layouts nest within each piece between consecutive breaks, not across them.
     */
    default java.util.List<Long> ramBreaks(java.util.Map<String, String> settings) {
        return java.util.List.of();
    }

    /**
     * The most RAM these settings allow whatever else the VMM says (its {@code maxmem}), or 0 when they set none. Between the
     * smallest size and this ceiling the accepted sizes need not form one interval (with maxmem, QEMU rounds the hot-plug
     * area's end up to a GiB), so a search of layouts that do not nest starts here.
     */
    default long ramCeiling(java.util.Map<String, String> settings) {
        if (!takesKey("maxmem") || !settings.containsKey("maxmem")) {
            return 0;
        }
        try {
            return new PresetArgs(settings).size("maxmem", 0);
        } catch (org.iovacheck.format.InputException e) {
            return 0;
        }
    }

    /**
     * For settings whose layouts do not nest: when, within each piece between {@link #ramBreaks}, the DMA-mapped regions named
     * here only shrink as RAM grows, every other DMA-mapped region only grows, and the sizes the VMM accepts are all those from
     * some point of the piece up to its end, these names; empty when the layouts have no such shape (they are then scanned).
     */
    default java.util.Optional<java.util.Set<String>> shrinkingInRam(java.util.Map<String, String> settings) {
        return java.util.Optional.empty();
    }

    /**
     * The smallest RAM size r0 at most {@code ram} such that over [r0, ram], with these settings, what is DMA-mapped at a size
     * (with and without p2p, device BARs included) is also mapped at every larger size, and the sizes the VMM accepts are the
     * first ones of that range; -1 when the preset declares no such pieces for these settings (place --maximize then does not
     * search firmware knobs or --p2p layouts piece by piece).
     */
    default long nestedPieceStart(java.util.Map<String, String> settings, long ram) {
        return -1;
    }

    /**
     * Pieces of RAM within which the layouts are affine in RAM ({@link RamPieces}), for settings whose layouts neither nest
     * nor have the shape of {@link #shrinkingInRam}; empty when the preset declares none (place then scans every size).
     */
    default java.util.Optional<RamPieces> affinePieces(java.util.Map<String, String> settings) {
        return java.util.Optional.empty();
    }
}
