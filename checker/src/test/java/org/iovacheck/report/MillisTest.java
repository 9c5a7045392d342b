package org.iovacheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

class MillisTest {
    @Test
    void writesWhatFormatterWritesForEveryHundredth() {
        for (int k = 0; k <= 200_000; k++) {
            double ms = k / 100.0;
            assertEquals(String.format(Locale.ROOT, "%.2f", ms), Millis.twoDecimals(ms), "k=" + k);
        }
    }

    @Test
    void roundsHalfUpOnExactHalves() {
        assertEquals("0.13", Millis.twoDecimals(0.125));
        assertEquals("0.38", Millis.twoDecimals(0.375));
        assertEquals("0.00", Millis.twoDecimals(0.0));
        assertEquals("0.00", Millis.twoDecimals(0.004));
        assertEquals("0.01", Millis.twoDecimals(0.005000001));
        assertEquals("2.50", Millis.twoDecimals(2.5));
        assertEquals("1000000000000.00", Millis.twoDecimals(1e12));
    }

    @Test
    void anyTimeIsWithinHalfAHundredthWithTwoDecimals() {
        SplittableRandom r = new SplittableRandom(Seeds.seed("MillisTest"));
        for (int i = 0; i < 100_000; i++) {
            double ms = r.nextDouble() * Math.pow(10, r.nextInt(-3, 12));
            String s = Millis.twoDecimals(ms);
            assertTrue(s.matches("[0-9]+\\.[0-9]{2}"), s);
            double back = Double.parseDouble(s);
            assertTrue(Math.abs(back - ms) <= 0.005 + Math.ulp(ms) * 200, ms + " -> " + s);
        }
    }

    @Test
    void theUnusualTakesTheGeneralPath() {
        assertEquals("-1.50", Millis.twoDecimals(-1.5));
        assertEquals("NaN", Millis.twoDecimals(Double.NaN));
        assertEquals(String.format(Locale.ROOT, "%.2f", 1e20), Millis.twoDecimals(1e20));
    }
}
