package org.iovacheck.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.iovacheck.engine.Engine;

/**
 * Measures every comparison instance with both engines and every peer in one run, checks that all answers agree (aborting
 * on the first mismatch) and returns the rows in table order. Progress goes to stderr.
 */
final class Comparison {
    private static final long ENGINE_BUDGET_MILLIS = 3_600_000;

    private final Method method;
    private final List<Peer> peers;
    private final int maxWindows;
    private final List<String> unavailable = new ArrayList<>();
    /** Per peer, the questions ("check", "place") on which it was stopped at the big window count. */
    private final Map<Peer, Set<String>> bigStopped = new HashMap<>();
    private final long t0 = System.nanoTime();

    Comparison(Method method, List<Peer> peers, int maxWindows) {
        this.method = method;
        this.maxWindows = maxWindows;
        this.peers = List.copyOf(peers);
        for (Peer p : peers) {
            unavailable.add(p.unavailableReason());
        }
    }

    List<ComparisonRow> run() throws Exception {
        Engine interval = EngineRun.engine("interval");
        Engine sat = EngineRun.engine("sat");
        List<ComparisonRow> rows = new ArrayList<>();
        for (Instance in : runOrder()) {
            rows.add(row(in, interval, sat));
        }
        rows.sort(Comparator.comparingInt((ComparisonRow r) -> r.instance().windows()).thenComparingInt(r -> r.instance().bits())
                .thenComparing(r -> r.instance().question()));
        return rows;
    }

    /** Table order, except that at the big window count the 48-bit place INFEASIBLE and check SAFE come first for the peers. */
    private List<Instance> runOrder() {
        List<Instance> all = new ArrayList<>(ComparisonInstances.all());
        all.removeIf(in -> in.windows() > maxWindows);
        all.sort(Comparator.comparingInt(Instance::windows).thenComparingInt(in -> in.windows() >= method.bigWindows() ? priority(in) : 0));
        return all;
    }

    private static int priority(Instance in) {
        int q = switch (in.question()) {
            case PLACE_INFEASIBLE -> 0;
            case CHECK_SAFE -> 1;
            case CHECK_UNSAFE -> 2;
            case PLACE_FOUND -> 3;
        };
        return (in.bits() == 48 ? 0 : 4) + q;
    }

    private ComparisonRow row(Instance in, Engine interval, Engine sat) throws Exception {
        Timer.Sample<EngineRun.Result> iv = Timer.measure(method.engine(), () -> EngineRun.once(interval, in, ENGINE_BUDGET_MILLIS));
        Answer reference = iv.last().answer();
        Agreement.expected(in, reference);
        Cell ivCell = Cell.measured(iv.median(), iv.millis().length);
        progress(in, "interval", ivCell);

        Cell satCell;
        Answer satAnswer;
        Map<String, Long> satCounters = null;
        if (in.windows() >= method.isolateSatFrom()) {
            IsolatedEngine.Outcome o = IsolatedEngine.run("sat", in, method.childWarmWindows(), method.engine().warmupMillis(), method.engine().runs(),
                    method.engine().measureMillis(), method.satLimitMillis());
            satCell = o.cell();
            satAnswer = o.answer();
        } else {
            Timer.Sample<EngineRun.Result> s = Timer.measure(method.engine(), () -> EngineRun.once(sat, in, ENGINE_BUDGET_MILLIS));
            satCell = Cell.measured(s.median(), s.millis().length);
            satAnswer = s.last().answer();
            satCounters = s.last().counters();
        }
        if (satAnswer != null) {
            Agreement.engines(in, "sat", reference, satAnswer);
        }
        progress(in, "sat", satCell);

        List<Cell> peerCells = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            Cell c = peerCell(peers.get(i), unavailable.get(i), in, reference);
            progress(in, peers.get(i).name(), c);
            peerCells.add(c);
        }
        return new ComparisonRow(in, reference, satAnswer, satCounters, ivCell, satCell, peerCells);
    }

    private Cell peerCell(Peer peer, String unavailableReason, Instance in, Answer reference) throws Exception {
        if (!unavailableReason.isEmpty()) {
            return Cell.unavailable(unavailableReason);
        }
        boolean big = in.windows() >= method.bigWindows();
        Set<String> stopped = bigStopped.computeIfAbsent(peer, k -> new HashSet<>());
        if (big && stopped.contains(in.question().command())) {
            return Cell.skipped(String.format(Locale.ROOT, "not run: this peer was already stopped at the %s limit on a %,d-window %s "
                    + "instance", Cell.seconds(method.peerLimitMillis()), in.windows(), in.question().command()));
        }
        Timer.Policy p = big ? method.bigPeer() : peer instanceof Z3Cli ? method.z3() : method.smtInterpol();
        long limit = method.peerLimitMillis();
        try (Peer.Run run = peer.prepare(in)) {
            double warmSpent = 0;
            for (int i = 0; i < p.warmups() || warmSpent < p.warmupMillis(); i++) {
                PeerResult r = run.solve(limit);
                Cell stop = verdictOrStop(peer, in, reference, r, limit);
                if (stop != null) {
                    return stop;
                }
                warmSpent += r.millis();
            }
            List<Double> ms = new ArrayList<>();
            double spent = 0;
            while (ms.size() < p.runs() && (ms.isEmpty() || spent < p.measureMillis())) {
                PeerResult r = run.solve(limit);
                Cell stop = verdictOrStop(peer, in, reference, r, limit);
                if (stop != null) {
                    if (big) {
                        stopped.add(in.question().command());
                    }
                    return stop;
                }
                ms.add(r.millis());
                spent += r.millis();
            }
            double[] arr = ms.stream().mapToDouble(Double::doubleValue).toArray();
            return Cell.measured(Timer.median(arr), arr.length);
        }
    }

    /** Null when the run decided and agrees; a TIMEOUT cell when it was stopped; throws on an error or a disagreement. */
    private static Cell verdictOrStop(Peer peer, Instance in, Answer reference, PeerResult r, long limit) {
        switch (r.status()) {
            case SAT, UNSAT -> {
                Agreement.peer(in, peer.name(), reference.verdict(), r);
                return null;
            }
            case TIMEOUT -> {
                String late = r.millis() > limit + 1_000 ? String.format(Locale.ROOT, "; it stopped only after %s", Cell.seconds(Math.round(r.millis() / 100.0) * 100.0)) : "";
                return Cell.timeout(limit, "stopped at the " + Cell.seconds(limit) + " limit (" + r.detail() + late + ")");
            }
            case UNKNOWN -> {
                return Cell.skipped(peer.name() + " answered unknown: " + r.detail());
            }
            default -> throw new IllegalStateException(peer.name() + " failed on " + in.name() + ": " + r.detail());
        }
    }

    private void progress(Instance in, String who, Cell c) {
        System.err.printf(Locale.ROOT, "[%6.1f s] %-36s %-30s %s%n", (System.nanoTime() - t0) / 1e9, in.name(), who,
                c.text() + (c.hasTime() && c.kind() == Cell.Kind.MEASURED ? " ms (" + c.runs() + " runs)" : c.note().isEmpty() ? "" : " (" + c.note() + ")"));
    }
}
