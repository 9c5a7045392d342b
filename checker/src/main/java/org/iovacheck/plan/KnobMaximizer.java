package org.iovacheck.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.iovacheck.engine.Verdict;
import org.iovacheck.format.InputException;
import org.iovacheck.model.U64;
import org.iovacheck.preset.Knob;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.SizeText;

/**
 * Stateless; the largest safe RAM over every setting of the knobs the user left free. Each setting whose layouts nest in RAM
 * is bisected by the exclusion index, each whose layouts are affine in RAM piece by piece is searched exactly at its event
 * points ({@link RamEvents}), only above the best RAM found so far (branch and bound); the best one is maximised again as a plain setting (so its layout is confirmed by the
 * engines), and one granule above it every setting is judged once more, none of which may be safe.
 */
final class KnobMaximizer {
    /** How many knob settings one maximisation bisects; beyond that the knobs keep the user's or the VMM's values. */
    static final long MAX_SETTINGS = 8_192;

    /**
     * For layouts bisected piece by piece (a hot-plug area) that declare no affine pieces (q35/pc with ivshmem or firmware
     * parameters): at most this many settings times pieces. Affine pieces ({@link RamEvents}) have no such limit.
     */
    static final long MAX_PIECE_SETTINGS = 200_000;

    private KnobMaximizer() {
    }

    static PlanResult turn(Preset p, Map<String, String> settings, long granule, Target t, List<Knob> free, PlanResult plain)
            throws InputException {
        String names = free.stream().map(Knob::key).collect(Collectors.joining(", "));
        long total = 1;
        for (Knob k : free) {
            total = Math.multiplyHigh(total, k.count()) != 0 || total * k.count() < 0 ? Long.MAX_VALUE : total * k.count();
        }
        if (total > MAX_SETTINGS) {
            return notTurned(plain, names + " not turned: " + (total == Long.MAX_VALUE ? "too many" : total) + " settings, more than the "
                    + MAX_SETTINGS + " a maximisation bisects");
        }
        Map<String, String> best = null;
        long bestRam = 0;
        long bisected = 0;
        for (long i = 0; i < total; i++) {
            if (t.budget().expired()) {
                return Planner.unknown(bestRam, List.of("budget exhausted after bisecting " + bisected + " of " + total + " settings of " + names));
            }
            Map<String, String> c = new LinkedHashMap<>(settings);
            long rest = i;
            for (Knob k : free) {
                c.put(k.key(), Long.toUnsignedString(k.value(rest % k.count())));
                rest /= k.count();
            }
            long g = FixedMaximizer.commonMultiple(granule, p.ramStep(c));
            RamBisection.Largest l;
            java.util.Optional<org.iovacheck.preset.RamPieces> affine = FixedMaximizer.affine(p, c, g);
            if (!p.nestedInRam(c) && affine.isPresent() && p.ramCeiling(c) != 0) {
                l = RamEvents.largest(p, c, g, U64.alignDown(p.ramCeiling(c), g), affine.get(), best == null ? 0 : bestRam, t);
            } else if (t.p2p() || !p.nestedInRam(c)) {
                java.util.Optional<java.util.Set<String>> shrinking = t.p2p() ? java.util.Optional.empty() : p.shrinkingInRam(c);
                long cap = U64.alignDown(p.ramCeiling(c), g);
                long pieces = p.ramBreaks(c).size() + 1L;
                if (shrinking.isEmpty() || cap == 0 || pieces * total > MAX_PIECE_SETTINGS) {
                    return notTurned(plain, names + " not turned: with these settings" + (t.p2p() ? " and --p2p" : "") + " the layouts of " + p.name()
                            + " do not grow with RAM" + (shrinking.isPresent() && cap != 0 ? " and " + total + " settings x " + pieces + " pieces is more than the "
                            + MAX_PIECE_SETTINGS + " a maximisation bisects" : ", so every setting would need a scan of every size"));
                }
                l = RamBisection.bisectSplit(p, c, g, cap, shrinking.get(), t);
            } else {
                long[] accepted = FixedMaximizer.acceptedRange(p, c, g);
                if (accepted == null) {
                    if (U64.lt(g, 1L << 52)) {
                        return notTurned(plain, names + " not turned: with " + settingText(c, free) + " " + p.name() + " accepts none of the first "
                                + FixedMaximizer.PROBE + " RAM sizes, and larger ones were not judged");
                    }
                    continue;
                }
                l = RamBisection.bisect(p, c, g, accepted[0], accepted[1], t);
            }
            if (l.verdict() == Verdict.UNKNOWN) {
                return Planner.unknown(l.ram(), List.of("budget exhausted after bisecting " + bisected + " of " + total + " settings of " + names));
            }
            bisected++;
            if (l.verdict() == Verdict.FOUND && (best == null || U64.lt(bestRam, l.ram()))) {
                best = c;
                bestRam = l.ram();
            }
        }
        String tried = names + " turned: all " + bisected + " accepted setting(s) of " + total + " searched";
        if (best == null) {
            return annotated(plain, tried + "; none has a safe layout at any RAM size", tried + " (none is safe at any RAM size)");
        }
        if (plain.verdict() == Verdict.FOUND && !U64.lt(plain.ram(), bestRam)) {
            return annotated(plain, tried + "; none allows more RAM than " + SizeText.of(plain.ram()), null);
        }
        Map<String, String> chosen = new LinkedHashMap<>(best);
        PlanResult r = FixedMaximizer.maximizeFixed(p, chosen, granule, t);
        if (r.verdict() == Verdict.UNKNOWN) {
            return r;
        }
        if (r.verdict() != Verdict.FOUND || r.ram() != bestRam) {
            throw new IllegalStateException("maximising " + p.name() + " again with " + settingText(best, free) + " gave " + r.verdict() + " "
                    + SizeText.of(r.ram()) + ", not the " + SizeText.of(bestRam) + " its bisection found");
        }
        List<String> evidence = new ArrayList<>(r.evidence());
        evidence.add(tried + "; the largest safe RAM is with " + settingText(best, free)
                + (plain.verdict() == Verdict.FOUND ? " (" + SizeText.of(plain.ram()) + " with the VMM's own value)" : " (none with the VMM's own value)"));
        long g = FixedMaximizer.commonMultiple(granule, p.ramStep(best));
        if (U64.addFits(bestRam, g)) {
            KnobSearch.Search above = KnobSearch.search(p, Planner.with(settings, "ram", Long.toUnsignedString(bestRam + g)), free, t);
            if (above.exhausted) {
                return Planner.unknown(bestRam, List.of("budget exhausted while judging every setting of " + names + " one step above"));
            }
            if (above.found != null) {
                throw new IllegalStateException("at " + SizeText.of(bestRam + g) + " the setting " + settingText(above.found, free) + " of " + p.name()
                        + " is safe, above the largest RAM the bisections found: a layout rule does not nest as declared");
            }
            evidence.add("at " + SizeText.of(bestRam + g) + " every setting of " + names + " meets a reserved range or is refused: "
                    + String.join("; ", above.evidence));
        }
        return new PlanResult(r.verdict(), r.ram(), r.layout(), r.settings(), r.confirm(), r.oneMore(), r.oneMoreRefusal(), r.blocking(),
                r.limits(), evidence);
    }

