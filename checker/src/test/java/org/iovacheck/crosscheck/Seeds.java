package org.iovacheck.crosscheck;

/** The seed of a randomized test: -Diovacheck.seed=N replays one run, else a fixed default so that plain runs are repeatable. */
final class Seeds {
    private Seeds() {
    }

    static long seed(long fallback) {
        String s = System.getProperty("iovacheck.seed");
        return s == null || s.isBlank() ? fallback : Long.decode(s.trim());
    }

    static boolean soak() {
        return Boolean.parseBoolean(System.getProperty("iovacheck.soak", "false"));
    }

    /** The message that lets a failure be replayed. */
    static String replay(String testClass, long seed, String detail) {
        return "seed " + seed + " (replay: mvn -B test -Dtest=" + testClass + " -Diovacheck.seed=" + seed + "): " + detail;
    }
}
