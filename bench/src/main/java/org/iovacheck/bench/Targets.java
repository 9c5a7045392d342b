package org.iovacheck.bench;

import java.util.Locale;

/**
 * The targets and how a cell or a ratio meets them: at 4,096 windows interval <= 5 ms and sat <= 20 ms (proof check
 * included), each at least 100x faster than z3; at 100,000 windows interval <= 100 ms and sat <= 2 s.
 */
final class Targets {
    static final int MID = 4_096;
    static final int BIG = 100_000;
    static final double MIN_SPEEDUP = 100;

    private Targets() {
    }

    /** The interval engine's limit in ms at this window count, or NaN when there is none. */
    static double intervalMillis(int windows) {
        return windows == MID ? 5 : windows == BIG ? 100 : Double.NaN;
    }

    static double satMillis(int windows) {
        return windows == MID ? 20 : windows == BIG ? 2_000 : Double.NaN;
    }

    /** PASS or MISS for a time cell against a limit; a stopped run passes only if the limit is above the stop time. */
    static String time(Cell c, double limitMillis) {
        return switch (c.kind()) {
            case MEASURED -> c.millis() <= limitMillis ? "PASS" : "MISS";
            case TIMEOUT -> c.millis() >= limitMillis ? "MISS" : "undecided";
            default -> "n/a";
        };
    }

    /** Immutable; peer time over engine time: exact, a lower bound (the peer was stopped) or an upper bound (the engine was). */
    record Ratio(double value, int bound) {
        static Ratio of(Cell peer, Cell engine) {
            if (!peer.hasTime() || !engine.hasTime()) {
                return null;
            }
            boolean pStop = peer.kind() == Cell.Kind.TIMEOUT;
            boolean eStop = engine.kind() == Cell.Kind.TIMEOUT;
            if (pStop && eStop) {
                return null;
            }
            return new Ratio(peer.millis() / engine.millis(), pStop ? 1 : eStop ? -1 : 0);
        }

        String text() {
            String v = value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : value >= 10 ? String.format(Locale.ROOT, "%.0f", value)
                    : String.format(Locale.ROOT, "%.1f", value);
            return (bound > 0 ? "> " : bound < 0 ? "< " : "") + v + "x";
        }

        /** PASS when the peer is at least 100x slower for sure, MISS when it certainly is not. */
        String speedup() {
            if (value >= MIN_SPEEDUP) {
                return bound >= 0 ? "PASS" : "undecided";
            }
            return bound <= 0 ? "MISS" : "undecided";
        }
    }

    static String ratioText(Cell peer, Cell engine) {
        Ratio r = Ratio.of(peer, engine);
        return r == null ? "n/a" : r.text();
    }

    static String speedup(Cell peer, Cell engine) {
        Ratio r = Ratio.of(peer, engine);
        return r == null ? "n/a" : r.speedup();
    }
}
