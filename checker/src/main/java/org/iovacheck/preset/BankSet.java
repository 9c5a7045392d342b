package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.model.GuestRegion;

/**
 * Immutable; K equal RAM banks whose bases the user chooses (keys {@code keyPrefix}0 .. {@code keyPrefix}K-1): each base a
 * multiple of {@code align} at or above {@code minBase}, each bank ending at or below {@code maxEnd}, no two banks and no bank
 * and {@code fixed} region overlapping. place finds all bases at once as a several-bank placement.
 */
public record BankSet(String keyPrefix, int count, long length, long align, long minBase, long maxEnd, List<GuestRegion> fixed,
                      String meaning) {
    public BankSet {
        if (count < 1 || length == 0 || align == 0 || (align & (align - 1)) != 0) {
            throw new IllegalArgumentException("a bank set needs at least one bank, a length and a power-of-two alignment");
        }
        fixed = List.copyOf(fixed);
    }

    /** The settings key of bank i's base. */
    public String key(int i) {
        return keyPrefix + i;
    }
}
