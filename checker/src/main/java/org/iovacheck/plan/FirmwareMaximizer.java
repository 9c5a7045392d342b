package org.iovacheck.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iovacheck.engine.CheckOutcome;
import org.iovacheck.engine.CheckRunner;
import org.iovacheck.engine.Verdict;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;
import org.iovacheck.preset.Knob;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.preset.SizeText;

/**
 * Stateless; place --maximize ram where the devices' BARs or a firmware's window can move as RAM grows (firmware or devices
 * given, or --p2p): the largest safe RAM over every setting of the free knobs ({@link Knob}s and the firmware knobs of
 * {@link FirmwareDomain}). An upper bound comes from the same settings with only RAM, ROM and RAM-backed BARs mapped (no
 * firmware, no devices, no p2p: a subset mapped, fewer refusals); then, for every setting, the RAM sizes from that bound down
 * are cut into the preset's pieces ({@link Preset#nestedPieceStart}), within which safe sizes are the first ones, so each
 * piece is decided by its smallest size and the best one is bisected; pieces at or below the best found so far are skipped.
 */
final class FirmwareMaximizer {
    /** How many layouts one maximisation judges before it answers UNKNOWN with its best lower bound. */
    static final long MAX_JUDGED = 400_000;

    private FirmwareMaximizer() {
    }

    /** Whether this maximisation applies: BARs or windows that move with RAM may be mapped, and the preset declares its pieces. */
    static boolean applies(Preset p, Map<String, String> settings, Target t) {
        boolean firmware = p.takesKey("firmware") && !"none".equals(settings.getOrDefault("firmware", "none"))
                || settings.containsKey("devices") && !"none".equals(settings.get("devices"));
        return (firmware || t.p2p()) && p.nestedPieceStart(settings, 1L << 30) >= 0;
    }

