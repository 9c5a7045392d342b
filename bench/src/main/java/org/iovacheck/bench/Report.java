package org.iovacheck.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.iovacheck.engine.Verdict;

/** Renders one bench run as the Markdown of docs/benchmarks.md: machine, method, medians, ratios, targets, region lists. */
final class Report {
    /** Immutable; a peer's column name and the median of its run with nothing to decide (its fixed cost per run). */
    record PeerInfo(String name, Cell startup, String how) {
    }

    private final Method method;
    private final List<PeerInfo> peers;
    private final List<ComparisonRow> rows;
    private final List<String> breakdown;
    private final List<String> cold;
    private final List<String> regionTable;
    private final int regionRuns;
    private final Map<String, Integer> notes = new LinkedHashMap<>();

    Report(Method method, List<PeerInfo> peers, List<ComparisonRow> rows, List<String> breakdown, List<String> cold, List<String> regionTable,
           int regionRuns) {
        this.method = method;
        this.peers = List.copyOf(peers);
        this.rows = List.copyOf(rows);
        this.breakdown = List.copyOf(breakdown);
        this.cold = List.copyOf(cold);
        this.regionTable = List.copyOf(regionTable);
        this.regionRuns = regionRuns;
    }

    String render(double totalSeconds) {
        List<String> out = new ArrayList<>();
        out.add("# Benchmarks");
        out.add("");
        out.add("Written by `bench/run` (do not edit by hand; run it again). iovacheck's two engines against the solvers a user would "
                + "otherwise pick, on the same seeded instances in the same run, then the region-list scaling table.");
        out.add("");
        out.add("## Machine");
        out.add("");
        out.addAll(Machine.bullets());
        for (PeerInfo p : peers) {
            out.add("- " + p.name() + ": " + p.how() + "; " + (p.startup().hasTime() ? "fixed cost per run (an instance with nothing to "
                    + "decide) " + p.startup().text() + " ms, median of " + p.startup().runs() : p.startup().note()));
        }
        out.add(String.format(Locale.ROOT, "- this run took %.0f s in all", totalSeconds));
        out.add("");
        method(out);
        List<String> medians = medians();
        List<String> ratios = ratios();
        List<String> targets = targets();
        List<String> sat = satCounters();
        out.add("## Median wall time per instance (ms)");
        out.add("");
        out.add("`sat` includes the verification of its own DRUP proofs (and, for INFEASIBLE, the minimal blocking set and its "
                + "proof); `z3` includes process start-up; `SMTInterpol` includes creating its JavaSMT context.");
        out.add("");
        out.addAll(medians);
        out.add("");
        out.add("## Ratios peer / iovacheck (how many times slower the peer is)");
        out.add("");
        out.add("`>` : the peer was stopped at its limit, so the true ratio is larger; `<` : the iovacheck engine was stopped.");
        out.add("");
        out.addAll(ratios);
        out.add("");
        out.add("## Targets (issue 3)");
        out.add("");
        out.addAll(targets);
        out.add("");
        out.add("## What the sat engine did (in-process runs)");
        out.add("");
        out.add("Counters from the engine's own answer (`Stats`): SAT4J calls, clauses, lemmas checked by the in-tree RUP checker, "
                + "and the size of the minimal blocking set for INFEASIBLE.");
        out.add("");
        out.addAll(sat);
        out.add("");
        out.add("## Where the sat engine's check time goes (4,096 windows)");
        out.add("");
        out.add("The engine's last refuted CNF (all its clauses, blocking clauses included) solved again by plain SAT4J with its "
                + "default learned-clause minimisation and with `SIMPLE_SIMPLIFICATION` (the engine's setting since this table first showed the difference), and the engine's DRUP "
                + "proof checked again by the in-tree RUP checker; medians of 5 runs after at least 2 warm-up runs and 2 s (ms). For UNSAFE the engine "
                + "makes 5 solver calls, the CNF here is the last one's.");
        out.add("");
        out.addAll(breakdown);
        out.add("");
        if (!cold.isEmpty()) {
            out.add("## First call in a fresh JVM (4,096 windows)");
            out.add("");
            out.add(String.format(Locale.ROOT, "The tables above are steady state. A one-shot command runs each engine once in a new JVM, "
                    + "before the JIT has compiled its hot paths; this is that first call (JVM start-up and class loading before it not "
                    + "included), the median over %d child JVMs of one unwarmed run each (ms).", ColdStart.JVMS));
            out.add("");
            out.addAll(cold);
            out.add("");
        }
        if (!notes.isEmpty()) {
            out.add("## Notes to the tables");
            out.add("");
            for (Map.Entry<String, Integer> e : notes.entrySet()) {
                out.add("[" + e.getValue() + "] " + e.getKey() + "  ");
            }
            out.add("");
        }
        out.add("## Reading and checking large region lists (interval engine)");
        out.add("");
        out.add(String.format(Locale.ROOT, "Generated sysfs texts (`reserved_regions` lines over a 48-bit space) parsed, resolved and "
                + "checked against one 4 GiB RAM region; median of %d runs after 2 warm-up runs.", regionRuns));
        out.add("");
        out.addAll(regionTable);
        out.add("");
        return String.join("\n", out);
    }

