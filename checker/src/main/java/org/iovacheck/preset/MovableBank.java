package org.iovacheck.preset;

/**
 * Immutable; a RAM bank whose base the VMM lets the user choose (kvmtool's -m SIZE@ADDR): any multiple of {@code align} at or
 * above {@code minBase} such that the bank ends at or below {@code maxEnd}; place finds the lowest safe base as a single-block placement.
 */
public record MovableBank(String key, long minBase, long maxEnd, long align, String meaning) {
}