    static PlanResult maximize(Preset p, Map<String, String> settings, long granule, Target t) throws InputException {
        FirmwareDomain d = FirmwareDomain.of(p, settings, t.p2p());
        Target plain = new Target(t.exclusions(), t.blockers(), false, t.search(), t.confirm(), t.budget(), t.index());
        // under OVMF the VGA vram and ivshmem-plain move with the firmware's knobs (OvmfEmulated): relaxed() drops ivshmem, and
        // -vga none drops the vram; it maps 0xa0000-0xbffff as RAM, which OVMF's layout with the VGA maps too (vga-lowmem)
        Map<String, String> relaxed = FirmwareDomain.relaxed(settings);
        if ("ovmf".equals(settings.get("firmware")) && !"none".equals(settings.getOrDefault("vga", "std"))) {
            relaxed.put("vga", "none");
        }
        PlanResult bound = Planner.maximize(p, relaxed, granule, plain);
        String boundText0 = "upper bound: with only RAM, ROM and RAM-backed BARs DMA-mapped (no firmware window, no device BARs, no p2p)";
        long upper;
        String boundText = boundText0;
        if (bound.verdict() == Verdict.UNKNOWN) {
            // q35/pc: the VMM's own max-ram-below-4g keeps the most RAM below 4 GiB, so QEMU's phys-bits check (pc_memory_init)
            // refuses no size that another value accepts; the largest size accepted there bounds every setting
            long[] accepted = FixedMaximizer.acceptedRange(p, relaxed, FixedMaximizer.commonMultiple(granule,
                    p.ramStep(settings)));
            if (accepted == null || !p.knobs().stream().allMatch(k -> k.key().equals("max-ram-below-4g"))) {
                List<String> e = new ArrayList<>(bound.evidence());
                e.add(boundText + " the search gave no answer, so the firmware knobs and pieces were not searched");
                return Planner.unknown(0, e);
            }
            upper = accepted[1];
            boundText = "upper bound: the largest RAM " + p.name() + " accepts with max-ram-below-4g as given (its search with only RAM mapped"
                    + " gave no answer)";
        } else if (bound.verdict() == Verdict.INFEASIBLE) {
            List<String> limits = new ArrayList<>(bound.limits());
            limits.add(boundText + " no RAM size is safe at any setting, and the devices and firmware only add DMA-mapped ranges and refusals");
            return new PlanResult(Verdict.INFEASIBLE, bound.ram(), null, settings, null, null, null, bound.blocking(), limits, bound.evidence());
        } else {
            upper = bound.ram();
        }
        List<Knob> free = p.knobs().stream().filter(k -> !settings.containsKey(k.key())).toList();
        List<Map<String, String>> fw = d.settings();
        long knobCount = 1;
        for (Knob k : free) {
            knobCount *= k.count() + 1;
        }
        long total = knobCount * fw.size();
        long best = 0;
        Map<String, String> bestSetting = null;
        Map<String, String> bestChange = null;
        long judged = 0;
        long settingsSeen = 0;
        List<ReservedRegion> blocking = List.of();
        Judge j = new Judge(p, t);
        outer:
        for (long i = 0; i < knobCount; i++) {
            Map<String, String> base = new LinkedHashMap<>(settings);
            long rest = i;
            for (Knob k : free) {
                long v = rest % (k.count() + 1);
                rest /= k.count() + 1;
                if (v != 0) {
                    base.put(k.key(), Long.toUnsignedString(k.value(v - 1)));
                }
            }
            for (Map<String, String> change : fw) {
                Map<String, String> s = new LinkedHashMap<>(base);
                s.putAll(change);
                String gpb = FirmwareDomain.guestPhysBitsAlso(settings, change);
                settingsSeen++;
                long g = FixedMaximizer.commonMultiple(granule, p.ramStep(s));
                long r = U64.alignDown(upper, g);
                while (U64.lt(best, r)) {
                    if (t.budget().expired() || j.count > MAX_JUDGED) {
                        return lowerBound(best, bestSetting, d, "after judging " + j.count + " layouts of " + settingsSeen + " of " + total
                                + " settings (" + (t.budget().expired() ? "budget exhausted" : "more than " + MAX_JUDGED + " layouts") + ")", upper);
                    }
                    long start = p.nestedPieceStart(s, r);
                    long lo = start < 0 || U64.lt(r, start) ? r : roundUp(start, g, r);
                    long above = best == 0 ? g : roundUp(best + 1, g, r);
                    if (U64.lt(lo, above)) {
                        lo = above;
                    }
                    if (j.ok(s, gpb, lo)) {
                        long a = 0;
                        long b = Long.divideUnsigned(r - lo, g);
                        while (a < b) {
                            long mid = a + (b - a + 1) / 2;
                            if (j.ok(s, gpb, lo + mid * g)) {
                                a = mid;
                            } else {
                                b = mid - 1;
                            }
                        }
                        best = lo + a * g;
                        bestSetting = s;
                        bestChange = change;
                        break;
                    }
                    if (bestSetting == null && j.hit != null) {
                        blocking = List.of(j.hit);
                    }
                    if (!U64.lt(g, lo)) {
                        break;
                    }
                    r = lo - g;
                }
                if (best == upper) {
                    break outer;
                }
            }
        }
        judged = j.count;
        String names = names(free, d);
        String counted = (best == upper ? settingsSeen + " of " + total : "all " + total) + " settings of " + names + " judged (" + judged
                + " layouts): from the upper bound " + SizeText.of(upper) + " down, piece by piece, each piece decided by its smallest size"
                + " and the best bisected";
        if (bestSetting == null) {
            List<String> limits = new ArrayList<>(d.why());
            limits.add(counted + "; no RAM size is safe at any of them");
            if (!d.complete()) {
                return Planner.unknown(0, List.of(d.incomplete(), "no RAM size is safe at any judged setting"));
            }
            return new PlanResult(Verdict.INFEASIBLE, granule, null, settings, null, null, null, blocking, limits, List.of());
        }
        if (!d.complete() && best != upper) {
            return lowerBound(best, bestSetting, d, d.incomplete(), upper);
        }
        Map<String, String> found = Planner.with(bestSetting, "ram", Long.toUnsignedString(best));
        List<String> evidence = new ArrayList<>(d.why());
        evidence.add(counted + "; the largest safe RAM is with " + (found.equals(Planner.with(settings, "ram", Long.toUnsignedString(best)))
                ? "the settings as given" : changes(settings, bestSetting)));
        evidence.add(boundText + ": " + SizeText.of(upper));
        String gpb = FirmwareDomain.guestPhysBitsAlso(settings, bestChange);
        if (gpb != null) {
            GuestLayout l = p.layout(new PresetArgs(Planner.with(found, "guest-phys-bits", gpb)));
            CheckOutcome also = CheckRunner.run(Planner.query(l, t), t.confirm(), t.budget());
            if (also.verdict() != Verdict.SAFE) {
                return Planner.unknown(best, List.of("the layout with GuestPhysBits " + gpb + " reported did not re-check SAFE: " + also.verdict()));
            }
            evidence.add("also safe when QEMU reports GuestPhysBits " + gpb + " (confirmed by the same check with --set guest-phys-bits=" + gpb
                    + ": SAFE)");
        }
        long g = FixedMaximizer.commonMultiple(granule, p.ramStep(bestSetting));
        CheckOutcome more = null;
        String refusal = null;
        if (U64.addFits(best, g) && FixedMaximizer.accepts(p, bestSetting, best + g)) {
            more = Planner.judge(p, Planner.with(bestSetting, "ram", Long.toUnsignedString(best + g)), t, t.confirm());
            if (more.verdict() == Verdict.SAFE && gpb == null) {
                throw new IllegalStateException("one granule above the largest safe RAM is safe too with the same settings: a piece of "
                        + p.name() + " does not nest as declared");
            }
        } else {
            refusal = FixedMaximizer.refusal(p, found, g);
        }
        return Planner.found(p, found, best, t, more, refusal, evidence);
    }

