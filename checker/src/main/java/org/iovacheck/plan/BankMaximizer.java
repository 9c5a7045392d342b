package org.iovacheck.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iovacheck.engine.CheckOutcome;
import org.iovacheck.engine.CheckRunner;
import org.iovacheck.engine.Verdict;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;
import org.iovacheck.preset.BankSet;
import org.iovacheck.preset.Knob;
import org.iovacheck.preset.MovableBank;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.preset.SizeText;

/**
 * Stateless; the largest safe RAM for presets whose RAM banks move (kvmtool's -m SIZE@ADDR, the free guest's bank bases and
 * count), over every base and every count the user left free. Sizes that fit are downward closed (a bank that fits at a base
 * still fits there smaller), and K banks of length L fit exactly when the gaps the windows leave hold K aligned slots of L
 * ({@link BankGaps}); so for each count the largest length is bisected exactly, the best is placed by the engines and
 * confirmed, and for one bank the engines also answer INFEASIBLE one step above (the SAT engine with its checked proof).
 */
final class BankMaximizer {
    /** Up to this many banks the engines also place the banks one step above the maximum (which must be INFEASIBLE). */
    static final int ENGINE_ONE_MORE_BANKS = 4;

    private BankMaximizer() {
    }

    /** One movable bank (kvmtool): the longest aligned run of a gap, in multiples of the granule. */
    static PlanResult bank(Preset p, Map<String, String> settings, long granule, MovableBank bank, Target t) throws InputException {
        long step = FixedMaximizer.commonMultiple(granule, p.ramStep(settings));
        Map<String, String> probe = Planner.with(settings, "ram", Long.toUnsignedString(step));
        List<GuestRegion> fixed = BankPlacement.fixedRegions(p, probe);
        PlanResult stuck = BankPlacement.fixedConflict(p, fixed, settings, step, t);
        if (stuck != null) {
            return stuck;
        }
        BankGaps gaps = BankGaps.of(bank.minBase(), bank.maxEnd(), bank.align(), BankPlacement.forbidden(t, fixed));
        long best = gaps.largestLength(step, 1);
        String argument = "every " + SizeText.of(bank.align()) + "-aligned base of " + bank.key() + " from " + U64.shortHex(bank.minBase())
                + " with the bank ending at or below " + U64.shortHex(bank.maxEnd()) + " (" + bank.meaning() + "): the " + gaps.count()
                + " gap(s) the host windows and the guest's fixed regions leave were measured";
        if (best == 0) {
            PlanResult r = BankPlacement.placeBank(p, probe, step, bank, fixed, t);
            return infeasible(p, r, step, argument + "; none holds " + SizeText.of(step) + ", the smallest size, so no size fits at any base");
        }
        PlanResult r = BankPlacement.placeBank(p, Planner.with(settings, "ram", Long.toUnsignedString(best)), best, bank, fixed, t);
        return maximum(p, settings, granule, step, r, best, argument + "; the longest holds " + SizeText.of(best)
                + " in " + SizeText.of(step) + " steps", t, () -> BankPlacement.placeBank(p, Planner.with(settings, "ram",
                Long.toUnsignedString(best + step)), best + step, bank, fixed, t));
    }

