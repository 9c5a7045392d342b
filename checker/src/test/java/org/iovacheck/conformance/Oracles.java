package org.iovacheck.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** What the conformance suites share: two daemon threads for QEMU runs, and a loud skip (a failure in CI) without the oracle. */
final class Oracles {
    private Oracles() {
    }

    /** Two daemon threads named {@code name}: two QEMU processes at a time on this 2-core machine. */
    static ExecutorService pool(String name) {
        return Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    static void stop(ExecutorService pool) throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }

    /**
     * The real VMM or firmware is missing: prints {@code msg} framed in stars and skips the suite, or fails it when
     * -Diovacheck.conformance.required=true or IOVACHECK_CONFORMANCE_REQUIRED=1 (CI) asks for the oracle.
     */
    static void missing(String msg) {
        System.err.println("\n" + "*".repeat(msg.length()) + "\n" + msg + "\n" + "*".repeat(msg.length()) + "\n");
        if (Boolean.getBoolean("iovacheck.conformance.required") || "1".equals(System.getenv("IOVACHECK_CONFORMANCE_REQUIRED"))) {
            fail(msg);
        }
        Assumptions.abort(msg);
    }
}