    private void method(List<String> out) {
        Timer.Policy e = method.engine();
        Timer.Policy z = method.z3();
        Timer.Policy s = method.smtInterpol();
        out.add("## Method");
        out.add("");
        out.add("- Instances (seeded, identical in every run): n reserved windows of 4 KiB to 1 MiB in address order, separated by "
                + "gaps of 128 MiB to 1 GiB - 4 MiB, for n = 10, 100, 1,000, 4,096 and 100,000; at 48 bits the windows start at 4 GiB, "
                + "at 64 bits the same shapes end at 2^64 - 1 (addresses above 2^63 exercise unsigned arithmetic).");
        out.add("  - check SAFE: four RAM regions, each inside a gap; check UNSAFE: two inside gaps, one covering 1 window and one "
                + "covering 3, so 4 conflicts.");
        out.add("  - place: a 1 GiB block aligned to 2 MiB (as in formal-notes §2) within the range spanning all windows; "
                + "INFEASIBLE: every gap is narrower than the block; FOUND: three gaps in the upper half of the list are 1 GiB + 4 MiB "
                + "to 1.25 GiB wide, so the lowest base lies deep in the list.");
        out.add("- iovacheck engines through the public API: `new IntervalEngine()` and `Engines.select(\"sat\")`, methods "
                + "`check(CheckQuery, Budget)` and `place(PlaceQuery, Budget)`. Both do more than the peers: all conflicts with their "
                + "exact overlaps (check), the lowest base (FOUND), a minimal set of blocking windows (INFEASIBLE); the sat engine also "
                + "verifies a DRUP proof for every UNSAT step before answering.");
        out.add(String.format(Locale.ROOT, "- Engine cells: warm-up runs until at least %d runs are done and %s are spent (the JIT's steady state, as a JMH warm-up), then the median of up to %d runs "
                + "(fewer once %s are spent, at least 1).", e.warmups(), Cell.seconds(e.warmupMillis()), e.runs(), Cell.seconds(e.measureMillis())));
        out.add(String.format(Locale.ROOT, "- From %,d windows on, the sat engine runs in a child JVM (same flags; warm-up there: at least 2 runs and %s "
                + "on the %,d-window instance of the same question) that is killed when a run passes %s: the engine polls its Budget too "
                + "rarely to be stopped in-process.", method.isolateSatFrom(), Cell.seconds(method.engine().warmupMillis()), method.childWarmWindows(), Cell.seconds(method.satLimitMillis())));
        out.add("- Peers answer only the decision question (is there a conflict address / an aligned base?), from the formulas a user "
                + "would write: QF_BV with 64-bit vectors, a variable for the base (or address), `bvand` for the alignment, one "
                + "`(or (bvule x lo-len) (bvuge x hi+1))` per window; for check, `a` inside some guest region and inside some window. "
                + "Constants are folded before the solver sees them. Each sat answer's model value is validated by arithmetic.");
        out.add(String.format(Locale.ROOT, "- z3: the SMT-LIB 2 file is written before timing; each run is `z3 -smt2 -T:<limit> FILE` timed "
                + "from process start to exit; no warm-up; median of up to %d runs (fewer once %s are spent).", z.runs(), Cell.seconds(z.measureMillis())));
        out.add(String.format(Locale.ROOT, "- SMTInterpol through JavaSMT: JavaSMT has no bit-vector theory for SMTInterpol, so the same "
                + "formulas are stated in linear integer arithmetic with 0 <= x <= 2^64 - 1 and x = 2^k * y for the alignment. Each run "
                + "creates a context, builds the formula through the API and solves it in-process; warm-up until at least %d runs are done and %s are spent, then the "
                + "median of up to %d runs (fewer once %s are spent).", s.warmups(), Cell.seconds(s.warmupMillis()), s.runs(), Cell.seconds(s.measureMillis())));
        out.add(String.format(Locale.ROOT, "- Every peer run is stopped at %s (reported as `> %s`). At %,d windows each peer runs once per "
                + "instance, 48-bit place INFEASIBLE and check SAFE first; once a peer has been stopped on one question (check or place) "
                + "there, its other instances of that question are marked as not run.", Cell.seconds(method.peerLimitMillis()),
                Cell.seconds(method.peerLimitMillis()), method.bigWindows()));
        out.add("- Correctness gate: on every instance both engines must give the verdict the instance was built to have, the same "
                + "conflicts (with overlaps) or the same lowest base, and every peer answer must match; any mismatch aborts the run "
                + "before this file is written.");
        out.add("- The cells are measured one after another in one process (peers' children aside); nothing else ran meanwhile, but "
                + "the machine is a shared 2-core VM: repeated runs of this bench have differed by up to 2-3x on single cells (z3 and "
                + "the sat engine's INFEASIBLE cells most), so read the figures as orders of magnitude and a PASS or MISS close to its "
                + "limit with care.");
        out.add("");
    }

