package org.iovacheck.report;

import java.util.Locale;

/**
 * An engine's wall time in milliseconds as text with two decimals ("1.33"), rounded half up. Written by hand because
 * {@code String.format("%.2f")} initialises the JDK's locale data (CLDR) on first use, a cost every short run would pay.
 */
public final class Millis {
    private Millis() {
    }

    /** Two decimals; a negative, non-finite or astronomically large value takes the general (Formatter) path. */
    public static String twoDecimals(double ms) {
        if (!(ms >= 0 && ms < 1e13)) {
            return String.format(Locale.ROOT, "%.2f", ms);
        }
        long hundredths = Math.round(ms * 100);
        long frac = hundredths % 100;
        return (hundredths / 100) + (frac < 10 ? ".0" : ".") + frac;
    }
}
