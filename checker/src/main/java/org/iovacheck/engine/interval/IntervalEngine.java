package org.iovacheck.engine.interval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.iovacheck.engine.BanksAnswer;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.Conflicts;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.PlaceAnswer;
import org.iovacheck.engine.Stats;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.ExclusionIndex;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionTable;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * The fast path: excluded ranges sorted once by first address under a max-tree of last addresses; each mapped region then
 * collects exactly the ranges that meet it by descending only into subtrees whose largest end reaches it, in
 * O(m log m + n (k + 1) log m). Exact; UNKNOWN only when the budget expires.
 */
public final class IntervalEngine implements Engine {
    private static final int POLL = 4096;

    @Override
    public String name() {
        return "interval";
    }

    @Override
    public CheckAnswer check(CheckQuery q, Budget budget) {
        long t0 = System.nanoTime();
        // The ranges as columns, ordered by first address (no sort when they already are, as a resolved sysfs group is).
        RegionTable rs = RegionTable.of(q.exclusions());
        int m = rs.size();
        long[] firsts = new long[m];
        for (int i = 0; i < m; i++) {
            firsts[i] = rs.first(i);
        }
        int[] order = RegionTable.orderByFirst(firsts, m);
        long[] lasts = new long[m];
        for (int i = 0; i < m; i++) {
            int r = order[i];
            firsts[i] = rs.first(r);
            lasts[i] = rs.last(r);
        }
        MaxTree tree = new MaxTree(lasts, m);
        lasts = null;
        List<Conflict> out = new ArrayList<>();
        long visits = 0;
        for (GuestRegion g : q.mapped()) {
            if (budget.expired()) {
                return unknown(t0, visits);
            }
            int end = ExclusionIndex.upperBound(firsts, g.range().last());
            int before = out.size();
            visits += tree.collect(end, g.range().first(), idx -> out.add(Conflict.of(g, rs.get(order[idx]))));
            if (out.size() - before > POLL && budget.expired()) {
                return unknown(t0, visits);
            }
        }
        out.sort(Conflicts.ORDER);
        Verdict v = !q.blockers().isEmpty() ? Verdict.NO_LAYOUT : out.isEmpty() ? Verdict.SAFE : Verdict.UNSAFE;
        return new CheckAnswer(name(), v, out, List.of(),
                Stats.of(t0, Map.of("guest-regions", (long) q.mapped().size(), "excluded-ranges", (long) m, "tree-visits", visits)));
    }

    /**
     * First fit: the windows merged into sorted disjoint runs, the lowest aligned base moved past each run it meets. When
     * nothing fits, a minimum (hence minimal) set of limits and windows that still leaves no room, by greedy interval cover of
     * the aligned bases.
     */
    @Override
    public PlaceAnswer place(PlaceQuery q, Budget budget) {
        long t0 = System.nanoTime();
        List<Range> runs = mergedRuns(q.forbidden());
        FirstFit ff = new FirstFit(runs, q.alignment(), q.length(), q.allowed().last());
        FirstFit.Outcome o = ff.seek(q.allowed().first(), budget);
        long steps = ff.steps();
        if (o == FirstFit.Outcome.EXPIRED) {
            return PlaceAnswer.unknown(name(), List.of("time budget exhausted after " + steps + " gap steps"),
                    Stats.of(t0, Map.of("gap-steps", steps)));
        }
        boolean fits = o == FirstFit.Outcome.FOUND;
        long x = ff.base();
        Map<String, Long> counters = Map.of("windows", (long) q.forbidden().size(), "merged-runs", (long) runs.size(), "gap-steps", steps);
        if (fits) {
            if (!q.admits(x)) {
                throw new IllegalStateException("interval engine: first fit " + U64.hex(x) + " does not admit the block: " + q);
            }
            return PlaceAnswer.found(name(), Range.ofSize(x, q.length()),
                    List.of("first fit at " + U64.hex(x) + " after " + steps + " gap step(s), re-validated against every window and limit"),
                    Stats.of(t0, counters));
        }
        return blockingCover(q, t0, counters);
    }