    private List<String> medians() {
        List<String> t = new ArrayList<>();
        StringBuilder h = new StringBuilder("| windows | bits | question | answer | interval | sat (incl. proof check) |");
        StringBuilder a = new StringBuilder("|---:|---:|---|---|---:|---:|");
        for (PeerInfo p : peers) {
            h.append(' ').append(p.name()).append(" |");
            a.append("---:|");
        }
        t.add(h.toString());
        t.add(a.toString());
        for (ComparisonRow r : rows) {
            StringBuilder sb = new StringBuilder(prefix(r));
            sb.append(answer(r)).append(" | ").append(cell(r.interval())).append(" | ").append(cell(r.sat())).append(" |");
            for (Cell c : r.peers()) {
                sb.append(' ').append(cell(c)).append(" |");
            }
            t.add(sb.toString());
        }
        return t;
    }

    private List<String> ratios() {
        List<String> t = new ArrayList<>();
        StringBuilder h = new StringBuilder("| windows | bits | question |");
        StringBuilder a = new StringBuilder("|---:|---:|---|");
        for (PeerInfo p : peers) {
            String n = shortName(p.name());
            h.append(' ').append(n).append(" / interval | ").append(n).append(" / sat |");
            a.append("---:|---:|");
        }
        t.add(h.toString());
        t.add(a.toString());
        for (ComparisonRow r : rows) {
            StringBuilder sb = new StringBuilder(prefix(r));
            sb.setLength(sb.length() - 1);
            for (Cell c : r.peers()) {
                sb.append(" ").append(Targets.ratioText(c, r.interval())).append(" | ").append(Targets.ratioText(c, r.sat())).append(" |");
            }
            t.add(sb.toString());
        }
        return t;
    }

