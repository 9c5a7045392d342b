package org.iovacheck.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.iovacheck.engine.BanksAnswer;
import org.iovacheck.engine.CheckOutcome;
import org.iovacheck.engine.CheckRunner;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.PlaceAnswer;
import org.iovacheck.engine.Verdict;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;
import org.iovacheck.preset.BankSet;
import org.iovacheck.preset.Knob;
import org.iovacheck.preset.MovableBank;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.preset.PresetParam;
import org.iovacheck.preset.SizeText;

/** Stateless; bisections of RAM sizes within the pieces where a preset's layout rule stays the same. */
final class RamBisection {
    private RamBisection() {
    }

    /** Immutable; the outcome of {@link #bisect}: FOUND with the largest safe RAM, INFEASIBLE, or UNKNOWN, with one line saying how. */
    record Largest(Verdict verdict, long ram, List<ReservedRegion> blocking, String note) {
    }

    /**
     * The largest safe RAM in [lo, hi] (multiples of granule) for settings whose layouts nest in RAM within the preset's pieces:
     * the highest piece whose smallest size is safe is bisected, judged by the exclusion index.
     */
    static Largest bisect(Preset p, Map<String, String> settings, long granule, long lo, long hi, Target t) throws InputException {
        List<Long> starts = pieceStarts(p, settings, granule, lo, hi);
        CheckOutcome lowest = null;
        for (int i = starts.size() - 1; i >= 0; i--) {
            long pLo = starts.get(i);
            long pHi = i + 1 < starts.size() ? starts.get(i + 1) - granule : hi;
            CheckOutcome first = Planner.judge(p, Planner.with(settings, "ram", Long.toUnsignedString(pLo)), t, t.search());
            if (first.verdict() == Verdict.UNKNOWN) {
                return new Largest(Verdict.UNKNOWN, pLo, List.of(), "budget exhausted");
            }
            lowest = first;
            if (first.verdict() != Verdict.SAFE) {
                continue;
            }
            long a = 0;
            long bSteps = Long.divideUnsigned(pHi - pLo, granule);
            while (a < bSteps) {
                long mid = a + (bSteps - a + 1) / 2;
                CheckOutcome o = Planner.judge(p, Planner.with(settings, "ram", Long.toUnsignedString(pLo + mid * granule)), t, t.search());
                if (o.verdict() == Verdict.UNKNOWN) {
                    return new Largest(Verdict.UNKNOWN, pLo + a * granule, List.of(), "budget exhausted during bisection");
                }
                if (o.verdict() == Verdict.SAFE) {
                    a = mid;
                } else {
                    bSteps = mid - 1;
                }
            }
            return new Largest(Verdict.FOUND, pLo + a * granule, List.of(), "bisection over " + SizeText.of(lo) + ".." + SizeText.of(hi)
                    + " in " + SizeText.of(granule) + " steps"
                    + (starts.size() > 1 ? " within " + starts.size() + " pieces where the layout rule stays the same" : "")
                    + ": the layouts of " + p.name() + " grow with RAM (every address mapped at a size stays mapped at larger sizes)");
        }
        List<ReservedRegion> b = lowest == null || lowest.conflicts().isEmpty() ? List.of() : List.of(lowest.conflicts().get(0).reserved());
        return new Largest(Verdict.INFEASIBLE, lo, b, "even the smallest RAM " + p.name() + " accepts (" + SizeText.of(lo)
                + ") meets a reserved range" + (starts.size() > 1 ? ", and so does the smallest of each piece where its layout rule changes" : ""));
    }