    /**
     * Several equal banks: first fit bank after bank over the merged windows, each bank starting at or after the end of the
     * one before. For identical blocks on a line this is optimal and gives the lexicographically smallest ascending vector
     * (any admissible vector is, component by component, at or above it). When fewer than K fit, a minimal blocking set from
     * {@link BankCover}.
     */
    @Override
    public BanksAnswer placeBanks(MultiPlaceQuery q, Budget budget) {
        long t0 = System.nanoTime();
        List<Range> runs = mergedRuns(q.forbidden());
        long span = q.length() - 1;
        long[] bases = new long[q.banks()];
        FirstFit ff = new FirstFit(runs, q.alignment(), q.length(), q.allowed().last());
        long x = q.allowed().first();
        int placed = 0;
        while (placed < q.banks()) {
            FirstFit.Outcome o = ff.seek(x, budget);
            if (o == FirstFit.Outcome.EXPIRED) {
                return BanksAnswer.unknown(name(), List.of("time budget exhausted after " + ff.steps() + " gap steps and " + placed + " bank(s)"),
                        Stats.of(t0, Map.of("gap-steps", ff.steps())));
            }
            if (o == FirstFit.Outcome.NONE) {
                break;
            }
            bases[placed++] = ff.base();
            if (placed < q.banks()) {
                if (ff.base() + span == U64.MAX) {
                    break;
                }
                x = ff.base() + span + 1;
            }
        }
        long steps = ff.steps();
        Map<String, Long> counters = new java.util.LinkedHashMap<>();
        counters.put("windows", (long) q.forbidden().size());
        counters.put("merged-runs", (long) runs.size());
        counters.put("gap-steps", steps);
        if (placed == q.banks()) {
            if (!q.admits(bases)) {
                throw new IllegalStateException("interval engine: first fit " + Arrays.toString(bases) + " is not admissible: " + q);
            }
            return BanksAnswer.found(name(), bases, List.of("first fit of " + placed + " bank(s) after " + steps
                    + " gap step(s), re-validated against every window, limit and bank"), Stats.of(t0, counters));
        }
        BankCover.Result core = new BankCover(q).minimalBlockingSet();
        counters.put("cover-chain", (long) core.chain());
        counters.put("core-size", (long) (core.windows().size() + core.limits().size()));
        return BanksAnswer.infeasible(name(), core.windows(), core.limits(), List.of(
                "first fit placed " + placed + " of " + q.banks() + " bank(s)",
                (core.windows().size() + core.limits().size()) + " constraint(s) leave room for only " + core.room()
                        + " bank(s) (free slots counted run by run); without any one of them all " + q.banks() + " fit (minimal)"),
                Stats.of(t0, counters));
    }

    /** The greedy cover: from the lowest uncovered aligned base, take the constraint that excludes it and reaches furthest. */
    private PlaceAnswer blockingCover(PlaceQuery q, long t0, Map<String, Long> counters) {
        long span = q.length() - 1;
        long mask = q.alignment() - 1;
        long xMax = (U64.MAX - span) & ~mask;
        int n = 2 + q.forbidden().size();
        long[] start = new long[n];
        long[] end = new long[n];
        boolean[] excludes = new boolean[n];
        long lo = q.allowed().first();
        long hi = q.allowed().last();
        if (lo != 0) {
            excludes[0] = true;
            end[0] = lo - 1;
        }
        if (U64.lt(hi, span)) {
            excludes[1] = true;
            end[1] = U64.MAX;
        } else if (hi - span != U64.MAX) {
            excludes[1] = true;
            start[1] = hi - span + 1;
            end[1] = U64.MAX;
        }
        for (int w = 0; w < q.forbidden().size(); w++) {
            Range r = q.forbidden().get(w).range();
            excludes[2 + w] = true;
            start[2 + w] = U64.le(span, r.first()) ? r.first() - span : 0;
            end[2 + w] = r.last();
        }
        Integer[] order = new Integer[n];
        for (int c = 0; c < n; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> U64.compare(start[a], start[b]));
        List<ReservedRegion> windows = new ArrayList<>();
        List<PlaceQuery.Limit> limits = new ArrayList<>();
        long cur = 0;
        int p = 0;
        while (true) {
            int best = -1;
            while (p < n && U64.le(start[order[p]], cur)) {
                int c = order[p++];
                if (excludes[c] && (best < 0 || U64.lt(end[best], end[c]))) {
                    best = c;
                }
            }
            if (best < 0 || U64.lt(end[best], cur)) {
                throw new IllegalStateException("interval engine: no constraint excludes base " + U64.hex(cur) + " although first fit found none: " + q);
            }
            if (best == 0) {
                limits.add(PlaceQuery.Limit.LOWEST_BASE);
            } else if (best == 1) {
                limits.add(PlaceQuery.Limit.HIGHEST_END);
            } else {
                windows.add(q.forbidden().get(best - 2));
            }
            if (U64.le(xMax, end[best])) {
                break;
            }
            cur = (end[best] + 1 + mask) & ~mask;
        }
        return PlaceAnswer.infeasible(name(), windows, limits,
                List.of("no aligned base fits; " + (windows.size() + limits.size()) + " constraint(s) cover every aligned base (minimum cover)"),
                Stats.of(t0, counters));
    }

    private static List<Range> mergedRuns(List<ReservedRegion> windows) {
        List<Range> sorted = new ArrayList<>(windows.size());
        for (ReservedRegion w : windows) {
            sorted.add(w.range());
        }
        sorted.sort(null);
        List<Range> runs = new ArrayList<>();
        for (Range r : sorted) {
            int last = runs.size() - 1;
            if (last >= 0 && runs.get(last).touches(r)) {
                runs.set(last, runs.get(last).span(r));
            } else {
                runs.add(r);
            }
        }
        return runs;
    }

    private CheckAnswer unknown(long t0, long visits) {
        return new CheckAnswer(name(), Verdict.UNKNOWN, List.of(), List.of("time budget exhausted after " + visits + " tree visits"),
                Stats.of(t0, Map.of("tree-visits", visits)));
    }
}
