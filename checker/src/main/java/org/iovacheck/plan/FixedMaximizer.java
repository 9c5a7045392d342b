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
 * Stateless; the largest safe RAM with every setting fixed (no knob turned): bisection where layouts nest in RAM (see
 * {@link RamBisection}), otherwise a scan of every size, and what the VMM accepts or refuses at a size.
 */
final class FixedMaximizer {
    private FixedMaximizer() {
    }

    /** How many of the smallest RAM sizes {@link #acceptedRange} tries for the smallest the preset accepts. */
    static final int PROBE = 4096;

    /** The largest RAM, a multiple of {@code granule}, whose layout is safe with these settings (knobs not turned). */
    static PlanResult maximizeFixed(Preset p, Map<String, String> settings, long granule, Target t) throws InputException {
        long userGranule = granule;
        granule = commonMultiple(granule, p.ramStep(settings));
        long[] accepted = acceptedRange(p, settings, granule);
        long cap = U64.alignDown(p.ramCeiling(settings), granule);
        boolean nested = p.nestedInRam(settings) && !t.p2p();
        if (accepted == null && (nested || cap == 0)) {
            String why = refusal(p, Planner.with(settings, "ram", "0"), granule);
            if (U64.lt(granule, 1L << 52)) {
                return Planner.unknown(0, List.of(p.name() + " accepts none of the first " + PROBE + " RAM sizes that are multiples of "
                        + SizeText.of(granule) + " with these settings" + (why == null ? "" : " (at " + SizeText.of(granule) + ": " + why + ")")
                        + "; larger sizes were not judged"));
            }
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
            RamBisection.Largest l = RamBisection.bisectSplit(p, settings, granule, cap, shrinking.get(), t);
            if (l.verdict() == Verdict.UNKNOWN) {
                return Planner.unknown(l.ram(), List.of(l.note()));
            }
            if (l.verdict() == Verdict.INFEASIBLE) {
                return new PlanResult(Verdict.INFEASIBLE, granule, null, settings, null, null, null, l.blocking(), List.of(l.note()), List.of());
            }
            best = l.ram();
            hi = cap;
            evidence.add(l.note());
        } else if (nested) {
            RamBisection.Largest l = RamBisection.bisect(p, settings, granule, lo, hi, t);
            if (l.verdict() == Verdict.UNKNOWN) {
                return Planner.unknown(l.ram(), List.of(l.note()));
            }
            if (l.verdict() == Verdict.INFEASIBLE) {
                return new PlanResult(Verdict.INFEASIBLE, lo, null, settings, null, null, null, l.blocking(), List.of(l.note()), List.of());
            }
            best = l.ram();
            evidence.add(l.note());
        } else if (affine(p, settings, granule).isPresent()) {
            RamBisection.Largest l = RamEvents.largest(p, settings, granule, hi, affine(p, settings, granule).get(), 0, t);
            if (l.verdict() == Verdict.UNKNOWN) {
                return Planner.unknown(0, List.of(l.note()));
            }
            if (l.verdict() == Verdict.INFEASIBLE) {
                return new PlanResult(Verdict.INFEASIBLE, granule, null, settings, null, null, null, l.blocking(), List.of(l.note()), List.of());
            }
            best = l.ram();
            evidence.add(l.note());
        } else {
            long r = hi;
            long tried = 0;
            long refused = 0;
            List<ReservedRegion> lastHit = List.of();
            while (true) {
                if (++tried > Planner.MAX_CANDIDATES || t.budget().expired()) {
                    return Planner.unknown(r, List.of("scanned " + (tried - 1) + " RAM sizes downward from " + SizeText.of(hi)
                            + " without a safe one; these settings do not let RAM sizes be bisected (" + p.name() + " layouts do not nest)"));
                }
                CheckOutcome o = accepts(p, settings, r) ? Planner.judge(p, Planner.with(settings, "ram", Long.toUnsignedString(r)), t, t.search()) : null;
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
            more = Planner.judge(p, Planner.with(settings, "ram", Long.toUnsignedString(best + granule)), t, t.confirm());
            if (more.verdict() == Verdict.SAFE) {
                throw new IllegalStateException("one granule above the largest safe RAM is safe too: the search missed it (" + p.name() + ")");
            }
        } else {
            refusal = refusal(p, Planner.with(settings, "ram", Long.toUnsignedString(best)), granule);
        }
        if (granule != userGranule) {
            evidence.add(p.name() + " takes RAM in multiples of " + SizeText.of(p.ramStep(settings)) + ", so sizes were stepped by "
                    + SizeText.of(granule));
            String own = refusal(p, Planner.with(settings, "ram", Long.toUnsignedString(best)), userGranule);
            if (own != null) {
                refusal = own + (more == null ? "" : "; the next size it takes, " + SizeText.of(best + granule) + ", is " + more.verdict()
                        + (more.conflicts().isEmpty() ? "" : " (" + more.conflicts().get(0).guest().name() + " meets "
                        + more.conflicts().get(0).reserved().range() + ")"));
                more = null;
            }
        }
        return Planner.found(p, Planner.with(settings, "ram", Long.toUnsignedString(best)), best, t, more, refusal, evidence);
    }

    /** The preset's affine pieces for these settings when the granule is a multiple of their grain, else empty. */
    static Optional<org.iovacheck.preset.RamPieces> affine(Preset p, Map<String, String> settings, long granule) {
        return p.affinePieces(settings).filter(a -> Long.remainderUnsigned(granule, a.grain()) == 0);
    }

    static String refusal(Preset p, Map<String, String> s, long granule) {
        long r = Long.parseUnsignedLong(s.get("ram"));
        if (!U64.addFits(r, granule)) {
            return "RAM sizes past 2^64 do not exist";
        }
        try {
            p.layout(new PresetArgs(Planner.with(s, "ram", Long.toUnsignedString(r + granule))));
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
        for (int i = 0; i < PROBE; i++) {
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

    static boolean accepts(Preset p, Map<String, String> s, long ram) {
        try {
            p.layout(new PresetArgs(Planner.with(s, "ram", Long.toUnsignedString(ram))));
            return true;
        } catch (InputException | ArithmeticException e) {
            return false;
        }
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

}