    /**
     * The largest safe RAM up to {@code cap} for layouts that split, within each piece, into regions that grow with RAM and
     * regions ({@code shrinking}) that shrink, with the accepted sizes forming the upper end of each piece: from the highest
     * piece down, b = the smallest accepted size whose shrinking regions are safe (bisection), then the largest size from b on
     * whose growing regions are safe (bisection); the first piece where both exist holds the answer.
     */
    static Largest bisectSplit(Preset p, Map<String, String> settings, long granule, long cap, Set<String> shrinking, Target t)
            throws InputException {
        List<Long> starts = pieceStarts(p, settings, granule, granule, cap);
        List<ReservedRegion> blocking = List.of();
        for (int i = starts.size() - 1; i >= 0; i--) {
            long pLo = starts.get(i);
            long pHi = i + 1 < starts.size() ? starts.get(i + 1) - granule : cap;
            if (U64.lt(pHi, pLo)) {
                continue;
            }
            if (t.budget().expired()) {
                return new Largest(Verdict.UNKNOWN, pLo, List.of(), "budget exhausted after " + (starts.size() - 1 - i) + " of " + starts.size() + " pieces");
            }
            Part top = part(p, settings, pHi, shrinking, false, t);
            if (top.hit() != null || !top.accepted()) {
                blocking = top.hit() == null ? blocking : List.of(top.hit());
                continue;
            }
            long lo = 0;
            long hi = Long.divideUnsigned(pHi - pLo, granule);
            while (lo < hi) {
                long mid = lo + (hi - lo) / 2;
                Part m = part(p, settings, pLo + mid * granule, shrinking, false, t);
                if (m.hit() == null && m.accepted()) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            long b = pLo + lo * granule;
            Part grow = part(p, settings, b, shrinking, true, t);
            if (grow.hit() != null) {
                blocking = List.of(grow.hit());
                continue;
            }
            long a = 0;
            long steps = Long.divideUnsigned(pHi - b, granule);
            while (a < steps) {
                long mid = a + (steps - a + 1) / 2;
                Part g = part(p, settings, b + mid * granule, shrinking, true, t);
                if (g.hit() == null && g.accepted()) {
                    a = mid;
                } else {
                    steps = mid - 1;
                }
            }
            long best = b + a * granule;
            CheckOutcome whole = Planner.judge(p, Planner.with(settings, "ram", Long.toUnsignedString(best)), t, t.search());
            if (whole.verdict() != Verdict.SAFE) {
                throw new IllegalStateException(p.name() + " at " + SizeText.of(best) + " is " + whole.verdict() + " although both of its parts were "
                        + "judged safe: the declared shape of its layouts is wrong");
            }
            return new Largest(Verdict.FOUND, best, List.of(), "bisection in " + starts.size() + " pieces of RAM up to maxmem " + SizeText.of(cap)
                    + " (" + p.name() + ": within a piece " + String.join(", ", shrinking) + " only shrinks and the other regions only grow "
                    + "as RAM grows); the highest piece with a safe size holds it");
        }
        return new Largest(Verdict.INFEASIBLE, granule, blocking, "no RAM size from " + SizeText.of(granule) + " to maxmem " + SizeText.of(cap)
                + " in " + SizeText.of(granule) + " steps is safe: in each of the " + starts.size() + " pieces where " + String.join(", ", shrinking)
                + " keeps its base, the sizes that keep it clear and those that keep the other regions clear do not meet");
    }

    /** The first size of every piece of [lo, hi] between the preset's RAM breaks, rounded up to granule, in ascending order. */
    private static List<Long> pieceStarts(Preset p, Map<String, String> settings, long granule, long lo, long hi) {
        List<Long> starts = new ArrayList<>();
        starts.add(lo);
        for (long b : p.ramBreaks(settings)) {
            long a = roundUp(b, granule, hi);
            if (U64.lt(lo, a) && U64.le(a, hi)) {
                starts.add(a);
            }
        }
        starts.sort(Long::compareUnsigned);
        return starts;
    }

    /** Immutable; one part of a layout judged: whether the VMM accepts the size, and the first excluded range the part meets. */
    private record Part(boolean accepted, ReservedRegion hit) {
    }

    private static Part part(Preset p, Map<String, String> settings, long ram, Set<String> shrinking, boolean growing, Target t)
            throws InputException {
        GuestLayout l;
        try {
            l = p.layout(new PresetArgs(Planner.with(settings, "ram", Long.toUnsignedString(ram))));
        } catch (InputException | ArithmeticException e) {
            return new Part(false, null);
        }
        List<GuestRegion> mine = l.mapped(false).stream().filter(g -> shrinking.contains(g.name()) != growing).toList();
        return new Part(true, t.index().firstConflict(mine).map(Conflict::reserved).orElse(null));
    }

    /** The smallest multiple of {@code step} at or above v, or {@code otherwise} when it passes 2^64 - 1. */
    private static long roundUp(long v, long step, long otherwise) {
        long r = Long.remainderUnsigned(v, step);
        if (r == 0) {
            return v;
        }
        return U64.addFits(v, step - r) ? v + (step - r) : otherwise;
    }
}
