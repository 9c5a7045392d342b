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

/** Stateless; place with the knobs the user left free: every setting judged in preference order, and a minimal blocking set when none is safe. */
final class KnobSearch {
    private KnobSearch() {
    }

    /** place with the settings as given, turning every free knob: FOUND at the first safe setting in preference order, INFEASIBLE when none is. */
    static PlanResult place(Preset p, Map<String, String> settings, long ram, Target t) throws InputException {
        Map<String, String> s = Planner.with(settings, "ram", Long.toUnsignedString(ram));
        List<Knob> free = p.knobs().stream().filter(k -> !settings.containsKey(k.key())).toList();
        Search first = search(p, s, free, t);
        if (first.found != null) {
            return Planner.found(p, first.found, ram, t, null, null, first.evidence);
        }
        if (first.exhausted) {
            return Planner.unknown(ram, first.evidence);
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
        if (total < 0 || total > Planner.MAX_CANDIDATES) {
            out.exhausted = true;
            out.evidence.add("the freedom has " + (total < 0 ? "too many" : Long.toString(total)) + " settings, more than the " + Planner.MAX_CANDIDATES + " a search may try");
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
}
