package org.iovacheck.preset;

/**
 * Immutable; a preset parameter that place may turn: every multiple of {@code step} in [min, max], tried from the preferred end
 * (high first when {@code preferHigh}), e.g. q35's max-ram-below-4g.
 */
public record Knob(String key, long min, long max, long step, boolean preferHigh, String meaning) {
    public Knob {
        if (step == 0 || Long.compareUnsigned(max, min) < 0) {
            throw new IllegalArgumentException("a knob needs a step and min <= max");
        }
    }

    /** How many values the knob takes. */
    public long count() {
        return Long.divideUnsigned(max - min, step) + 1;
    }

    /** The i-th value in preference order. */
    public long value(long i) {
        return preferHigh ? max - Long.remainderUnsigned(max - min, step) - i * step : min + i * step;
    }
}
