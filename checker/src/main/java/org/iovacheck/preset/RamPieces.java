package org.iovacheck.preset;

import java.util.List;

/**
 * Immutable; a preset's declaration that its layouts are affine in RAM piece by piece: for RAM sizes that are multiples of
 * {@code grain}, between consecutive {@code starts} (each the first size of a piece), every DMA-mapped region keeps its
 * name, and its first and last addresses move by -1, 0 or +1 byte per byte of RAM; the sizes the VMM accepts within a piece
 * form an interval holding one of the piece's ends (or none).
 */
public record RamPieces(long grain, List<Long> starts) {
    public RamPieces {
        if (grain == 0) {
            throw new IllegalArgumentException("a grain is at least 1");
        }
        starts = List.copyOf(starts);
    }
}
