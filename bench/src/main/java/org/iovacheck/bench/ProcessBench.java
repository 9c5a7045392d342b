package org.iovacheck.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.iovacheck.bench.ProcessRun.Sample;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * The whole-process table: the {@code iovacheck} launcher's commands against the z3 command line on the same generated
 * instances, each run a new process timed from start to exit under {@code /usr/bin/time} (wall and max RSS), medians of
 * interleaved runs; then the interval path against a C sort-and-sweep and the start-up tables ({@link ProcessStartup}).
 * Prints Markdown to stdout, progress to stderr. Arguments: the repository root, then the options of {@link Options}.
 */
public final class ProcessBench {
    private ProcessBench() {
    }

    /**
     * What to run: {@code --sizes 10,1000,...} (window counts; default 10 to 4*10^6), {@code --max-size N} (drop larger sizes),
     * {@code --runs N} (runs per cell below 10,000 windows; 3 at most from there, 1 from 10^6), {@code --z3-timeout S} (z3's
     * -T limit; a question z3 did not answer in time is not given to it at larger sizes), {@code --timeout S} (iovacheck is
     * stopped there; likewise), {@code --startup-runs N} (default twice --runs).
     */
    record Options(int[] sizes, int runs, long z3Timeout, long timeout, int startupRuns) {
        static Options parse(String[] args) {
            int[] sizes = {10, 1_000, 10_000, 100_000, 1_000_000, 4_000_000};
            int max = Integer.MAX_VALUE;
            int runs = 5;
            long z3 = 60;
            long ours = 120;
            int startup = -1;
            for (int i = 1; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--sizes" -> sizes = Arrays.stream(v.split(",")).mapToInt(s -> Integer.parseInt(s.replace("_", ""))).toArray();
                    case "--max-size" -> max = Integer.parseInt(v.replace("_", ""));
                    case "--runs" -> runs = Integer.parseInt(v);
                    case "--z3-timeout" -> z3 = Long.parseLong(v);
                    case "--timeout" -> ours = Long.parseLong(v);
                    case "--startup-runs" -> startup = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (known: --sizes, --max-size, --runs, --z3-timeout, --timeout, --startup-runs)");
                }
                i++;
            }
            final int m = max;
            return new Options(Arrays.stream(sizes).filter(n -> n <= m).toArray(), runs, z3, ours, startup < 0 ? 2 * runs : startup);
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        Options o = Options.parse(args);
        Path dir = Files.createDirectories(root.resolve("bench/target/process"));
        String launcher = root.resolve("iovacheck").toString();
        // First use builds the jar and records the class-data archive; not timed.
        Sample warm = ProcessRun.time(dir, List.of(launcher, "--version"), List.of(), 900);
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
        // A question one of them did not answer within its limit is not given to it at larger sizes; the other questions are.
        Set<Question> z3Stopped = EnumSet.noneOf(Question.class);
        Set<Question> oursStopped = EnumSet.noneOf(Question.class);
        for (int n : o.sizes()) {
            int bits = n <= 100_000 ? 48 : 64;
            int r = n >= 1_000_000 ? 1 : n >= 10_000 ? Math.min(o.runs(), 3) : o.runs();
            for (Instance in : ComparisonInstances.of(n, bits)) {
                Question qn = in.question();
                if (oursStopped.contains(qn)) {
                    out.add(String.format(Locale.ROOT, "| %,d | %d | %s | not run [1] | | %s | | | |", n, bits, qn.label(),
                            z3Stopped.contains(qn) ? "not run [2]" : "not run [1]"));
                    continue;
                }
                List<String> cmd = iovacheckCommand(launcher, in, dir);
                boolean runZ3 = !z3Stopped.contains(qn);
                Path smt = dir.resolve("peer.smt2");
                if (runZ3) {
                    Files.writeString(smt, SmtLibText.of(in), StandardCharsets.US_ASCII);
                }
                List<Sample> ours = new ArrayList<>();
                List<Sample> theirs = new ArrayList<>();
                List<String> env = n >= 4_000_000 ? List.of("IOVACHECK_JAVA_OPTS=-Xmx2g") : n >= 1_000_000 ? List.of("IOVACHECK_JAVA_OPTS=-Xmx512m") : List.of();
                boolean z3TimedOut = false;
                for (int k = 0; k < r; k++) {
                    Sample one = ProcessRun.time(dir, cmd, env, o.timeout());
                    ours.add(one);
                    if (one.stopped()) {
                        break;
                    }
                    if (runZ3 && !z3TimedOut) { // one run at its limit says enough; it is not repeated
                        Sample z = ProcessRun.time(dir, List.of("z3", "-smt2", "-T:" + o.z3Timeout(), smt.toString()), List.of(), o.z3Timeout() + 30);
                        z3TimedOut = z.stopped() || z.firstLine().equals("timeout") || z.wall() >= o.z3Timeout();
                        theirs.add(z);
                    }
                }
                int expectedExit = qn == Question.CHECK_SAFE || qn == Question.PLACE_FOUND ? 0 : 1;
                String z3Cell = runZ3 ? "" : "not run [2]";
                String z3Rss = "";
                String ratio = "";
                if (runZ3) {
                    if (z3TimedOut) {
                        z3Cell = "> " + o.z3Timeout();
                        z3Stopped.add(qn);
                    } else {
                        Sample z = ProcessRun.median(theirs);
                        String want = qn.satMeansYes() ? "sat" : "unsat";
                        for (Sample s : theirs) {
                            if (!s.firstLine().equals(want)) {
                                throw new IllegalStateException(qn.label() + " at " + n + ": z3 said " + s.firstLine() + ", expected " + want);
                            }
                        }
                        z3Cell = String.format(Locale.ROOT, "%.3f", z.wall());
                        z3Rss = String.format(Locale.ROOT, "%.0f", z.rssKb() / 1024.0);
                    }
                }
                if (ours.get(ours.size() - 1).stopped()) {
                    oursStopped.add(qn);
                    out.add(String.format(Locale.ROOT, "| %,d | %d | %s | > %d (stopped) | | %s | %s | | %d |", n, bits, qn.label(),
                            o.timeout(), z3Cell, z3Rss, ours.size()));
                    System.err.println(out.get(out.size() - 1));
                    continue;
                }
                for (Sample s : ours) {
                    if (s.exit() != expectedExit) {
                        throw new IllegalStateException(qn.label() + " at " + n + ": iovacheck exit " + s.exit() + ", expected " + expectedExit);
                    }
                }
                Sample mine = ProcessRun.median(ours);
                if (z3TimedOut) {
                    ratio = String.format(Locale.ROOT, "> %.0fx", o.z3Timeout() / mine.wall());
                } else if (runZ3) {
                    ratio = String.format(Locale.ROOT, "%.1fx", Double.parseDouble(z3Cell) / mine.wall());
                }
                out.add(String.format(Locale.ROOT, "| %,d | %d | %s | %.3f | %.0f | %s | %s | %s | %d |", n, bits, qn.label(),
                        mine.wall(), mine.rssKb() / 1024.0, z3Cell, z3Rss, ratio, r));
                System.err.println(out.get(out.size() - 1));
                if (qn.isCheck() && n >= 100_000 && Files.isExecutable(Path.of(sweepBin))) {
                    sweep.add(versusSweep(dir, cmd, env, sweepBin, n, bits, qn, r, expectedExit));
                    System.err.println(sweep.get(sweep.size() - 1));
                }
            }
        }
        out.add("");
        int largest = Arrays.stream(o.sizes()).max().orElse(0);
        if (largest > 0) { // prove --fleet over min(10^6, largest) hosts (ProcessFleet)
            out.addAll(ProcessFleet.table(launcher, dir, largest, largest >= ProcessFleet.HOSTS ? 1 : Math.min(o.runs(), 3), o.timeout()));
            out.add("");
        }
        out.addAll(sweep);
        out.add("");
        out.addAll(ProcessStartup.tables(root, launcher, dir, o.startupRuns()));
        out.forEach(System.out::println);
    }

