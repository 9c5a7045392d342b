package org.iovacheck.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Immutable; the IOVA ranges the IOMMU translates, sorted and disjoint, never touching (as the kernel reports them).
 * The description says where they came from (aperture bits, explicit VFIO ranges, or the full 64-bit default).
 */
public record Aperture(List<Range> valid, String description) {
    public Aperture {
        valid = List.copyOf(valid);
        if (valid.isEmpty()) {
            throw new IllegalArgumentException("an aperture needs at least one valid range");
        }
        for (int i = 1; i < valid.size(); i++) {
            Range a = valid.get(i - 1);
            Range b = valid.get(i);
            if (a.touches(b) || U64.lt(b.first(), a.first())) {
                throw new IllegalArgumentException("valid IOVA ranges must be sorted, disjoint and not touching: " + a + ", " + b);
            }
        }
    }

    public static Aperture full() {
        return new Aperture(List.of(Range.ALL), "full 64-bit space (no aperture given)");
    }

    public static Aperture bits(int bits) {
        return new Aperture(List.of(new Range(0, U64.maskBits(bits))), bits + "-bit IOMMU input address width");
    }

    public boolean isFull() {
        return valid.size() == 1 && valid.get(0).equals(Range.ALL);
    }

    /** The addresses outside every valid range, sorted. */
    public List<Range> gaps() {
        List<Range> out = new ArrayList<>();
        long next = 0;
        boolean nextValid = true;
        for (Range r : valid) {
            if (nextValid && U64.lt(next, r.first())) {
                out.add(new Range(next, r.first() - 1));
            }
            if (r.last() == U64.MAX) {
                nextValid = false;
            } else {
                next = r.last() + 1;
            }
        }
        if (nextValid) {
            out.add(new Range(next, U64.MAX));
        }
        return out;
    }
}
