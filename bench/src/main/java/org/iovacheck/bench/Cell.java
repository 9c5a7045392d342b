package org.iovacheck.bench;

import java.util.Locale;

/**
 * Immutable; one table cell: a median over {@code runs} measured runs, a run stopped at {@code limitMillis}, a run that was
 * not made (with the reason, shown as a footnote) or a column whose solver is unavailable.
 */
record Cell(Kind kind, double millis, int runs, String note) {
    /** What a cell holds. */
    enum Kind {
        MEASURED, TIMEOUT, SKIPPED, UNAVAILABLE
    }

    static Cell measured(double medianMillis, int runs) {
        return new Cell(Kind.MEASURED, medianMillis, runs, "");
    }

    /** A run stopped when it passed {@code limitMillis}: the true time is at least that. */
    static Cell timeout(long limitMillis, String note) {
        return new Cell(Kind.TIMEOUT, limitMillis, 1, note);
    }

    static Cell skipped(String reason) {
        return new Cell(Kind.SKIPPED, Double.NaN, 0, reason);
    }

    static Cell unavailable(String reason) {
        return new Cell(Kind.UNAVAILABLE, Double.NaN, 0, reason);
    }

    boolean hasTime() {
        return kind == Kind.MEASURED || kind == Kind.TIMEOUT;
    }

    /** The table text without its footnote: "0.42", "12.3", "6,214", "> 60 s", "skipped", "n/a". */
    String text() {
        return switch (kind) {
            case MEASURED -> ms(millis);
            case TIMEOUT -> "> " + seconds(millis);
            case SKIPPED -> "skipped";
            case UNAVAILABLE -> "n/a";
        };
    }

    static String ms(double v) {
        if (v < 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (v < 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String seconds(double millis) {
        return millis % 1000 == 0 ? String.format(Locale.ROOT, "%.0f s", millis / 1000) : String.format(Locale.ROOT, "%.1f s", millis / 1000);
    }
}
