package org.iovacheck.engine;

/** Immutable; a wall-clock deadline an engine polls; when it passes the engine answers UNKNOWN. */
public record Budget(long deadlineNanos) {
    public static Budget unlimited() {
        return new Budget(Long.MAX_VALUE);
    }

    public static Budget millis(long ms) {
        long now = System.nanoTime();
        long d = now + ms * 1_000_000L;
        return new Budget(d < now ? Long.MAX_VALUE : d);
    }

    public boolean expired() {
        return deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0;
    }
}
