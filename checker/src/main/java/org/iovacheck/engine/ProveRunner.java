package org.iovacheck.engine;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.ClassQuestions;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.ParamRegion;
import org.iovacheck.model.PlatformClass;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.ResolvedHost;
import org.iovacheck.model.U64;

/**
 * Decides "safe on every host of the class" obligation by obligation (assignability, aperture, each region in y-space) with
 * the chosen engines; a violated obligation yields a concrete host that is re-checked as an ordinary host before it is reported.
 */
public final class ProveRunner {
    private ProveRunner() {
    }

    public static ProveOutcome forAll(PlatformClass c, List<GuestRegion> mapped, List<Engine> engines, Budget budget) {
        List<ProveOutcome.Obligation> done = new ArrayList<>();
        boolean unknown = false;

        Host allPresent = ClassQuestions.instantiate(c, null, 0, c.apertureMaxBits());
        ResolvedHost worst = HostSemantics.resolve(allPresent);
        if (!worst.blockers().isEmpty()) {
            done.add(new ProveOutcome.Obligation("assignability", worst.blockers().get(0).reason(), Verdict.COUNTEREXAMPLE, List.of()));
            return confirmed(c, done, allPresent, mapped, engines, budget);
        }
        done.add(new ProveOutcome.Obligation("assignability", "no host of the class has a direct region or an MSI combination the kernel refuses",
                Verdict.PROVEN, List.of()));

        if (c.apertureMinBits() < 64) {
            ReservedRegion gap = new ReservedRegion(new Range(1L << c.apertureMinBits(), U64.MAX), RegionType.OUTSIDE_APERTURE, null,
                    "aperture", c.source());
            CheckOutcome o = CheckRunner.run(new CheckQuery(mapped, List.of(gap), List.of()), engines, budget);
            String stmt = "every DMA-mapped guest region lies below 2^" + c.apertureMinBits() + " (the narrowest aperture of the class)";
            done.add(new ProveOutcome.Obligation("aperture", stmt, decided(o.verdict()), o.answers()));
            if (o.verdict() == Verdict.UNSAFE) {
                return confirmed(c, done, ClassQuestions.instantiate(c, null, 0, c.apertureMinBits()), mapped, engines, budget);
            }
            unknown |= o.verdict() == Verdict.UNKNOWN;
        }

        for (ClassQuestions.RegionQuery rq : ClassQuestions.forAll(c, mapped)) {
            ParamRegion r = rq.region();
            CheckOutcome o = CheckRunner.run(rq.query(), engines, budget);
            String where = r.baseMin() == r.baseMax() ? "at " + U64.shortHex(r.baseMin())
                    : "at any base in [" + U64.shortHex(r.baseMin()) + ", " + U64.shortHex(r.baseMax()) + "] aligned to " + U64.sizeOfSpan(r.align() - 1);
            String size = r.sizeMin() == r.sizeMax() ? U64.sizeOfSpan(r.sizeMax() - 1) : "up to " + U64.sizeOfSpan(r.sizeMax() - 1);
            String stmt = r.type().label() + " '" + r.name() + "' (" + size + ", " + where + (r.optional() ? ", when present" : "")
                    + ") never meets DMA-mapped guest memory";
            done.add(new ProveOutcome.Obligation(r.name(), stmt, decided(o.verdict()), o.answers()));
            if (o.verdict() == Verdict.UNSAFE) {
                long y = o.conflicts().get(0).overlap().first();
                long base = y * r.align();
                return confirmed(c, done, ClassQuestions.instantiate(c, r, base, c.apertureMaxBits()), mapped, engines, budget);
            }
            unknown |= o.verdict() == Verdict.UNKNOWN;
        }
        return new ProveOutcome(unknown ? Verdict.UNKNOWN : Verdict.PROVEN, done, null, null);
    }

    private static Verdict decided(Verdict checkVerdict) {
        return switch (checkVerdict) {
            case SAFE -> Verdict.PROVEN;
            case UNKNOWN -> Verdict.UNKNOWN;
            default -> Verdict.COUNTEREXAMPLE;
        };
    }

    private static ProveOutcome confirmed(PlatformClass c, List<ProveOutcome.Obligation> done, Host host, List<GuestRegion> mapped,
                                          List<Engine> engines, Budget budget) {
        ResolvedHost rh = HostSemantics.resolve(host);
        CheckOutcome replay = CheckRunner.run(new CheckQuery(mapped, rh.exclusions(), rh.blockers()), engines, Budget.unlimited());
        if (replay.verdict() != Verdict.UNSAFE && replay.verdict() != Verdict.NO_LAYOUT) {
            throw new IllegalStateException("counterexample host for class " + c.name() + " does not replay: check says " + replay.verdict());
        }
        return new ProveOutcome(Verdict.COUNTEREXAMPLE, done, host, replay);
    }
}
