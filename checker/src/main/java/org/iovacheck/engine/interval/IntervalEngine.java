package org.iovacheck.engine.interval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.Conflicts;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.Stats;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * The fast path: one sort-and-sweep over both interval lists in unsigned order; reports every overlapping pair
 * in O((n + m) log(n + m) + k). Exact; UNKNOWN only when the budget expires mid-sweep.
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
        List<GuestRegion> gs = q.mapped();
        List<ReservedRegion> rs = q.exclusions();
        int n = gs.size();
        int m = rs.size();
        Integer[] order = new Integer[n + m];
        for (int i = 0; i < n + m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> U64.compare(first(q, a), first(q, b)));
        PriorityQueue<Integer> activeG = new PriorityQueue<>((a, b) -> U64.compare(gs.get(a).range().last(), gs.get(b).range().last()));
        PriorityQueue<Integer> activeR = new PriorityQueue<>((a, b) -> U64.compare(rs.get(a).range().last(), rs.get(b).range().last()));
        List<Conflict> out = new ArrayList<>();
        long events = 0;
        for (Integer idx : order) {
            if (++events % POLL == 0 && budget.expired()) {
                return unknown(t0, events);
            }
            long start = first(q, idx);
            expire(activeG, start, i -> gs.get(i).range().last());
            expire(activeR, start, i -> rs.get(i).range().last());
            if (idx < n) {
                GuestRegion g = gs.get(idx);
                for (int r : activeR) {
                    out.add(Conflict.of(g, rs.get(r)));
                }
                activeG.add(idx);
            } else {
                ReservedRegion r = rs.get(idx - n);
                for (int g : activeG) {
                    out.add(Conflict.of(gs.get(g), r));
                }
                activeR.add(idx - n);
            }
        }
        out.sort(Conflicts.ORDER);
        Verdict v = !q.blockers().isEmpty() ? Verdict.NO_LAYOUT : out.isEmpty() ? Verdict.SAFE : Verdict.UNSAFE;
        return new CheckAnswer(name(), v, out, List.of(),
                Stats.of(t0, Map.of("guest-regions", (long) n, "excluded-ranges", (long) m, "sweep-events", events)));
    }

    private static long first(CheckQuery q, int idx) {
        int n = q.mapped().size();
        return idx < n ? q.mapped().get(idx).range().first() : q.exclusions().get(idx - n).range().first();
    }

    private static void expire(PriorityQueue<Integer> active, long start, java.util.function.IntToLongFunction last) {
        while (!active.isEmpty() && U64.lt(last.applyAsLong(active.peek()), start)) {
            active.poll();
        }
    }

    private CheckAnswer unknown(long t0, long events) {
        return new CheckAnswer(name(), Verdict.UNKNOWN, List.of(), List.of("time budget exhausted after " + events + " sweep events"),
                Stats.of(t0, Map.of("sweep-events", events)));
    }
}
