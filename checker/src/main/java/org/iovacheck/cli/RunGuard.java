package org.iovacheck.cli;

import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iovacheck.engine.Budget;

/**
 * Run control for one command: the run-wide time budget (started when the command line is parsed, so reading inputs and
 * writing reports count) and, when armed by {@link Main#main}, a watchdog thread that ends a run which overruns that budget
 * (exit 3, UNKNOWN) or thrashes in garbage collection with a full heap (exit 70), printing one line that says what happened.
 * A crash ({@link Error} or unexpected exception) is turned into exit 70 with advice by {@link #crash}.
 */
final class RunGuard {
    /** The guard of the run in progress (one command per process; in-process tests run one at a time). */
    private static volatile RunGuard current;

    /** Engines must answer within the budget; the watchdog stops the process only after this extra grace. */
    static long graceMillis(long budgetMillis) {
        return Math.min(5_000, Math.max(500, budgetMillis / 10));
    }

    private final long startNanos = System.nanoTime();
    private final PrintWriter out;
    private final PrintWriter err;
    private final AtomicBoolean outputClaimed = new AtomicBoolean();
    private volatile long budgetMillis = -1;
    private volatile String command = "iovacheck";
    private volatile boolean json;
    private volatile String phase = "starting";

    private RunGuard(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    static RunGuard start(PrintWriter out, PrintWriter err) {
        RunGuard g = new RunGuard(out, err);
        current = g;
        return g;
    }

    static RunGuard current() {
        RunGuard g = current;
        if (g == null) {
            throw new IllegalStateException("no run in progress");
        }
        return g;
    }

    /** Sets the run's budget and output format; the budget counts from the start of the run, not from this call. */
    void configure(String commandName, long timeoutMillis, boolean jsonOutput) {
        this.command = commandName;
        this.json = jsonOutput;
        this.budgetMillis = timeoutMillis;
    }

    /** Milliseconds since the run started (the command's entry point, before its command line was parsed). */
    double sinceStartMillis() {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** The run-wide budget: what is left of --timeout since the run started. */
    Budget budget() {
        long ms = budgetMillis;
        if (ms < 0) {
            return Budget.unlimited();
        }
        long d = startNanos + ms * 1_000_000L;
        return new Budget(d < startNanos ? Long.MAX_VALUE : d);
    }

    /** Names what the run does now ("reading the hosts", "writing the report"), for the watchdog's message. */
    static void phase(String what) {
        RunGuard g = current;
        if (g != null) {
            g.phase = what;
        }
    }

    /** The main thread is about to print its answer; false when the watchdog already answered (do not print then). */
    boolean claimOutput() {
        return outputClaimed.compareAndSet(false, true);
    }

    /** Prints the answer unless the watchdog already answered UNKNOWN; then waits for the watchdog to end the process. */
    static void printAnswer(PrintWriter out, String text) {
        phase("printing the answer");
        if (!current().claimOutput()) {
            while (true) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        out.print(text);
        out.flush();
    }

    /** The exit code and one line on err for a crash; never a verdict's code. */
    int crash(Throwable t) {
        String what;
        String advice;
        if (t instanceof OutOfMemoryError) {
            long max = Runtime.getRuntime().maxMemory() >> 20;
            what = "out of memory (Java heap of " + max + " MiB exhausted" + (t.getMessage() == null ? "" : ": " + t.getMessage()) + ")";
            advice = "try a smaller input, --engine interval (the leanest engine), or a larger heap, e.g. IOVACHECK_JAVA_OPTS=-Xmx"
                    + Math.max(2, 2 * ((max + 1023) >> 10)) + "g";
        } else if (t instanceof StackOverflowError) {
            what = "stack overflow (input nested or recursive beyond the thread's stack)";
            advice = "try a smaller input, --engine interval, or a larger stack, e.g. IOVACHECK_JAVA_OPTS=-Xss16m";
        } else {
            what = t.toString();
            advice = "try --engine interval or a smaller input; please report it with the input";
        }
        err.println("iovacheck: internal error: " + what + " while " + phase + "; no verdict. " + advice
                + (t instanceof Error ? "" : " (set IOVACHECK_DEBUG=1 for the stack trace)"));
        if (System.getenv("IOVACHECK_DEBUG") != null) {
            t.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }

    /** Starts the watchdog (daemon thread); it halts the JVM when the run overruns its budget or the heap thrashes. */
    void arm() {
        Thread t = new Thread(this::watch, "iovacheck-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private void watch() {
        // Made after the first second: reading the GC beans loads the JMX classes, a cost no short command should pay.
        GcWatch gc = null;
        try {
            while (true) {
                Thread.sleep(100);
                long ms = budgetMillis;
                long elapsed = (System.nanoTime() - startNanos) / 1_000_000L;
                if (gc == null && elapsed >= 1_000) {
                    gc = new GcWatch();
                }
                if (ms >= 0 && elapsed > ms + graceMillis(ms)) {
                    stop(ExitCodes.UNKNOWN, "UNKNOWN: the time budget (--timeout " + (ms / 1000) + ") ran out while " + phase
                            + "; stopped after " + elapsed + " ms. Try a larger --timeout, a smaller input or --engine interval",
                            "time budget of " + ms / 1000 + " s exhausted while " + phase);
                    return;
                }
                String thrash = gc == null ? null : gc.thrashing();
                if (thrash != null) {
                    stop(ExitCodes.INTERNAL, "internal error: out of memory: " + thrash + " while " + phase + "; no verdict. Try a "
                            + "smaller input, --engine interval, or a larger heap (IOVACHECK_JAVA_OPTS=-Xmx8g)", null);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stop(int code, String message, String unknownNote) {
        if (!claimOutput()) {
            return; // the answer is being printed; let the main thread finish
        }
        err.println("iovacheck: " + message);
        err.flush();
        if (unknownNote != null) {
            if (json) {
                out.println(org.iovacheck.report.JsonReport.unknown(command, unknownNote));
            } else {
                out.println("verdict: UNKNOWN (" + unknownNote + ")");
            }
            out.flush();
        }
        Runtime.getRuntime().halt(code);
    }

    /** Detects a heap in GC trouble: nearly full after collection and most of the recent wall time spent collecting. */
    static final class GcWatch {
        private static final long WINDOW_MILLIS = 3_000;
        private long windowStart = System.nanoTime();
        private long gcAtWindowStart = gcMillis();

        private static long gcMillis() {
            long sum = 0;
            for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
                sum += Math.max(0, b.getCollectionTime());
            }
            return sum;
        }

        /** Null while healthy; a description once the last window was mostly GC over a heap more than 90% full after GC. */
        String thrashing() {
            long now = System.nanoTime();
            long wall = (now - windowStart) / 1_000_000L;
            if (wall < WINDOW_MILLIS) {
                return null;
            }
            long gc = gcMillis() - gcAtWindowStart;
            windowStart = now;
            gcAtWindowStart = gcMillis();
            long used = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage after = p.getCollectionUsage();
                if (p.getType() == MemoryType.HEAP && after != null) {
                    used += after.getUsed();
                }
            }
            long heapMax = Runtime.getRuntime().maxMemory();
            long max = heapMax;
            if (gc * 10 >= wall * 8 && used * 10 >= max * 9) {
                return "the Java heap (" + (heapMax >> 20) + " MiB) stays " + (used * 100 / max) + "% full after collection and GC took "
                        + (gc * 100 / wall) + "% of the last " + wall + " ms";
            }
            return null;
        }
    }
}
