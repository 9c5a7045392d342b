package org.iovacheck.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs an engine cell in a child JVM ({@link EngineChild}) and kills it when a measured run passes the hard limit: used
 * where an engine may not return within its budget. The child warms up on a smaller instance of the same question first.
 */
final class IsolatedEngine {
    /** Immutable; the cell and, when at least one run finished, its answer. */
    record Outcome(Cell cell, Answer answer) {
    }

    private static final String END = "\u0000end";

    private IsolatedEngine() {
    }

    static Outcome run(String engine, Instance in, int warmWindows, long warmMillis, int runs, long measureMillis, long limitMillis)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx4g", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
                EngineChild.class.getName(), engine, Integer.toString(in.windows()), Integer.toString(in.bits()), in.question().name(),
                Integer.toString(warmWindows), Long.toString(warmMillis), Integer.toString(runs), Long.toString(measureMillis)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // the child was killed; END below tells the parent
            }
            lines.add(END);
        }, "engine-child-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            String warm = lines.poll(10, TimeUnit.MINUTES);
            if (!"WARM".equals(warm)) {
                throw new IllegalStateException("engine child for " + in.name() + " failed during warm-up: " + warm);
            }
            List<Double> ms = new ArrayList<>();
            Answer answer = null;
            while (true) {
                String line = lines.poll(limitMillis + 1_000, TimeUnit.MILLISECONDS);
                if (line == null || line.equals(END)) {
                    if (line == null && ms.isEmpty()) {
                        return new Outcome(Cell.timeout(limitMillis, "a run in a child JVM, killed at the limit"), null);
                    }
                    break;
                }
                if (!line.startsWith("RUN ")) {
                    throw new IllegalStateException("engine child for " + in.name() + " printed: " + line);
                }
                String[] f = line.split(" ", 3);
                double d = Double.parseDouble(f[1]);
                if (d > limitMillis) {
                    return new Outcome(Cell.timeout(limitMillis, "a run in a child JVM, past the limit"), Answer.parse(f[2]));
                }
                ms.add(d);
                Answer a = Answer.parse(f[2]);
                if (answer != null && !answer.equals(a)) {
                    throw new IllegalStateException("engine " + engine + " answered " + answer + " then " + a + " on " + in.name());
                }
                answer = a;
            }
            if (ms.isEmpty()) {
                throw new IllegalStateException("engine child for " + in.name() + " exited with code " + p.waitFor() + " before a run finished");
            }
            double[] arr = ms.stream().mapToDouble(Double::doubleValue).toArray();
            return new Outcome(Cell.measured(Timer.median(arr), arr.length), answer);
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