    private List<String> targets() {
        List<String> t = new ArrayList<>();
        int z3 = z3Column();
        t.add("At 4,096 windows: interval <= 5 ms, sat <= 20 ms (proof check included), each >= 100x faster than z3. At 100,000 "
                + "windows: interval <= 100 ms, sat <= 2 s. `undecided`: a stopped run leaves the comparison open.");
        t.add("");
        t.add("| windows | bits | question | interval ms | interval | sat ms | sat | z3 / interval >= 100x | z3 / sat >= 100x |");
        t.add("|---:|---:|---|---:|---|---:|---|---|---|");
        int pass = 0;
        int miss = 0;
        for (ComparisonRow r : rows) {
            int n = r.instance().windows();
            if (n != Targets.MID && n != Targets.BIG) {
                continue;
            }
            List<String> verdicts = new ArrayList<>();
            verdicts.add(Targets.time(r.interval(), Targets.intervalMillis(n)));
            verdicts.add(Targets.time(r.sat(), Targets.satMillis(n)));
            if (n == Targets.MID) {
                verdicts.add(z3 < 0 ? "n/a (no z3)" : Targets.speedup(r.peers().get(z3), r.interval()));
                verdicts.add(z3 < 0 ? "n/a (no z3)" : Targets.speedup(r.peers().get(z3), r.sat()));
            } else {
                verdicts.add("(no target)");
                verdicts.add("(no target)");
            }
            for (String v : verdicts) {
                pass += v.equals("PASS") ? 1 : 0;
                miss += v.equals("MISS") ? 1 : 0;
            }
            t.add(prefix(r) + cell(r.interval()) + " | " + verdicts.get(0) + " | " + cell(r.sat()) + " | " + verdicts.get(1) + " | "
                    + withRatio(verdicts.get(2), z3, r, r.interval()) + " | " + withRatio(verdicts.get(3), z3, r, r.sat()) + " |");
        }
        t.add("");
        t.add(String.format(Locale.ROOT, "**%d PASS, %d MISS.**", pass, miss));
        return t;
    }

    private String withRatio(String verdict, int z3, ComparisonRow r, Cell engine) {
        if (z3 < 0 || verdict.startsWith("(")) {
            return verdict;
        }
        return verdict + " (" + Targets.ratioText(r.peers().get(z3), engine) + ")";
    }

    private List<String> satCounters() {
        List<String> t = new ArrayList<>();
        t.add("| windows | bits | question | solver calls | variables | clauses | proof lemmas checked | blocking set |");
        t.add("|---:|---:|---|---:|---:|---:|---:|---:|");
        for (ComparisonRow r : rows) {
            Map<String, Long> c = r.satCounters();
            if (c.isEmpty()) {
                continue;
            }
            t.add(prefix(r) + num(c, "solver-calls") + " | " + num(c, "variables") + " | " + num(c, "clauses") + " | "
                    + num(c, "proof-lemmas") + " | " + num(c, "core-size") + " |");
        }
        return t;
    }

    private static String num(Map<String, Long> c, String key) {
        Long v = c.get(key);
        return v == null ? "" : String.format(Locale.ROOT, "%,d", v);
    }

    private int z3Column() {
        for (int i = 0; i < peers.size(); i++) {
            if (peers.get(i).name().startsWith("z3")) {
                return i;
            }
        }
        return -1;
    }

    private static String prefix(ComparisonRow r) {
        Instance in = r.instance();
        return String.format(Locale.ROOT, "| %,d | %d | %s | ", in.windows(), in.bits(), in.question().label());
    }

    private static String answer(ComparisonRow r) {
        Answer a = r.answer();
        if (a.verdict() == Verdict.INFEASIBLE) {
            String sat = r.satAnswer() == null ? "sat stopped" : "sat " + r.satAnswer().detail().replace("blocking set of ", "");
            return a.verdict() + " (blocking set: interval " + a.detail().replace("blocking set of ", "") + ", " + sat + ")";
        }
        if (a.verdict() == Verdict.FOUND) {
            return "FOUND at " + a.key().replace("base ", "");
        }
        return a.verdict() + (a.verdict() == Verdict.UNSAFE ? ", " + a.detail() : "");
    }

    private String cell(Cell c) {
        if (c.note().isEmpty()) {
            return c.text();
        }
        int id = notes.computeIfAbsent(c.note(), k -> notes.size() + 1);
        return c.text() + " [" + id + "]";
    }

    private static String shortName(String peer) {
        return peer.startsWith("z3") ? "z3" : peer.startsWith("SMTInterpol") ? "SMTInterpol" : peer;
    }
}
