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

/**
 * Searches a preset's freedom for a safe layout. Every candidate layout is built by the preset's own rules and judged by the
 * engines; what is reported FOUND is re-checked by the confirming engines, and what is reported INFEASIBLE has been tried
 * exhaustively over the freedom (knob values, or a single-block placement for a movable bank).
 */
public final class Planner {
    /** How many candidate layouts a search may judge before it answers UNKNOWN. */
    public static final int MAX_CANDIDATES = 200_000;

    private Planner() {
    }

    /** A layout with exactly {@code ram} bytes of RAM, turning the knobs the user left free. */
    public static PlanResult place(Preset p, Map<String, String> settings, long ram, Target t) throws InputException {
        validateKeys(p, settings);
        Map<String, String> s = with(settings, "ram", Long.toUnsignedString(ram));
        if (!t.blockers().isEmpty()) {
            return unassignable(ram, t);
        }
        Optional<BankSet> banks = settings.containsKey("ram") ? Optional.empty() : p.movableBanks(s);
        if (banks.isPresent() && noneGiven(settings, banks.get())) {
            return placeBanks(p, s, ram, banks.get(), t);
        }
        Optional<MovableBank> bank = settings.containsKey("ram") ? Optional.empty() : p.movableBank(s);
        if (bank.isPresent() && !settings.containsKey(bank.get().key())) {
            return placeBank(p, s, ram, bank.get(), t);
        }
        List<Knob> free = p.knobs().stream().filter(k -> !settings.containsKey(k.key())).toList();
        Search first = search(p, s, free, t);
        if (first.found != null) {
            return found(p, first.found, ram, t, null, null, first.evidence);
        }
        if (first.exhausted) {
            return unknown(ram, first.evidence);
        }
        List<ReservedRegion> blocking = minimise(p, s, free, t, first.windows);
        List<String> limits = new ArrayList<>();
        if (free.isEmpty()) {
            limits.add(p.name() + " fixes where RAM goes for these settings (" + p.summary() + ")");
        }
        for (Knob k : free) {
            limits.add(k.key() + " tried at every " + SizeText.of(k.step()) + " step from " + SizeText.of(k.min()) + " to " + SizeText.of(k.max())
                    + " (" + k.meaning() + ")");
        }
        limits.addAll(first.refusals);
        return new PlanResult(Verdict.INFEASIBLE, ram, null, s, null, null, null, blocking, limits, first.evidence);
    }

    /**
     * The largest RAM, a multiple of {@code granule}, with a safe layout: first with the knobs at the user's or the VMM's
     * values, then over every value of the knobs the user left free (see {@link KnobMaximizer}).
     */
    public static PlanResult maximize(Preset p, Map<String, String> settings, long granule, Target t) throws InputException {
        validateKeys(p, settings);
        if (settings.containsKey("ram")) {
            throw InputException.option("--maximize", "give either a RAM size or --maximize ram, not both");
        }
        if (!t.blockers().isEmpty()) {
            return unassignable(0, t);
        }
        PlanResult plain = maximizeFixed(p, settings, granule, t);
        List<Knob> free = p.knobs().stream().filter(k -> !settings.containsKey(k.key())).toList();
        if (free.isEmpty() || plain.verdict() == Verdict.UNKNOWN) {
            return plain;
        }
        return KnobMaximizer.turn(p, settings, granule, t, free, plain);
    }

