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
 * Stateless; place for presets with movable RAM banks: one bank (kvmtool's -m SIZE@ADDR) or several (the free guest) as a
 * placement question every confirming engine answers; decided answers must agree.
 */
final class BankPlacement {
    private BankPlacement() {
    }

    /** The regions of a one-bank preset's layout other than RAM and hot-plug memory: they stay where they are whatever the base. */
    static List<GuestRegion> fixedRegions(Preset p, Map<String, String> s) throws InputException {
        GuestLayout probe = p.layout(new PresetArgs(s));
        return probe.regions().stream().filter(g -> g.kind() != GuestKind.RAM && g.kind() != GuestKind.HOTPLUG).toList();
    }

    /**
     * One movable bank of exactly {@code ram} bytes as a single-block placement every confirming engine answers: FOUND at the
     * lowest safe base, INFEASIBLE with the minimal blocking set (the SAT engine's, with its checked proof, when it ran).
     */
    static PlanResult placeBank(Preset p, Map<String, String> s, long ram, MovableBank bank, Target t) throws InputException {
        return placeBank(p, s, ram, bank, fixedRegions(p, s), t);
    }

    /** As above, with the regions that stay put already known (they do not depend on the RAM size). */
    static PlanResult placeBank(Preset p, Map<String, String> s, long ram, MovableBank bank, List<GuestRegion> fixed, Target t)
            throws InputException {
        PlanResult stuck = fixedConflict(p, fixed, s, ram, t);
        if (stuck != null) {
            return stuck;
        }
        List<ReservedRegion> forbidden = forbidden(t, fixed);
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
            return Planner.unknown(ram, evidence);
        }
        if (decided.verdict() == Verdict.FOUND) {
            Map<String, String> c = Planner.with(s, bank.key(), U64.shortHex(decided.block().get().first()));
            return Planner.found(p, c, ram, t, null, null, evidence);
        }
        PlaceAnswer core = answers.stream().filter(a -> a.verdict() == Verdict.INFEASIBLE && a.engine().equals("sat")).findFirst().orElse(decided);
        List<String> limits = new ArrayList<>();
        for (PlaceQuery.Limit l : core.blockingLimits()) {
            limits.add(l == PlaceQuery.Limit.LOWEST_BASE ? bank.key() + " may not be below " + U64.shortHex(bank.minBase()) + " (" + bank.meaning() + ")"
                    : "the bank may not end above " + U64.shortHex(bank.maxEnd()) + " (" + bank.meaning() + ")");
        }
        return new PlanResult(Verdict.INFEASIBLE, ram, null, s, null, null, null, core.blockingWindows(), limits, evidence);
    }



    /**
     * True when the user gave every bank base (and the count, when the count is a choice): the layout is then fixed. False when
     * the user gave none; an input error when only some are given (place chooses the bases it is not given all at once).
     */
    static boolean basesGiven(Preset p, Map<String, String> settings, BankSet set) throws InputException {
        boolean any = settings.keySet().stream().anyMatch(k -> k.startsWith(set.keyPrefix()) && k.substring(set.keyPrefix().length()).matches("[0-9]+"));
        if (!any) {
            return false;
        }
        int given = 0;
        for (int i = 0; i < set.count(); i++) {
            given += settings.containsKey(set.key(i)) ? 1 : 0;
        }
        Optional<Knob> count = p.bankCount();
        if (given < set.count() || count.isPresent() && !settings.containsKey(count.get().key())) {
            throw InputException.option("--set " + set.key(0), "give every bank base (" + set.key(0) + ".." + set.key(set.count() - 1) + ")"
                    + (count.isPresent() ? " and " + count.get().key() + "=K" : "") + " or none: place chooses all the bases it is not given");
        }
        return true;
    }

    /**
     * Movable banks with exactly {@code ram} bytes: every bank count the user left free is judged by the capacity of the gaps
     * (exact arithmetic, see {@link BankGaps}); the smallest count that fits is placed by the engines. INFEASIBLE lists every
     * count judged; with a single count possible it is the engines' answer (the SAT engine's with its checked proof).
     */
    static PlanResult placeCounted(Preset p, Map<String, String> settings, long ram, Target t) throws InputException {
        Map<String, String> s = Planner.with(settings, "ram", Long.toUnsignedString(ram));
        Optional<Knob> count = p.bankCount().filter(k -> !settings.containsKey(k.key()));
        if (count.isEmpty()) {
            return placeBanks(p, s, ram, p.movableBanks(s).orElseThrow(), t);
        }
        BankSet one = p.movableBanks(s).orElseThrow();
        List<ReservedRegion> forbidden = forbidden(t, one.fixed());
        BankGaps gaps = BankGaps.of(one.minBase(), one.maxEnd(), one.align(), forbidden);
        long divisible = 0;
        List<String> judged = new ArrayList<>();
        for (long k = count.get().min(); U64.le(k, count.get().max()); k += count.get().step()) {
            long len = Long.divideUnsigned(ram, k);
            if (Long.remainderUnsigned(ram, k) != 0 || len == 0 || Long.remainderUnsigned(len, one.align()) != 0) {
                continue;
            }
            divisible++;
            long fits = gaps.capacity(len, k);
            if (fits >= k) {
                Map<String, String> c = Planner.with(s, count.get().key(), Long.toString(k));
                PlanResult r = placeBanks(p, c, ram, p.movableBanks(c).orElseThrow(), t);
                if (r.verdict() == Verdict.INFEASIBLE) {
                    throw new IllegalStateException(p.name() + ": " + k + " bank(s) of " + SizeText.of(len) + " fit in the gaps by count, but the "
                            + "engines answer INFEASIBLE");
                }
                List<String> ev = new ArrayList<>(r.evidence());
                ev.add(count.get().key() + " judged from " + count.get().min() + ": " + divisible + " count(s) divide " + SizeText.of(ram)
                        + " into " + SizeText.of(one.align()) + "-aligned banks; " + k + " is the smallest whose banks fit in the " + gaps.count() + " gap(s)");
                return new PlanResult(r.verdict(), r.ram(), r.layout(), r.settings(), r.confirm(), r.oneMore(), r.oneMoreRefusal(), r.blocking(),
                        r.limits(), ev);
            }
            judged.add(k + "x" + SizeText.of(len) + ": " + fits);
        }
        PlanResult single = placeBanks(p, s, ram, one, t);
        if (single.verdict() != Verdict.INFEASIBLE || divisible <= 1) {
            return single;
        }
        List<String> limits = new ArrayList<>(single.limits());
        limits.add("every " + count.get().key() + " from " + count.get().min() + " to " + count.get().max() + " judged: " + divisible
                + " count(s) divide " + SizeText.of(ram) + " into " + SizeText.of(one.align()) + "-aligned banks, and for none do that many banks fit"
                + " in the " + gaps.count() + " gap(s) the windows leave (count x length: banks that fit) " + String.join(", ", judged));
        return new PlanResult(Verdict.INFEASIBLE, ram, null, s, null, null, null, windowsIn(t, one), limits, single.evidence());
    }

    /** The host windows that meet the banks' allowed range: together they leave no room (used when several counts were judged). */
    static List<ReservedRegion> windowsIn(Target t, BankSet set) {
        Range allowed = new Range(set.minBase(), set.maxEnd());
        return t.exclusions().stream().filter(w -> w.range().overlaps(allowed)).toList();
    }

    /** The host exclusions plus the guest's own fixed regions, which no bank may overlap. */
    static List<ReservedRegion> forbidden(Target t, List<GuestRegion> fixed) {
        List<ReservedRegion> out = new ArrayList<>(t.exclusions());
        for (GuestRegion g : fixed) {
            out.add(new ReservedRegion(g.range(), RegionType.RESERVED, null, "guest " + g.kind().label() + " '" + g.name() + "'", Source.BUILTIN));
        }
        return out;
    }

    /**
     * A fixed guest region that is DMA-mapped and meets a host exclusion, judged by the confirming engines (no placement of the
     * banks moves it): INFEASIBLE naming it, UNKNOWN when the engines ran out of budget, or null when none does.
     */
    static PlanResult fixedConflict(Preset p, List<GuestRegion> fixed, Map<String, String> s, long ram, Target t) {
        List<GuestRegion> mapped = fixed.stream().filter(g -> g.kind().dmaMapped(t.p2p())).toList();
        if (mapped.isEmpty() || t.index().firstConflict(mapped).isEmpty()) {
            return null;
        }
        CheckOutcome o = CheckRunner.run(new CheckQuery(mapped, t.exclusions(), List.of()), t.confirm(), t.budget());
        if (o.verdict() == Verdict.UNKNOWN) {
            return Planner.unknown(ram, List.of("the confirming check of the guest's fixed regions ran out of budget"));
        }
        if (o.verdict() != Verdict.UNSAFE) {
            throw new IllegalStateException(p.name() + ": the exclusion index finds a fixed region in conflict, the engines say " + o.verdict());
        }
        Conflict c = o.conflicts().get(0);
        return new PlanResult(Verdict.INFEASIBLE, ram, null, s, null, null, null, List.of(c.reserved()),
                List.of("the guest's fixed " + c.guest().kind().label() + " region '" + c.guest().name() + "' " + c.guest().range()
                        + " is DMA-mapped and no placement of the RAM moves it"), List.of("confirmed by check: " + o.verdict()));
    }

    /**
     * All banks at once: host exclusions and the guest's fixed regions become the windows of a several-bank placement that
     * every confirming engine answers; decided answers must agree (verdict and vector). FOUND becomes the bank settings and
     * is confirmed like every other layout; INFEASIBLE names the minimal blocking set (the SAT engine's when it ran).
     */
    static PlanResult placeBanks(Preset p, Map<String, String> s, long ram, BankSet set, Target t) throws InputException {
        PlanResult stuck = fixedConflict(p, set.fixed(), s, ram, t);
        if (stuck != null) {
            return stuck;
        }
        List<ReservedRegion> forbidden = forbidden(t, set.fixed());
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
            return Planner.unknown(ram, evidence);
        }
        if (decided.verdict() == Verdict.FOUND) {
            Map<String, String> c = new LinkedHashMap<>(s);
            for (int i = 0; i < set.count(); i++) {
                c.put(set.key(i), U64.shortHex(decided.bases().get(i)));
            }
            return Planner.found(p, c, ram, t, null, null, evidence);
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
}
