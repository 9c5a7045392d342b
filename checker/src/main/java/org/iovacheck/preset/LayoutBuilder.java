package org.iovacheck.preset;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * Mutable, single use: collects one preset's regions, VMM options and notes. {@link #build} refuses overlapping regions as an
 * internal error, so a preset can never hand out a layout whose regions overlap.
 */
final class LayoutBuilder {
    private final String origin;
    private final List<GuestRegion> regions = new ArrayList<>();
    private final List<String> options = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<GuestRegion> bars = new ArrayList<>();

    LayoutBuilder(String origin) {
        this.origin = origin;
    }

    /** An inclusive range [first, last]. */
    LayoutBuilder span(String name, GuestKind kind, long first, long last) {
        regions.add(new GuestRegion(name, kind, new Range(first, last)));
        return this;
    }

    /** [base, base+size-1]; an end past 2^64-1 is the user's input error (named by {@code key}). */
    LayoutBuilder sized(String name, GuestKind kind, long base, long size, String key) throws InputException {
        regions.add(new GuestRegion(name, kind, ofSize(base, size, key)));
        return this;
    }

    /** A device BAR as the firmware placed it (inside a PCI window, so kept apart from the regions). */
    LayoutBuilder bar(GuestRegion bar) {
        bars.add(bar);
        return this;
    }

    /** The regions collected so far. */
    List<GuestRegion> regions() {
        return List.copyOf(regions);
    }

    /** Drops the region of this name (a firmware window replaces the VMM's own). */
    void remove(String name) {
        regions.removeIf(r -> r.name().equals(name));
    }

    LayoutBuilder option(String option) {
        options.add(option);
        return this;
    }

    LayoutBuilder note(String note) {
        notes.add(note);
        return this;
    }

    /**
     * Places {@code ram} bytes into RAM banks in order, each given by name, base and capacity (0 = up to the end of the
     * address space); returns the bytes that did not fit.
     */
    long fillBanks(long ram, String[] names, long[] bases, long[] capacities) throws InputException {
        long left = ram;
        for (int i = 0; i < names.length && left != 0; i++) {
            long take = capacities[i] == 0 ? left : U64.min(left, capacities[i]);
            sized(names[i], GuestKind.RAM, bases[i], take, "ram");
            left -= take;
        }
        return left;
    }

    GuestLayout build() {
        GuestLayout layout = new GuestLayout(origin, regions, options, notes, bars);
        List<GuestRegion> sorted = layout.regions();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).range().overlaps(sorted.get(i).range())) {
                throw new IllegalStateException(origin + ": regions " + sorted.get(i - 1) + " and " + sorted.get(i) + " overlap");
            }
        }
        for (int i = 1; i < layout.bars().size(); i++) {
            if (layout.bars().get(i - 1).range().overlaps(layout.bars().get(i).range())) {
                throw new IllegalStateException(origin + ": BARs " + layout.bars().get(i - 1) + " and " + layout.bars().get(i) + " overlap");
            }
        }
        return layout;
    }

    static Range ofSize(long base, long size, String key) throws InputException {
        try {
            return Range.ofSize(base, size);
        } catch (ArithmeticException e) {
            throw InputException.option(key, "a region of " + SizeText.of(size) + " at " + U64.shortHex(base)
                    + " passes the end of the 64-bit address space");
        }
    }

    static long add(long a, long b, String key) throws InputException {
        try {
            return U64.addExact(a, b);
        } catch (ArithmeticException e) {
            throw InputException.option(key, "the layout passes the end of the 64-bit address space");
        }
    }

    static long alignUp(long v, long align, String key) throws InputException {
        try {
            return U64.alignUp(v, align);
        } catch (ArithmeticException e) {
            throw InputException.option(key, "the layout passes the end of the 64-bit address space");
        }
    }

    /** The size as a whole number of MiB, for VMMs whose option takes MiB; refuses other sizes. */
    static long wholeMib(long bytes, String key, String vmm) throws InputException {
        if ((bytes & ((1L << 20) - 1)) != 0) {
            throw InputException.option(key, vmm + " takes memory in whole MiB; " + Long.toUnsignedString(bytes) + " bytes is not");
        }
        return bytes >>> 20;
    }
}