    /** Several movable banks (the free guest): every count the user left free, each with its largest bank length. */
    static PlanResult banks(Preset p, Map<String, String> settings, long granule, Target t) throws InputException {
        Optional<Knob> countKnob = p.bankCount().filter(k -> !settings.containsKey(k.key()));
        long[] counts;
        if (countKnob.isPresent()) {
            Knob k = countKnob.get();
            counts = new long[(int) k.count()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = k.min() + i * k.step();
            }
        } else {
            counts = new long[] {p.movableBanks(Planner.with(settings, "ram", Long.toUnsignedString(p.ramStep(settings)))).orElseThrow().count()};
        }
        long bestRam = 0;
        long bestCount = 0;
        long bestStep = 0;
        BankSet shape = null;
        List<String> judged = new ArrayList<>();
        for (long k : counts) {
            Map<String, String> c = countKnob.isPresent() ? Planner.with(settings, countKnob.get().key(), Long.toString(k)) : settings;
            long unit = p.ramStep(c);
            BankSet set = p.movableBanks(Planner.with(c, "ram", Long.toUnsignedString(unit))).orElseThrow();
            if (shape == null) {
                shape = set;
                PlanResult stuck = BankPlacement.fixedConflict(p, set.fixed(), settings, unit, t);
                if (stuck != null) {
                    return stuck;
                }
            }
            long ramStep = FixedMaximizer.commonMultiple(granule, unit);
            long lenStep = Long.divideUnsigned(ramStep, k);
            BankGaps gaps = BankGaps.of(set.minBase(), set.maxEnd(), set.align(), BankPlacement.forbidden(t, set.fixed()));
            long len = gaps.largestLength(lenStep, k);
            judged.add(k + "x" + SizeText.of(len));
            if (len != 0 && U64.lt(bestRam, k * len)) {
                bestRam = k * len;
                bestCount = k;
                bestStep = lenStep;
            }
        }
        String names = countKnob.map(k -> k.key() + " from " + k.min() + " to " + k.max() + " (" + counts.length + " counts)").orElse(counts[0] + " bank(s)");
        String argument = "every base of every bank and " + names + " judged by the gaps the windows leave (" + shape.meaning()
                + "); the largest bank length for each count: " + String.join(", ", judged);
        Map<String, String> withCount = countKnob.isPresent() && bestCount != 0 ? Planner.with(settings, countKnob.get().key(), Long.toString(bestCount)) : settings;
        if (bestRam == 0) {
            long unit = FixedMaximizer.commonMultiple(granule, p.ramStep(settings));
            Map<String, String> s = Planner.with(settings, "ram", Long.toUnsignedString(unit));
            PlanResult r = BankPlacement.placeBanks(p, s, unit, p.movableBanks(s).orElseThrow(), t);
            PlanResult out = infeasible(p, r, unit, argument + "; no count fits even its smallest bank length");
            if (out.verdict() == Verdict.INFEASIBLE && counts.length > 1) {
                return new PlanResult(out.verdict(), out.ram(), null, out.settings(), null, null, null, BankPlacement.windowsIn(t, shape), out.limits(),
                        out.evidence());
            }
            return out;
        }
        long ram = bestRam;
        long count = bestCount;
        long lenStep = bestStep;
        Map<String, String> s = Planner.with(withCount, "ram", Long.toUnsignedString(ram));
        PlanResult r = BankPlacement.placeBanks(p, s, ram, p.movableBanks(s).orElseThrow(), t);
        long ramStep = lenStep * count;
        return maximum(p, withCount, granule, ramStep, r, ram, argument + "; the most RAM is " + count + " bank(s) of " + SizeText.of(Long.divideUnsigned(ram, count)), t,
                count > ENGINE_ONE_MORE_BANKS || !U64.addFits(ram, ramStep) ? null : () -> {
                    Map<String, String> m = Planner.with(withCount, "ram", Long.toUnsignedString(ram + ramStep));
                    return BankPlacement.placeBanks(p, m, ram + ramStep, p.movableBanks(m).orElseThrow(), t);
                });
    }

    /** The engines' placement one step above the maximum, which must not be FOUND. */
    @FunctionalInterface
    private interface OneMore {
        PlanResult place() throws InputException;
    }

    private static PlanResult infeasible(Preset p, PlanResult engines, long smallest, String argument) {
        if (engines.verdict() == Verdict.FOUND) {
            throw new IllegalStateException(p.name() + ": the gaps hold no bank of " + SizeText.of(smallest) + ", but the engines place one at "
                    + engines.settings());
        }
        if (engines.verdict() == Verdict.UNKNOWN) {
            return engines;
        }
        List<String> limits = new ArrayList<>(engines.limits());
        limits.add(argument);
        return new PlanResult(Verdict.INFEASIBLE, smallest, null, engines.settings(), null, null, null, engines.blocking(), limits, engines.evidence());
    }

    private static PlanResult maximum(Preset p, Map<String, String> settings, long granule, long step, PlanResult placed, long best, String argument,
                                      Target t, OneMore above) throws InputException {
        if (placed.verdict() == Verdict.UNKNOWN) {
            return placed;
        }
        if (placed.verdict() != Verdict.FOUND) {
            throw new IllegalStateException(p.name() + ": the gaps hold " + SizeText.of(best) + ", but the engines answer " + placed.verdict());
        }
        List<String> evidence = new ArrayList<>(placed.evidence());
        evidence.add(argument);
        if (above != null && U64.addFits(best, step)) {
            PlanResult more = above.place();
            if (more.verdict() == Verdict.FOUND) {
                throw new IllegalStateException(p.name() + ": " + SizeText.of(best + step) + " is placed by the engines at " + more.settings()
                        + ", above the largest size the gaps hold");
            }
            if (more.verdict() == Verdict.UNKNOWN) {
                return Planner.unknown(best, List.of("budget exhausted while the engines placed one step above " + SizeText.of(best)));
            }
            evidence.add("one step above, " + SizeText.of(best + step) + ": INFEASIBLE at every base (" + String.join("; ", more.evidence()) + ")");
        }
        CheckOutcome oneMore = null;
        String refusal = null;
        Map<String, String> next = Planner.with(placed.settings(), "ram", Long.toUnsignedString(best + granule));
        if (!U64.addFits(best, granule)) {
            refusal = "RAM sizes past 2^64 do not exist";
        } else {
            try {
                GuestLayout l = p.layout(new PresetArgs(next));
                oneMore = CheckRunner.run(Planner.query(l, t), t.confirm(), t.budget());
                if (oneMore.verdict() == Verdict.SAFE) {
                    throw new IllegalStateException(p.name() + ": one granule above the largest safe RAM is safe at the same base(s)");
                }
            } catch (InputException | ArithmeticException e) {
                refusal = e instanceof InputException ie ? ie.problem() : "the layout would pass the end of the 64-bit address space";
            }
        }
        return new PlanResult(Verdict.FOUND, best, placed.layout(), placed.settings(), placed.confirm(), oneMore, refusal, List.of(), List.of(), evidence);
    }
}
