package org.iovacheck.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the whole benchmark in one process and writes its Markdown report atomically (temp file, then rename), also to stdout.
 * Usage: {@code Bench [--runs N] [--out FILE] [--no-peers] [--max-windows N]}; exit 0 on success, 70 when two answers disagree (nothing written). {@code --max-windows} drops the larger instances
 * (for a quick try; the committed report uses none).
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 7;
        Path out = Path.of("docs", "benchmarks.md");
        boolean peers = true;
        int maxWindows = Integer.MAX_VALUE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--no-peers" -> peers = false;
                case "--max-windows" -> maxWindows = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: Bench [--runs N] [--out FILE] [--no-peers] [--max-windows N]");
                    System.exit(2);
                }
            }
        }
        long t0 = System.nanoTime();
        Method method = Method.standard(runs);
        List<Peer> peerList = peers ? List.of(new Z3Cli(), new SmtInterpolLia()) : List.of();
        List<Report.PeerInfo> infos = new ArrayList<>();
        for (Peer p : peerList) {
            infos.add(describe(p));
        }
        List<ComparisonRow> rows;
        try {
            rows = new Comparison(method, peerList, maxWindows).run();
        } catch (Agreement.Disagreement d) {
            System.err.println();
            System.err.println("*** " + d.getMessage());
            System.err.println("*** benchmark aborted; " + out + " was not written");
            System.exit(70);
            return;
        }
        List<String> breakdown = SatBreakdown.rows(Targets.MID);
        List<String> cold = maxWindows >= Targets.MID ? ColdStart.rows(Targets.MID) : List.of();
        List<String> regions = RegionListTable.rows(runs);
        String md = new Report(method, infos, rows, breakdown, cold, regions, runs).render((System.nanoTime() - t0) / 1e9);
        writeAtomically(out, md);
        System.out.print(md);
        System.err.println("wrote " + out);
    }

    /** Column name, fixed cost per run (median of 5 after 2 warm-up runs) and how the peer is run. */
    private static Report.PeerInfo describe(Peer p) throws Exception {
        String reason = p.unavailableReason();
        if (!reason.isEmpty()) {
            System.err.println("peer skipped: " + reason);
            return new Report.PeerInfo(p.name(), Cell.unavailable(reason), "not available, its columns say n/a");
        }
        String how = p instanceof Z3Cli ? "Debian package `z3`, command line, new process per run"
                : "Maven `org.sosy-lab:java-smt` with `de.uni-freiburg.informatik.ultimate:smtinterpol` at the version java-smt names, in-process";
        try (Peer.Run r = p.trivial()) {
            Timer.Sample<PeerResult> s = Timer.measure(new Timer.Policy(2, 0, 5, 60_000), () -> r.solve(10_000));
            Cell startup = Cell.measured(s.median(), s.millis().length);
            System.err.printf("peer %s: fixed cost %s ms%n", p.name(), startup.text());
            return new Report.PeerInfo(p.name(), startup, how);
        }
    }

    private static void writeAtomically(Path out, String text) throws Exception {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".benchmarks-", ".md.tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
