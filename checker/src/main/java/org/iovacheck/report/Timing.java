package org.iovacheck.report;

import tools.jackson.databind.node.ObjectNode;

/**
 * Immutable; where the wall time of one check went before its report was written, in milliseconds: reading and parsing
 * the inputs (host files, the guest), resolving them into the questions, running the engines (the hull pre-filter, every
 * engine and the cross-check of their answers), and all of it since the command's entry point (command-line parsing
 * included; JVM start-up and writing the report are not).
 */
public record Timing(double readingMillis, double resolvingMillis, double enginesMillis, double sinceStartMillis) {
    /** Milliseconds between two {@link System#nanoTime()} readings. */
    public static double millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e6;
    }

    void json(ObjectNode root) {
        ObjectNode t = root.putObject("timing");
        t.put("reading-millis", round(readingMillis));
        t.put("resolving-millis", round(resolvingMillis));
        t.put("engines-millis", round(enginesMillis));
        t.put("since-start-millis", round(sinceStartMillis));
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
