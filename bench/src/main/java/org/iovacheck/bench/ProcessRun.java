package org.iovacheck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One command run as a new process under {@code /usr/bin/time} (wall seconds, max RSS, CPU seconds), and medians of such runs. */
final class ProcessRun {
    private ProcessRun() {
    }

    /**
     * One measured process: wall seconds, max RSS in KiB, exit code (-1: stopped at its limit), first line of stdout, all of
     * stdout, and user + system CPU seconds.
     */
    record Sample(double wall, long rssKb, int exit, String firstLine, String out, double cpu) {
        boolean stopped() {
            return exit == -1;
        }
    }

    /** Runs {@code cmd} (with extra environment entries KEY=VALUE) under /usr/bin/time in {@code scratch}; stopped after the limit. */
    static Sample time(Path scratch, List<String> cmd, List<String> env, long limitSeconds) throws Exception {
        Path stats = Files.createTempFile(scratch, "time-", ".txt");
        Path stdout = Files.createTempFile(scratch, "out-", ".txt");
        try {
            List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-o", stats.toString(), "-f", "%e %M %U %S"));
            full.addAll(cmd);
            ProcessBuilder pb = new ProcessBuilder(full).redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
            for (String e : env) {
                String[] kv = e.split("=", 2);
                pb.environment().put(kv[0], kv[1]);
            }
            Process p = pb.start();
            if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                return new Sample(limitSeconds, 0, -1, "killed", "", 0);
            }
            List<String> lines = Files.readAllLines(stats);
            String[] f = lines.get(lines.size() - 1).trim().split(" ");
            String out = Files.size(stdout) < 1 << 20 ? Files.readString(stdout) : "";
            String first;
            try (var r = Files.newBufferedReader(stdout)) {
                String l = r.readLine();
                first = l == null ? "" : l.trim();
            }
            return new Sample(Double.parseDouble(f[0]), Long.parseLong(f[1]), p.exitValue(), first, out,
                    Double.parseDouble(f[2]) + Double.parseDouble(f[3]));
        } finally {
            Files.deleteIfExists(stats);
            Files.deleteIfExists(stdout);
        }
    }

    /** The run of median wall time (its CPU time too), with the largest max RSS of all runs. */
    static Sample median(List<Sample> s) {
        List<Sample> byWall = new ArrayList<>(s);
        byWall.sort((a, b) -> Double.compare(a.wall(), b.wall()));
        Sample m = byWall.get(byWall.size() / 2);
        long maxRss = s.stream().mapToLong(Sample::rssKb).max().orElse(0);
        return new Sample(m.wall(), maxRss, m.exit(), m.firstLine(), m.out(), m.cpu());
    }

    /** The median of some numbers (the upper one of an even count). */
    static double median(double[] xs) {
        double[] c = xs.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }
}