    /**
     * The knobs could not be turned, so neither the maximum with the VMM's own values nor its absence holds for the whole
     * freedom: UNKNOWN, with what the fixed settings gave as a lower bound.
     */
    private static PlanResult notTurned(PlanResult plain, String why) {
        List<String> e = new ArrayList<>(plain.evidence());
        e.add(why);
        e.add(plain.verdict() == Verdict.FOUND ? "with the knobs at the user's or the VMM's values the largest safe RAM is " + SizeText.of(plain.ram())
                + " (a lower bound; fix the knobs with --set to have it as the answer)"
                : "with the knobs at the user's or the VMM's values no RAM size is safe (other values were not judged)");
        return Planner.unknown(plain.ram(), e);
    }

    private static PlanResult annotated(PlanResult r, String evidence, String limit) {
        List<String> e = new ArrayList<>(r.evidence());
        e.add(evidence);
        List<String> l = new ArrayList<>(r.limits());
        if (limit != null) {
            l.add(limit);
        }
        return new PlanResult(r.verdict(), r.ram(), r.layout(), r.settings(), r.confirm(), r.oneMore(), r.oneMoreRefusal(), r.blocking(), l, e);
    }

    private static String settingText(Map<String, String> s, List<Knob> free) {
        List<String> parts = new ArrayList<>();
        for (Knob k : free) {
            parts.add(k.key() + "=" + SizeText.of(Long.parseUnsignedLong(s.get(k.key()))));
        }
        return String.join(", ", parts);
    }
}
