package org.iovacheck.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.iovacheck.engine.BanksAnswer;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.interval.IntervalEngine;
import org.iovacheck.engine.sat.SatEngine;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;

/**
 * Several-bank placement (issue 4): 16 banks of 4 GiB aligned to 1 GiB against 4,096 windows, on spread, clustered and
 * tiled window sets, found and infeasible. Prints a Markdown table of median wall times per engine (the SAT time includes
 * checking every DRUP proof). Run: java -cp bench/target/iovacheck-bench.jar org.iovacheck.bench.BanksBench [runs].
 */
public final class BanksBench {
    private static final long GIB = 1L << 30;
    private static final Source SRC = new Source("bench", 0);

    private BanksBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        System.out.println("## Several banks: 16 x 4 GiB, 1 GiB alignment, " + n + " windows");
        System.out.println();
        System.out.printf(Locale.ROOT, "JVM %s, %d cores; median of %d runs after warm-up.%n%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), runs);
        System.out.println("| windows | answer | interval ms | sat ms | sat encoded constraints | sat variables | core size |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        List<ReservedRegion> spread = spread(n, 48, 42);
        row("spread over 2^48", query(spread, (1L << 48) - 1), runs);
        row("spread, IPA limit leaves room for 15", query(spread, roomFor(spread, 15)), runs);
        List<ReservedRegion> low = clustered(n, 43);
        row("clustered below 64 GiB", query(low, (1L << 48) - 1), runs);
        row("clustered, IPA limit leaves room for 15", query(low, roomFor(low, 15)), runs);
        List<ReservedRegion> tiled = tiled(n);
        row("tiled 3 GiB apart (banks go past all)", query(tiled, (1L << 48) - 1), runs);
        for (int m : new int[] {64, 256, 1024, n}) {
            List<ReservedRegion> few = new ArrayList<>(tiled.subList(0, Math.min(m, n)));
            few.addAll(spread(n - few.size(), 48, 44).stream().map(w -> w.withRange(new Range(w.range().first() | (16L << 40),
                    w.range().last() | (16L << 40)))).toList());
            row("tiled: " + Math.min(m, n) + " of them below, IPA limit leaves room for 15", query(few, roomFor(few, 15)), runs);
        }
    }

    private static MultiPlaceQuery query(List<ReservedRegion> windows, long hi) {
        return new MultiPlaceQuery(16, 4 * GIB, 30, new Range(0, hi), windows);
    }

    /** The last address that leaves room for exactly {@code banks} banks (the end of that many first-fit banks). */
    private static long roomFor(List<ReservedRegion> windows, int banks) {
        MultiPlaceQuery q = new MultiPlaceQuery(banks, 4 * GIB, 30, new Range(0, (1L << 48) - 1), windows);
        BanksAnswer a = new IntervalEngine().placeBanks(q, Budget.unlimited());
        return a.bases().get(banks - 1) + 4 * GIB - 1;
    }

    private static void row(String name, MultiPlaceQuery q, int runs) throws Exception {
        Engine interval = new IntervalEngine();
        Engine sat = new SatEngine();
        double ti = Timer.medianMillis(2, runs, () -> interval.placeBanks(q, Budget.unlimited()));
        double ts = Timer.medianMillis(1, runs, () -> sat.placeBanks(q, Budget.millis(60_000)));
        BanksAnswer a = sat.placeBanks(q, Budget.millis(60_000));
        BanksAnswer b = interval.placeBanks(q, Budget.unlimited());
        if (a.verdict() != org.iovacheck.engine.Verdict.UNKNOWN && (a.verdict() != b.verdict() || !a.bases().equals(b.bases()))) {
            throw new IllegalStateException("engines disagree on " + name + ": sat " + a.verdict() + " " + a.bases() + ", interval "
                    + b.verdict() + " " + b.bases());
        }
        String verdict = a.verdict() == b.verdict() ? a.verdict().toString() : "interval " + b.verdict() + ", sat " + a.verdict();
        Long core = a.stats().counters().get("core-size");
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %d | %d | %s |%n", name, verdict, ti, ts,
                a.stats().counters().get("encoded-constraints"), a.stats().counters().get("variables"), core == null ? "-" : core.toString());
    }

    /** n small windows (4 KiB to 64 KiB) spread evenly over 2^bits with random offsets. */
    static List<ReservedRegion> spread(int n, int bits, long seed) {
        Random rnd = new Random(seed);
        long step = n == 0 ? 0 : (1L << bits) / n;
        List<ReservedRegion> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long first = i * step + (long) rnd.nextInt(1 << 12) * 0x1000;
            out.add(window(first, 0x1000L * (1 + rnd.nextInt(16)), i));
        }
        return out;
    }

    /** n windows of 4 KiB to 16 MiB at random below 64 GiB (a host whose reserved ranges sit low). */
    static List<ReservedRegion> clustered(int n, long seed) {
        Random rnd = new Random(seed);
        List<ReservedRegion> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long first = (rnd.nextLong() & ((64 * GIB) - 1)) & ~0xfffL;
            out.add(window(first, 0x1000L << rnd.nextInt(13), i));
        }
        return out;
    }

    /** n windows of 4 KiB every 3 GiB: no 4 GiB bank fits between them, and each of them is needed to say so. */
    static List<ReservedRegion> tiled(int n) {
        List<ReservedRegion> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(window(i * 3 * GIB, 0x1000, i));
        }
        return out;
    }

    private static ReservedRegion window(long first, long size, int i) {
        return new ReservedRegion(Range.ofSize(first, size), RegionType.RESERVED, String.valueOf(i % 64), "w" + i, SRC);
    }
}
