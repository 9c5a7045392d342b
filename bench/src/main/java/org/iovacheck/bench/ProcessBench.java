package org.iovacheck.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * The whole-process table: the {@code iovacheck} launcher's commands against the z3 command line on the same generated
 * instances, each run a new process timed from start to exit under {@code /usr/bin/time} (wall and max RSS), medians of
 * interleaved runs; then the start-up breakdown. Prints Markdown to stdout, progress to stderr. Arguments: the repository root,
 * then optionally {@code --sizes 10,1000,...} and {@code --runs N}.
 */
public final class ProcessBench {
    private static final long Z3_LIMIT_S = 60;
    /** A run of iovacheck is stopped here; the question is then not run at larger sizes. */
    private static final long IOVACHECK_LIMIT_S = 120;
    private static Path scratch = Path.of(".");

    private ProcessBench() {
    }

    /** One measured process: wall seconds, max RSS in KiB, exit code, first line of stdout. */
    record Sample(double wall, long rssKb, int exit, String firstLine) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        int[] sizes = {10, 1_000, 10_000, 100_000};
        int runs = 5;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--sizes")) {
                sizes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
            } else if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            }
        }
        Path dir = Files.createDirectories(root.resolve("bench/target/process"));
        scratch = dir;
        String launcher = root.resolve("iovacheck").toString();
        // First use builds the jar and records the class-data archive; not timed.
        Sample warm = time(List.of(launcher, "--version"), List.of(), 600);
        if (warm.exit() != 0) {
            throw new IllegalStateException("the launcher failed: exit " + warm.exit());
        }
        List<String> out = new ArrayList<>();
        out.add("| regions | bits | question | iovacheck s | iovacheck max RSS MiB | z3 s | z3 max RSS MiB | z3 / iovacheck | runs |");
        out.add("|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        List<String> sweep = new ArrayList<>();
        sweep.add("| regions | bits | question | iovacheck --engine interval s | max RSS MiB | C sort-and-sweep s | max RSS MiB | iovacheck / C |");
        sweep.add("|---:|---:|---|---:|---:|---:|---:|---:|");
        String sweepBin = root.resolve("bench/target/sweep").toString();
        boolean z3Stopped = false;
        java.util.Set<Question> stopped = java.util.EnumSet.noneOf(Question.class);
        for (int n : sizes) {
            int bits = n <= 100_000 ? 48 : 64;
            int r = n >= 1_000_000 ? 1 : n >= 10_000 ? Math.min(runs, 3) : runs;
            for (Instance in : ComparisonInstances.of(n, bits)) {
                if (n >= 1_000_000 && !in.question().isCheck()) {
                    out.add(String.format(Locale.ROOT, "| %,d | %d | %s | not run [1] | | | | | |", n, bits, in.question().label()));
                    continue;
                }
                if (stopped.contains(in.question())) {
                    out.add(String.format(Locale.ROOT, "| %,d | %d | %s | not run [2] | | | | | |", n, bits, in.question().label()));
                    continue;
                }
                List<String> cmd = iovacheckCommand(launcher, in, dir);
                Path smt = dir.resolve("peer.smt2");
                Files.writeString(smt, SmtLibText.of(in), StandardCharsets.US_ASCII);
                boolean runZ3 = !z3Stopped && n <= 100_000;
                List<Sample> ours = new ArrayList<>();
                List<Sample> theirs = new ArrayList<>();
                List<String> env = n >= 4_000_000 ? List.of("IOVACHECK_JAVA_OPTS=-Xmx2g") : n >= 1_000_000 ? List.of("IOVACHECK_JAVA_OPTS=-Xmx512m") : List.of();
                for (int k = 0; k < r; k++) {
                    Sample one = time(cmd, env, IOVACHECK_LIMIT_S);
                    ours.add(one);
                    if (one.exit() == -1) {
                        break;
                    }
                    if (runZ3) {
                        theirs.add(time(List.of("z3", "-smt2", "-T:" + Z3_LIMIT_S, smt.toString()), List.of(), Z3_LIMIT_S + 10));
                    }
                }
                int expectedExit = in.question() == Question.CHECK_SAFE || in.question() == Question.PLACE_FOUND ? 0 : 1;
                if (ours.get(ours.size() - 1).exit() == -1) {
                    stopped.add(in.question());
                    out.add(String.format(Locale.ROOT, "| %,d | %d | %s | > %d (stopped) | | %s | | | %d |", n, bits, in.question().label(),
                            IOVACHECK_LIMIT_S, theirs.isEmpty() ? "not run" : String.format(Locale.ROOT, "%.3f", median(theirs).wall()), ours.size()));
                    System.err.println(out.get(out.size() - 1));
                    continue;
                }
                for (Sample s : ours) {
                    if (s.exit() != expectedExit) {
                        throw new IllegalStateException(in.question().label() + " at " + n + ": iovacheck exit " + s.exit() + ", expected " + expectedExit);
                    }
                }
                String z3Cell = "not run";
                String z3Rss = "";
                String ratio = "";
                Sample mine = median(ours);
                if (runZ3) {
                    Sample z = median(theirs);
                    String want = in.question().satMeansYes() ? "sat" : "unsat";
                    if (z.firstLine().equals("timeout") || z.wall() >= Z3_LIMIT_S) {
                        z3Cell = "> " + Z3_LIMIT_S;
                        ratio = String.format(Locale.ROOT, "> %.0fx", Z3_LIMIT_S / mine.wall());
                        z3Stopped = true;
                    } else if (!z.firstLine().equals(want)) {
                        throw new IllegalStateException(in.question().label() + " at " + n + ": z3 said " + z.firstLine() + ", expected " + want);
                    } else {
                        z3Cell = String.format(Locale.ROOT, "%.3f", z.wall());
                        ratio = String.format(Locale.ROOT, "%.1fx", z.wall() / mine.wall());
                    }
                    z3Rss = String.format(Locale.ROOT, "%.0f", z.rssKb() / 1024.0);
                }
                out.add(String.format(Locale.ROOT, "| %,d | %d | %s | %.3f | %.0f | %s | %s | %s | %d |", n, bits, in.question().label(),
                        mine.wall(), mine.rssKb() / 1024.0, z3Cell, z3Rss, ratio, r));
                System.err.println(out.get(out.size() - 1));
                if (in.question().isCheck() && n >= 100_000 && Files.isExecutable(Path.of(sweepBin))) {
                    List<String> interval = new ArrayList<>(cmd);
                    interval.addAll(List.of("--engine", "interval"));
                    Path hostFile = Path.of(cmd.get(3));
                    Path layoutFile = Path.of(cmd.get(5));
                    List<Sample> iv = new ArrayList<>();
                    List<Sample> c = new ArrayList<>();
                    for (int k = 0; k < r; k++) {
                        iv.add(time(interval, env, 900));
                        c.add(time(List.of(sweepBin, hostFile.toString(), layoutFile.toString()), List.of(), 900));
                    }
                    Sample a = median(iv);
                    Sample b = median(c);
                    if (a.exit() != expectedExit || b.exit() != expectedExit) {
                        throw new IllegalStateException("interval/sweep exit " + a.exit() + "/" + b.exit() + " at " + n + ", expected " + expectedExit);
                    }
                    sweep.add(String.format(Locale.ROOT, "| %,d | %d | %s | %.3f | %.0f | %.3f | %.0f | %.1fx |", n, bits, in.question().label(),
                            a.wall(), a.rssKb() / 1024.0, b.wall(), b.rssKb() / 1024.0, a.wall() / b.wall()));
                    System.err.println(sweep.get(sweep.size() - 1));
                }
            }
        }
        out.add("");
        out.addAll(sweep);
        out.add("");
        out.addAll(startup(root, launcher, runs * 2));
        out.forEach(System.out::println);
    }

    /** The start-up breakdown: what a short run costs, piece by piece (medians of interleaved runs). */
    private static List<String> startup(Path root, String launcher, int runs) throws Exception {
        String jar = root.resolve("checker/target/iovacheck.jar").toString();
        String d05 = root.resolve("models/hosts/hisilicon-d05.yaml").toString();
        List<String> readme = List.of("check", "--host", d05, "--guest", "qemu-virt", "--ram", "4G");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"JVM alone (java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version)", "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version"});
        rows.add(new String[] {"launcher's staleness check (find over the sources)", "find " + root + "/checker/src/main " + root + "/models/alloy -newer " + jar + " -print -quit"});
        rows.add(new String[] {"iovacheck --version", launcher + " --version"});
        rows.add(new String[] {"iovacheck --help", launcher + " --help"});
        rows.add(new String[] {"README check, --engine interval", launcher + " " + String.join(" ", readme) + " --engine interval"});
        rows.add(new String[] {"README check, default engines (interval + sat)", launcher + " " + String.join(" ", readme)});
        rows.add(new String[] {"README check, default engines, --format json", launcher + " " + String.join(" ", readme) + " --format json"});
        rows.add(new String[] {"README check, plain java -jar (no archive, default JIT)", "java -jar " + jar + " " + String.join(" ", readme)});
        rows.add(new String[] {"README check, launcher without the archive (IOVACHECK_CDS=off)", "env IOVACHECK_CDS=off " + launcher + " " + String.join(" ", readme)});
        List<List<Sample>> samples = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            samples.add(new ArrayList<>());
        }
        for (int k = 0; k < runs; k++) {
            for (int i = 0; i < rows.size(); i++) {
                samples.get(i).add(time(List.of("sh", "-c", rows.get(i)[1]), List.of(), 120));
            }
        }
        List<String> out = new ArrayList<>();
        out.add("| what | median wall s | max RSS MiB | runs |");
        out.add("|---|---:|---:|---:|");
        for (int i = 0; i < rows.size(); i++) {
            Sample m = median(samples.get(i));
            out.add(String.format(Locale.ROOT, "| %s | %.3f | %.0f | %d |", rows.get(i)[0], m.wall(), m.rssKb() / 1024.0, runs));
            System.err.println(out.get(out.size() - 1));
        }
        return out;
    }

    /**
     * The iovacheck command line for an instance, its input files written to {@code dir}: the windows as a sysfs
     * reserved_regions file; check: the guest RAM regions as a layout file; place: a free guest of one bank, with the space
     * outside the instance's allowed range reserved so that the command's freedom is exactly the instance's.
     */
    static List<String> iovacheckCommand(String launcher, Instance in, Path dir) throws IOException {
        Path host = dir.resolve("host-regions");
        List<ReservedRegion> windows = in.check() != null ? in.check().exclusions() : in.place().forbidden();
        try (Writer w = Files.newBufferedWriter(host, StandardCharsets.US_ASCII)) {
            if (in.place() != null) {
                Range allowed = in.place().allowed();
                if (allowed.first() != 0) {
                    line(w, 0, allowed.first() - 1, "reserved");
                }
                long top = in.bits() == 64 ? U64.MAX : U64.maskBits(in.bits());
                if (U64.lt(allowed.last(), top)) {
                    line(w, allowed.last() + 1, top, "reserved");
                }
            }
            for (ReservedRegion r : windows) {
                line(w, r.range().first(), r.range().last(), r.type() == RegionType.MSI_HW ? "msi" : "reserved");
            }
        }
        if (in.check() != null) {
            Path layout = dir.resolve("guest.layout");
            StringBuilder sb = new StringBuilder();
            for (GuestRegion g : in.check().mapped()) {
                sb.append(String.format("0x%016x 0x%016x ram %s%n", g.range().first(), g.range().last(), g.name()));
            }
            Files.writeString(layout, sb.toString(), StandardCharsets.US_ASCII);
            return List.of(launcher, "check", "--host", host.toString(), "--guest", layout.toString());
        }
        return List.of(launcher, "place", "--host", host.toString(), "--guest", "free", "--ram", "1G", "--align", "2M",
                "--ipa-bits", String.valueOf(in.bits()));
    }

    private static void line(Writer w, long first, long last, String type) throws IOException {
        w.write(String.format("0x%016x 0x%016x %s%n", first, last, type));
    }

    /** Runs {@code cmd} under /usr/bin/time; output to a file, of which the first line is kept. */
    static Sample time(List<String> cmd, List<String> env, long limitSeconds) throws Exception {
        Path stats = Files.createTempFile(scratch, "time-", ".txt");
        Path stdout = Files.createTempFile(stats.getParent(), "out-", ".txt");
        try {
            List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-o", stats.toString(), "-f", "%e %M"));
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
                return new Sample(limitSeconds, 0, -1, "killed");
            }
            List<String> lines = Files.readAllLines(stats);
            String last = lines.get(lines.size() - 1).trim();
            String[] f = last.split(" ");
            String first;
            try (var r = Files.newBufferedReader(stdout)) {
                String l = r.readLine();
                first = l == null ? "" : l.trim();
            }
            return new Sample(Double.parseDouble(f[0]), Long.parseLong(f[1]), p.exitValue(), first);
        } finally {
            Files.deleteIfExists(stats);
            Files.deleteIfExists(stdout);
        }
    }

    static Sample median(List<Sample> s) {
        List<Sample> byWall = new ArrayList<>(s);
        byWall.sort((a, b) -> Double.compare(a.wall(), b.wall()));
        Sample m = byWall.get(byWall.size() / 2);
        long maxRss = s.stream().mapToLong(Sample::rssKb).max().orElse(0);
        return new Sample(m.wall(), maxRss, m.exit(), m.firstLine());
    }
}
