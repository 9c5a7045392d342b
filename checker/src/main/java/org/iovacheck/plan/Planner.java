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
 * Searches a preset's freedom for a safe layout: the entry points of place and place --maximize. Every candidate layout is
 * built by the preset's own rules; what is reported FOUND is re-checked by the confirming engines, and what is reported
 * INFEASIBLE holds over the whole freedom (every knob value, every base of a movable bank, every bank count), backed by the
 * certificate docs/engines.md lists for its path.
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
        Optional<BankSet> banks = p.movableBanks(s);
        if (banks.isPresent() && !BankPlacement.basesGiven(p, settings, banks.get())) {
            return BankPlacement.placeCounted(p, settings, ram, t);
        }
        Optional<MovableBank> bank = p.movableBank(s);
        if (bank.isPresent() && !settings.containsKey(bank.get().key())) {
            return BankPlacement.placeBank(p, s, ram, bank.get(), t);
        }
        return KnobSearch.place(p, settings, ram, t);
    }

    /**
     * The largest RAM, a multiple of {@code granule}, with a safe layout over the whole freedom the user left: every base of
     * movable banks and every bank count ({@link BankMaximizer}), or every value of the free knobs ({@link KnobMaximizer});
     * with nothing free, the settings as given ({@link FixedMaximizer}).
     */
    public static PlanResult maximize(Preset p, Map<String, String> settings, long granule, Target t) throws InputException {
        validateKeys(p, settings);
        if (settings.containsKey("ram")) {
            throw InputException.option("--maximize", "give either a RAM size or --maximize ram, not both");
        }
        if (!t.blockers().isEmpty()) {
            return unassignable(0, t);
        }
        Map<String, String> probe = with(settings, "ram", Long.toUnsignedString(U64.max(1, p.ramStep(settings))));
        Optional<BankSet> banks = p.movableBanks(probe);
        if (banks.isPresent() && !BankPlacement.basesGiven(p, settings, banks.get())) {
            return BankMaximizer.banks(p, settings, granule, t);
        }
        Optional<MovableBank> bank = p.movableBank(probe);
        if (bank.isPresent() && !settings.containsKey(bank.get().key())) {
            return BankMaximizer.bank(p, settings, granule, bank.get(), t);
        }
        if (FirmwareMaximizer.applies(p, settings, t)) {
            return FirmwareMaximizer.maximize(p, settings, granule, t);
        }
        PlanResult plain = FixedMaximizer.maximizeFixed(p, settings, granule, t);
        List<Knob> free = p.knobs().stream().filter(k -> !settings.containsKey(k.key())).toList();
        if (free.isEmpty() || plain.verdict() == Verdict.UNKNOWN) {
            return plain;
        }
        return KnobMaximizer.turn(p, settings, granule, t, free, plain);
    }

    static PlanResult found(Preset p, Map<String, String> s, long ram, Target t, CheckOutcome more, String refusal, List<String> evidence)
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

    static CheckOutcome judge(Preset p, Map<String, String> s, Target t, List<Engine> engines) throws InputException {
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

    static CheckQuery query(GuestLayout l, Target t) {
        return new CheckQuery(l.mapped(t.p2p()), t.exclusions(), t.blockers());
    }

    static Map<String, String> with(Map<String, String> s, String k, String v) {
        Map<String, String> m = new LinkedHashMap<>(s);
        m.put(k, v);
        return m;
    }
}