    /** The interval engine alone (parse included) against the C sort-and-sweep on the same files, interleaved. */
    private static String versusSweep(Path dir, List<String> cmd, List<String> env, String sweepBin, int n, int bits, Question qn, int r,
            int expectedExit) throws Exception {
        List<String> interval = new ArrayList<>(cmd);
        interval.addAll(List.of("--engine", "interval"));
        List<Sample> iv = new ArrayList<>();
        List<Sample> c = new ArrayList<>();
        for (int k = 0; k < r; k++) {
            iv.add(ProcessRun.time(dir, interval, env, 900));
            c.add(ProcessRun.time(dir, List.of(sweepBin, cmd.get(3), cmd.get(5)), List.of(), 900));
        }
        Sample a = ProcessRun.median(iv);
        Sample b = ProcessRun.median(c);
        if (a.exit() != expectedExit || b.exit() != expectedExit) {
            throw new IllegalStateException("interval/sweep exit " + a.exit() + "/" + b.exit() + " at " + n + ", expected " + expectedExit);
        }
        return String.format(Locale.ROOT, "| %,d | %d | %s | %.3f | %.0f | %.3f | %.0f | %.1fx |", n, bits, qn.label(),
                a.wall(), a.rssKb() / 1024.0, b.wall(), b.rssKb() / 1024.0, a.wall() / b.wall());
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
        return List.of(launcher, "place", "--host", host.toString(), "--guest", "free", "--ram", "1G", "--banks", "1", "--align", "2M",
                "--ipa-bits", String.valueOf(in.bits()));
    }

    private static void line(Writer w, long first, long last, String type) throws IOException {
        w.write(String.format("0x%016x 0x%016x %s%n", first, last, type));
    }
}