    private static PlanResult lowerBound(long best, Map<String, String> bestSetting, FirmwareDomain d, String why, long upper) {
        List<String> e = new ArrayList<>();
        e.add("the firmware knobs and pieces were not all judged: " + why);
        e.add(best == 0 ? "no safe RAM size was found at the settings judged (other settings were not judged); at most " + SizeText.of(upper)
                : "the largest safe RAM found is " + SizeText.of(best) + " (a lower bound; at most " + SizeText.of(upper) + ")");
        e.addAll(d.why());
        return Planner.unknown(best, e);
    }

    private static String names(List<Knob> free, FirmwareDomain d) {
        List<String> n = new ArrayList<>();
        free.forEach(k -> n.add(k.key()));
        n.addAll(d.keys());
        return n.isEmpty() ? "(nothing free)" : String.join(", ", n);
    }

    private static String changes(Map<String, String> user, Map<String, String> s) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : s.entrySet()) {
            if (!e.getValue().equals(user.get(e.getKey()))) {
                parts.add("--set " + e.getKey() + "=" + e.getValue());
            }
        }
        return String.join(" ", parts);
    }

    /** The smallest multiple of {@code step} at or above v, or {@code otherwise} when it passes 2^64 - 1. */
    private static long roundUp(long v, long step, long otherwise) {
        long rem = Long.remainderUnsigned(v, step);
        if (rem == 0) {
            return v;
        }
        return U64.addFits(v, step - rem) ? v + (step - rem) : otherwise;
    }

    /** Mutable; judges layouts by the exclusion index, counting them and remembering the last excluded range met. */
    private static final class Judge {
        final Preset p;
        final Target t;
        long count;
        ReservedRegion hit;

        Judge(Preset p, Target t) {
            this.p = p;
            this.t = t;
        }

        /** Accepted by the VMM and clear of every exclusion, also with GuestPhysBits reported when {@code gpb} is given. */
        boolean ok(Map<String, String> s, String gpb, long ram) {
            Map<String, String> c = Planner.with(s, "ram", Long.toUnsignedString(ram));
            return one(c) && (gpb == null || one(Planner.with(c, "guest-phys-bits", gpb)));
        }

        private boolean one(Map<String, String> c) {
            count++;
            GuestLayout l;
            try {
                l = p.layout(new PresetArgs(c));
            } catch (InputException | ArithmeticException e) {
                return false;
            }
            Optional<Conflict> h = t.index().firstConflict(l.mapped(t.p2p()));
            h.ifPresent(x -> hit = x.reserved());
            return h.isEmpty();
        }
    }
}
