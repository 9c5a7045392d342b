package org.iovacheck.testing;

/** The seed of a property test: -Diovacheck.seed=N replays one run; otherwise a fresh seed that the test prints. */
public final class Seeds {
    private Seeds() {
    }

    public static long seed(String test) {
        Long fixed = Long.getLong("iovacheck.seed");
        long s = fixed != null ? fixed : System.nanoTime() ^ test.hashCode();
        System.out.println(test + ": seed " + s + " (replay with -Diovacheck.seed=" + s + ")");
        return s;
    }
}