    /** The largest RAM, a multiple of {@code granule}, whose layout is safe with these settings (knobs not turned). */
    static PlanResult maximizeFixed(Preset p, Map<String, String> settings, long granule, Target t) throws InputException {
        long userGranule = granule;
        granule = commonMultiple(granule, p.ramStep(settings));
        long[] accepted = acceptedRange(p, settings, granule);
        long cap = U64.alignDown(p.ramCeiling(settings), granule);
        boolean nested = p.nestedInRam(settings) && !t.p2p();
        if (accepted == null && (nested || cap == 0)) {
            String why = refusal(p, with(settings, "ram", "0"), granule);
            return new PlanResult(Verdict.INFEASIBLE, 0, null, settings, null, null, null, List.of(),
                    List.of(p.name() + " accepts no RAM size that is a multiple of " + SizeText.of(granule) + " with these settings"
                            + (why == null ? "" : " (at " + SizeText.of(granule) + ": " + why + ")")), List.of());
        }
        long lo = accepted == null ? granule : accepted[0];
        long hi = accepted == null ? cap : accepted[1];
        if (!nested && cap != 0) {
            lo = granule;
            hi = cap;
        }
        List<String> evidence = new ArrayList<>();
        long best;
        Optional<Set<String>> shrinking = t.p2p() || nested || cap == 0 ? Optional.empty() : p.shrinkingInRam(settings);
        if (shrinking.isPresent()) {
            Largest l = bisectSplit(p, settings, granule, cap, shrinking.get(), t);
            if (l.verdict() == Verdict.UNKNOWN) {
                return unknown(l.ram(), List.of(l.note()));
            }
            if (l.verdict() == Verdict.INFEASIBLE) {
                return new PlanResult(Verdict.INFEASIBLE, granule, null, settings, null, null, null, l.blocking(), List.of(l.note()), List.of());
            }
            best = l.ram();
            hi = cap;
            evidence.add(l.note());
        } else if (nested) {
            Largest l = bisect(p, settings, granule, lo, hi, t);
            if (l.verdict() == Verdict.UNKNOWN) {
                return unknown(l.ram(), List.of(l.note()));
            }
            if (l.verdict() == Verdict.INFEASIBLE) {
                return new PlanResult(Verdict.INFEASIBLE, lo, null, settings, null, null, null, l.blocking(), List.of(l.note()), List.of());
            }
            best = l.ram();
            evidence.add(l.note());
        } else {
            long r = hi;
            long tried = 0;
            long refused = 0;
            List<ReservedRegion> lastHit = List.of();
            while (true) {
                if (++tried > MAX_CANDIDATES || t.budget().expired()) {
                    return unknown(r, List.of("scanned " + (tried - 1) + " RAM sizes downward from " + SizeText.of(hi)
                            + " without a safe one; these settings do not let RAM sizes be bisected (" + p.name() + " layouts do not nest)"));
                }
                CheckOutcome o = accepts(p, settings, r) ? judge(p, with(settings, "ram", Long.toUnsignedString(r)), t, t.search()) : null;
                if (o == null) {
                    refused++;
                } else if (o.verdict() == Verdict.SAFE) {
                    break;
                } else if (!o.conflicts().isEmpty()) {
                    lastHit = List.of(o.conflicts().get(0).reserved());
                }
                if (r == lo || U64.lt(r - lo, granule)) {
                    return new PlanResult(Verdict.INFEASIBLE, lo, null, settings, null, null, null, lastHit,
                            List.of("every RAM size from " + SizeText.of(lo) + " to " + SizeText.of(hi) + " in " + SizeText.of(granule)
                                    + " steps meets a reserved range" + (refused == 0 ? "" : " or is refused by " + p.name() + " (" + refused + " refused)")),
                            List.of());
                }
                r -= granule;
            }
            best = r;
            evidence.add("scanned down from " + SizeText.of(hi) + " in " + SizeText.of(granule) + " steps (" + tried + " sizes, "
                    + refused + " refused by " + p.name() + "): " + p.name() + " layouts do not nest with these settings, and the sizes "
                    + p.name() + " accepts need not be one interval, so every size is tried");
        }
        CheckOutcome more = null;
        String refusal = null;
        if (U64.lt(best, hi) && accepts(p, settings, best + granule)) {
            more = judge(p, with(settings, "ram", Long.toUnsignedString(best + granule)), t, t.confirm());
            if (more.verdict() == Verdict.SAFE) {
                throw new IllegalStateException("one granule above the largest safe RAM is safe too: the search missed it (" + p.name() + ")");
            }
        } else {
            refusal = refusal(p, with(settings, "ram", Long.toUnsignedString(best)), granule);
        }
        if (granule != userGranule) {
            evidence.add(p.name() + " takes RAM in multiples of " + SizeText.of(p.ramStep(settings)) + ", so sizes were stepped by "
                    + SizeText.of(granule));
            String own = refusal(p, with(settings, "ram", Long.toUnsignedString(best)), userGranule);
            if (own != null) {
                refusal = own + (more == null ? "" : "; the next size it takes, " + SizeText.of(best + granule) + ", is " + more.verdict()
                        + (more.conflicts().isEmpty() ? "" : " (" + more.conflicts().get(0).guest().name() + " meets "
                        + more.conflicts().get(0).reserved().range() + ")"));
                more = null;
            }
        }
        return found(p, with(settings, "ram", Long.toUnsignedString(best)), best, t, more, refusal, evidence);
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
            CheckOutcome first = judge(p, with(settings, "ram", Long.toUnsignedString(pLo)), t, t.search());
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
                CheckOutcome o = judge(p, with(settings, "ram", Long.toUnsignedString(pLo + mid * granule)), t, t.search());
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
            CheckOutcome whole = judge(p, with(settings, "ram", Long.toUnsignedString(best)), t, t.search());
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
            l = p.layout(new PresetArgs(with(settings, "ram", Long.toUnsignedString(ram))));
        } catch (InputException | ArithmeticException e) {
            return new Part(false, null);
        }
        List<GuestRegion> mine = l.mapped(false).stream().filter(g -> shrinking.contains(g.name()) != growing).toList();
        return new Part(true, t.index().firstConflict(mine).map(Conflict::reserved).orElse(null));
    }

    private static String refusal(Preset p, Map<String, String> s, long granule) {
        long r = Long.parseUnsignedLong(s.get("ram"));
        if (!U64.addFits(r, granule)) {
            return "RAM sizes past 2^64 do not exist";
        }
        try {
            p.layout(new PresetArgs(with(s, "ram", Long.toUnsignedString(r + granule))));
            return null;
        } catch (InputException e) {
            return e.problem();
        } catch (ArithmeticException e) {
            return "the layout would pass the end of the 64-bit address space";
        }
    }

    /** [smallest, largest] RAM multiple of granule the preset accepts, assuming they form one interval (true of nested layouts), or null. */
    static long[] acceptedRange(Preset p, Map<String, String> s, long granule) {
        long lo = 0;
        long r0 = granule;
        for (int i = 0; i < 4096; i++) {
            if (accepts(p, s, r0)) {
                lo = r0;
                break;
            }
            if (!U64.addFits(r0, granule)) {
                break;
            }
            r0 += granule;
        }
        if (lo == 0) {
            return null;
        }
        long good = lo;
        long step = granule;
        long bad = 0;
        while (true) {
            if (!U64.addFits(good, step)) {
                break;
            }
            long r = good + step;
            if (accepts(p, s, r)) {
                good = r;
                if (!U64.addFits(step, step)) {
                    break;
                }
                step *= 2;
            } else {
                bad = r;
                break;
            }
        }
        if (bad == 0) {
            bad = U64.alignDown(U64.MAX, granule);
            if (accepts(p, s, bad)) {
                return new long[] {lo, bad};
            }
        }
        long a = Long.divideUnsigned(good, granule);
        long b = Long.divideUnsigned(bad, granule);
        while (b - a > 1) {
            long mid = a + (b - a) / 2;
            if (accepts(p, s, mid * granule)) {
                a = mid;
            } else {
                b = mid;
            }
        }
        return new long[] {lo, a * granule};
    }

    private static boolean accepts(Preset p, Map<String, String> s, long ram) {
        try {
            p.layout(new PresetArgs(with(s, "ram", Long.toUnsignedString(ram))));
            return true;
        } catch (InputException | ArithmeticException e) {
            return false;
        }
    }

    static final class Search {
        Map<String, String> found;
        boolean exhausted;
        final Set<ReservedRegion> windows = new LinkedHashSet<>();
        final List<String> refusals = new ArrayList<>();
        final List<String> evidence = new ArrayList<>();
    }

    static Search search(Preset p, Map<String, String> s, List<Knob> free, Target t) {
        Search out = new Search();
        long total = 1;
        for (Knob k : free) {
            total = Math.multiplyHigh(total, k.count()) != 0 ? Long.MAX_VALUE : total * k.count();
        }
        if (total < 0 || total > MAX_CANDIDATES) {
            out.exhausted = true;
            out.evidence.add("the freedom has " + (total < 0 ? "too many" : Long.toString(total)) + " settings, more than the " + MAX_CANDIDATES + " a search may try");
            return out;
        }
        Set<String> refusals = new LinkedHashSet<>();
        long judged = 0;
        for (long i = 0; i < total; i++) {
            Map<String, String> c = new LinkedHashMap<>(s);
            long rest = i;
            for (Knob k : free) {
                c.put(k.key(), Long.toUnsignedString(k.value(rest % k.count())));
                rest /= k.count();
            }
            if (t.budget().expired()) {
                out.exhausted = true;
                out.evidence.add("budget exhausted after " + judged + " of " + total + " settings");
                return out;
            }
            GuestLayout l;
            try {
                l = p.layout(new PresetArgs(c));
            } catch (InputException e) {
                refusals.add(p.name() + " refuses some settings: " + e.problem());
                continue;
            } catch (ArithmeticException e) {
                refusals.add("some settings pass the end of the 64-bit space");
                continue;
            }
            judged++;
            Optional<Conflict> hit = t.index().firstConflict(l.mapped(t.p2p()));
            if (hit.isEmpty()) {
                out.found = c;
                out.evidence.add("judged " + judged + " of " + total + " setting(s) in preference order; the first safe one is reported");
                return out;
            }
            out.windows.add(hit.get().reserved());
        }
        out.refusals.addAll(refusals);
        out.evidence.add("judged all " + judged + " accepted setting(s) of " + total + "; none is safe");
        return out;
    }

    /** Drops windows one at a time while the search stays infeasible: what remains is a minimal blocking set. */
    private static List<ReservedRegion> minimise(Preset p, Map<String, String> s, List<Knob> free, Target t, Set<ReservedRegion> hit) {
        List<ReservedRegion> keep = new ArrayList<>(hit);
        if (free.isEmpty()) {
            return keep.isEmpty() ? keep : List.of(keep.get(0));
        }
        Target cur = new Target(new ArrayList<>(keep), t.blockers(), t.p2p(), t.search(), t.confirm(), t.budget(), null);
        for (ReservedRegion w : new ArrayList<>(keep)) {
            Target fewer = cur.without(w);
            Search again = search(p, s, free, fewer);
            if (again.exhausted) {
                return keep;
            }
            if (again.found == null) {
                keep.remove(w);
                cur = fewer;
            }
        }
        return keep;
    }

    private static PlanResult placeBank(Preset p, Map<String, String> s, long ram, MovableBank bank, Target t) throws InputException {
        GuestLayout probe = p.layout(new PresetArgs(s));
        List<ReservedRegion> forbidden = new ArrayList<>(t.exclusions());
        for (GuestRegion g : probe.regions()) {
            if (g.kind() != GuestKind.RAM && g.kind() != GuestKind.HOTPLUG) {
                forbidden.add(new ReservedRegion(g.range(), RegionType.RESERVED, null, "guest " + g.kind().label() + " '" + g.name() + "'", Source.BUILTIN));
            }
        }
        if (U64.lt(bank.maxEnd(), bank.minBase())) {
            throw InputException.option("ram", "no room for the bank");
        }
        PlaceQuery q = new PlaceQuery(ram, Long.numberOfTrailingZeros(bank.align()), new Range(bank.minBase(), bank.maxEnd()), forbidden);
        List<PlaceAnswer> answers = new ArrayList<>();
        List<Engine> engines = new ArrayList<>(t.confirm());
        for (Engine e : engines) {
            try {
                answers.add(e.place(q, t.budget()));
            } catch (UnsupportedOperationException x) {
                continue;
            }
        }
        PlaceAnswer decided = null;
        for (PlaceAnswer a : answers) {
            if (a.verdict() == Verdict.UNKNOWN) {
                continue;
            }
            if (decided == null) {
                decided = a;
            } else if (a.verdict() != decided.verdict() || !a.block().equals(decided.block())) {
                throw new IllegalStateException("engines disagree on placing the bank: " + decided.engine() + " " + decided.verdict()
                        + " " + decided.block() + ", " + a.engine() + " " + a.verdict() + " " + a.block());
            }
        }
        List<String> evidence = new ArrayList<>();
        for (PlaceAnswer a : answers) {
            evidence.add(a.engine() + ": " + a.verdict() + (a.block().isPresent() ? " at " + a.block().get() : "") + " " + String.join("; ", a.evidence()));
        }
        if (decided == null) {
            return unknown(ram, evidence);
        }
        if (decided.verdict() == Verdict.FOUND) {
            Map<String, String> c = with(s, bank.key(), U64.shortHex(decided.block().get().first()));
            return found(p, c, ram, t, null, null, evidence);
        }
        PlaceAnswer core = answers.stream().filter(a -> a.verdict() == Verdict.INFEASIBLE && a.engine().equals("sat")).findFirst().orElse(decided);
        List<String> limits = new ArrayList<>();
        for (PlaceQuery.Limit l : core.blockingLimits()) {
            limits.add(l == PlaceQuery.Limit.LOWEST_BASE ? bank.key() + " may not be below " + U64.shortHex(bank.minBase()) + " (" + bank.meaning() + ")"
                    : "the bank may not end above " + U64.shortHex(bank.maxEnd()) + " (" + bank.meaning() + ")");
        }
        return new PlanResult(Verdict.INFEASIBLE, ram, null, s, null, null, null, core.blockingWindows(), limits, evidence);
    }

    /** The least common multiple of a power-of-two granule and a preset's RAM step; an input error past 2^64 - 1. */
    static long commonMultiple(long granule, long step) throws InputException {
        if (step == 0 || step == 1) {
            return granule;
        }
        long g = Long.lowestOneBit(step);
        long m = U64.le(granule, g) ? step : Long.divideUnsigned(step, g);
        if (U64.lt(g, granule) && U64.lt(Long.divideUnsigned(U64.MAX, granule), m)) {
            throw InputException.option("--granule", "the granule and the preset's RAM step " + SizeText.of(step) + " have no common multiple below 2^64");
        }
        return U64.lt(g, granule) ? m * granule : step;
    }

    /** The smallest multiple of {@code step} at or above v, or {@code otherwise} when it passes 2^64 - 1. */
    private static long roundUp(long v, long step, long otherwise) {
        long r = Long.remainderUnsigned(v, step);
        if (r == 0) {
            return v;
        }
        return U64.addFits(v, step - r) ? v + (step - r) : otherwise;
    }

    private static boolean noneGiven(Map<String, String> settings, BankSet set) {
        for (int i = 0; i < set.count(); i++) {
            if (settings.containsKey(set.key(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * All banks at once: host exclusions and the guest's fixed regions become the windows of a several-bank placement that
     * every confirming engine answers; decided answers must agree (verdict and vector). FOUND becomes the bank settings and
     * is confirmed like every other layout; INFEASIBLE names the minimal blocking set (the SAT engine's when it ran).
     */
    private static PlanResult placeBanks(Preset p, Map<String, String> s, long ram, BankSet set, Target t) throws InputException {
        for (GuestRegion g : set.fixed()) {
            if (!g.kind().dmaMapped(t.p2p())) {
                continue;
            }
            Optional<Conflict> hit = t.index().firstConflict(List.of(g));
            if (hit.isPresent()) {
                return new PlanResult(Verdict.INFEASIBLE, ram, null, s, null, null, null, List.of(hit.get().reserved()),
                        List.of("the guest's fixed " + g.kind().label() + " region '" + g.name() + "' " + g.range()
                                + " is DMA-mapped and no placement of the banks moves it"), List.of());
            }
        }
        List<ReservedRegion> forbidden = new ArrayList<>(t.exclusions());
        for (GuestRegion g : set.fixed()) {
            forbidden.add(new ReservedRegion(g.range(), RegionType.RESERVED, null, "guest " + g.kind().label() + " '" + g.name() + "'", Source.BUILTIN));
        }
        if (U64.lt(set.maxEnd(), set.minBase())) {
            throw InputException.option("ram", "no room for the banks");
        }
        MultiPlaceQuery q;
        try {
            q = new MultiPlaceQuery(set.count(), set.length(), Long.numberOfTrailingZeros(set.align()), new Range(set.minBase(), set.maxEnd()), forbidden);
        } catch (IllegalArgumentException e) {
            throw InputException.option("ram", e.getMessage());
        }
        List<BanksAnswer> answers = new ArrayList<>();
        for (Engine e : t.confirm()) {
            try {
                answers.add(e.placeBanks(q, t.budget()));
            } catch (UnsupportedOperationException x) {
                continue;
            }
        }
        BanksAnswer decided = null;
        for (BanksAnswer a : answers) {
            if (a.verdict() == Verdict.UNKNOWN) {
                continue;
            }
            if (decided == null) {
                decided = a;
            } else if (a.verdict() != decided.verdict() || !a.bases().equals(decided.bases())) {
                throw new IllegalStateException("engines disagree on placing " + set.count() + " banks: " + decided.engine() + " "
                        + decided.verdict() + " " + hex(decided.bases()) + ", " + a.engine() + " " + a.verdict() + " " + hex(a.bases()) + " (" + q + ")");
            }
        }
        List<String> evidence = new ArrayList<>();
        for (BanksAnswer a : answers) {
            evidence.add(String.format(java.util.Locale.ROOT, "%s: %s in %.1f ms", a.engine(), a.verdict(), a.stats().millis())
                    + (a.bases().isEmpty() ? "" : " at " + hex(a.bases())) + "; " + String.join("; ", a.evidence()));
        }
        if (decided == null) {
            return unknown(ram, evidence);
        }
        if (decided.verdict() == Verdict.FOUND) {
            Map<String, String> c = new LinkedHashMap<>(s);
            for (int i = 0; i < set.count(); i++) {
                c.put(set.key(i), U64.shortHex(decided.bases().get(i)));
            }
            return found(p, c, ram, t, null, null, evidence);
        }
        BanksAnswer core = answers.stream().filter(a -> a.verdict() == Verdict.INFEASIBLE && a.engine().equals("sat")).findFirst().orElse(decided);
        List<String> limits = new ArrayList<>();
        for (PlaceQuery.Limit l : core.blockingLimits()) {
            limits.add(l == PlaceQuery.Limit.LOWEST_BASE ? "bank bases may not be below " + U64.shortHex(set.minBase()) + " (" + set.meaning() + ")"
                    : "banks may not end above " + U64.shortHex(set.maxEnd()) + " (" + set.meaning() + ")");
        }
        limits.add(set.count() + " bank(s) of " + SizeText.of(set.length()) + " each, " + SizeText.of(set.align()) + "-aligned, none overlapping another");
        return new PlanResult(Verdict.INFEASIBLE, ram, null, s, null, null, null, core.blockingWindows(), limits, evidence);
    }

    private static String hex(List<Long> bases) {
        return bases.stream().map(U64::shortHex).toList().toString();
    }

    private static PlanResult found(Preset p, Map<String, String> s, long ram, Target t, CheckOutcome more, String refusal, List<String> evidence)
            throws InputException {
        GuestLayout l = p.layout(new PresetArgs(s));
        CheckOutcome confirm = CheckRunner.run(query(l, t), t.confirm(), t.budget());
        if (confirm.verdict() == Verdict.UNKNOWN) {
            return unknown(ram, List.of("the confirming check ran out of budget"));
        }
        if (confirm.verdict() != Verdict.SAFE) {
            throw new IllegalStateException("the layout found for " + p.name() + " does not re-check as SAFE: " + confirm.verdict());
        }
        return new PlanResult(Verdict.FOUND, ram, l, s, confirm, more, refusal, List.of(), List.of(), evidence);
    }

    private static CheckOutcome judge(Preset p, Map<String, String> s, Target t, List<Engine> engines) throws InputException {
        GuestLayout l = p.layout(new PresetArgs(s));
        if (engines == t.search()) {
            return indexed(l, t);
        }
        return CheckRunner.run(query(l, t), engines, t.budget());
    }

    /** A search-phase judgement from the exclusion index: SAFE, or UNSAFE with the first conflict (confirmed answers use the engines). */
    private static CheckOutcome indexed(GuestLayout l, Target t) {
        if (t.budget().expired()) {
            return new CheckOutcome(Verdict.UNKNOWN, List.of(), List.of(), List.of());
        }
        Optional<Conflict> hit = t.index().firstConflict(l.mapped(t.p2p()));
        return new CheckOutcome(hit.isPresent() ? Verdict.UNSAFE : Verdict.SAFE, hit.map(List::of).orElse(List.of()), List.of(), List.of());
    }

    static PlanResult unknown(long ram, List<String> evidence) {
        return new PlanResult(Verdict.UNKNOWN, ram, null, Map.of(), null, null, null, List.of(), List.of(), evidence);
    }

    private static PlanResult unassignable(long ram, Target t) {
        List<String> limits = new ArrayList<>();
        List<ReservedRegion> rs = new ArrayList<>();
        for (Blocker b : t.blockers()) {
            limits.add(b.reason());
            rs.add(b.region());
        }
        return new PlanResult(Verdict.INFEASIBLE, ram, null, Map.of(), null, null, null, rs, limits, List.of("no layout can help: the device cannot be assigned"));
    }

    private static void validateKeys(Preset p, Map<String, String> settings) throws InputException {
        Set<String> known = new LinkedHashSet<>();
        for (PresetParam pp : p.params()) {
            known.add(pp.key());
        }
        for (String k : settings.keySet()) {
            if (!p.takesKey(k)) {
                throw InputException.option("--set " + k, "preset " + p.name() + " has no parameter '" + k + "' (it takes: " + String.join(", ", known) + ")");
            }
        }
    }

    private static CheckQuery query(GuestLayout l, Target t) {
        return new CheckQuery(l.mapped(t.p2p()), t.exclusions(), t.blockers());
    }

    static Map<String, String> with(Map<String, String> s, String k, String v) {
        Map<String, String> m = new LinkedHashMap<>(s);
        m.put(k, v);
        return m;
    }
}
