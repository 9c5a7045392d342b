package org.iovacheck.model;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * Immutable; the several-bank placement question: find {@code banks} bases, each a multiple of 2^alignLog2, such that every
 * bank [b, b+length-1] lies within {@code allowed}, meets no forbidden window and no other bank. The canonical answer is the
 * lexicographically smallest ascending base vector. {@code length} is unsigned and non-zero; the banks must fit in the 64-bit
 * space when nothing forbids them (else IllegalArgumentException), so that every infeasibility has a constraint to blame.
 * The limits an answer can name are {@link PlaceQuery.Limit}: the allowed range's first and last address.
 */
public record MultiPlaceQuery(int banks, long length, int alignLog2, Range allowed, List<ReservedRegion> forbidden) {
    public MultiPlaceQuery {
        if (banks < 1) {
            throw new IllegalArgumentException("at least one bank is required, got " + banks);
        }
        if (length == 0) {
            throw new IllegalArgumentException("the bank length must be non-zero");
        }
        if (alignLog2 < 0 || alignLog2 > 63) {
            throw new IllegalArgumentException("alignment must be 2^0..2^63, got 2^" + alignLog2);
        }
        if (allowed == null) {
            throw new IllegalArgumentException("the allowed range is required");
        }
        forbidden = List.copyOf(forbidden);
        BigInteger span = BigInteger.valueOf(banks - 1L).multiply(U64.toBig(stride(length, alignLog2)));
        if (span.compareTo(U64.toBig(highestSlot(length, alignLog2))) > 0) {
            throw new IllegalArgumentException(banks + " banks of " + U64.sizeOfSpan(length - 1) + " aligned to 2^" + alignLog2
                    + " do not fit in the 64-bit address space");
        }
    }

    public long alignment() {
        return 1L << alignLog2;
    }

    /** The smallest distance, in units of the alignment, between the slots of two banks that do not overlap: ceil(length / 2^k). */
    public long slotStride() {
        return stride(length, alignLog2);
    }

    /** The largest slot y (base y * 2^k) whose bank still ends within 2^64 - 1. */
    public long highestSlot() {
        return highestSlot(length, alignLog2);
    }

    private static long stride(long length, int k) {
        return ((length - 1) >>> k) + 1;
    }

    private static long highestSlot(long length, int k) {
        return (U64.MAX - (length - 1)) >>> k;
    }

    /**
     * True when {@code bases} holds exactly {@code banks} values, each aligned, each bank within 64 bits and the allowed range,
     * meeting no window, and no two banks overlap (in any order). Direct arithmetic, independent of every engine.
     */
    public boolean admits(long[] bases) {
        if (bases == null || bases.length != banks) {
            return false;
        }
        long mask = alignment() - 1;
        Range[] blocks = new Range[banks];
        for (int i = 0; i < banks; i++) {
            long b = bases[i];
            if ((b & mask) != 0 || !U64.addFits(b, length - 1)) {
                return false;
            }
            Range block = Range.ofSize(b, length);
            if (!allowed.contains(block)) {
                return false;
            }
            for (ReservedRegion w : forbidden) {
                if (w.range().overlaps(block)) {
                    return false;
                }
            }
            blocks[i] = block;
        }
        Arrays.sort(blocks);
        for (int i = 1; i < banks; i++) {
            if (blocks[i - 1].overlaps(blocks[i])) {
                return false;
            }
        }
        return true;
    }

    /** The banks at the given bases, in the given order. */
    public List<Range> blocks(long[] bases) {
        return Arrays.stream(bases).mapToObj(b -> Range.ofSize(b, length)).toList();
    }

    @Override
    public String toString() {
        return "place " + banks + " bank(s) of " + U64.sizeOfSpan(length - 1) + " aligned to 2^" + alignLog2 + " within " + allowed
                + " avoiding " + forbidden.size() + " window(s)";
    }
}
