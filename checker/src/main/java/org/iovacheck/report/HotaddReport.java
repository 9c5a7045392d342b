package org.iovacheck.report;

import java.util.List;
import org.iovacheck.engine.CheckOutcome;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.Range;
import org.iovacheck.model.ResolvedHost;

/**
 * Immutable; a hot-add answer: for each candidate device, whether its group can join the running VM (attach outcome) and
 * which parts of the guest's hot-plug memory area could still be mapped afterwards.
 */
public record HotaddReport(GuestLayout running, boolean p2p, ResolvedHost host, CheckOutcome existing, List<Candidate> candidates) {
    public HotaddReport {
        candidates = List.copyOf(candidates);
    }

    /** Immutable; one device: its attach outcome, the hot-plug outcome with it attached, and the hot-plug ranges left. */
    public record Candidate(ResolvedHost device, CheckOutcome attach, CheckOutcome hotplug, List<Range> pluggable) {
        public Candidate {
            pluggable = List.copyOf(pluggable);
        }

        /** ACCEPT, REFUSE, or UNKNOWN when the attach check ran out of budget. */
        public Verdict verdict() {
            return switch (attach.verdict()) {
                case SAFE -> Verdict.ACCEPT;
                case UNKNOWN -> Verdict.UNKNOWN;
                default -> Verdict.REFUSE;
            };
        }
    }

    /** ACCEPT when every candidate is accepted, REFUSE when any is refused, else UNKNOWN. */
    public Verdict verdict() {
        boolean unknown = false;
        for (Candidate c : candidates) {
            if (c.verdict() == Verdict.REFUSE) {
                return Verdict.REFUSE;
            }
            unknown |= c.verdict() == Verdict.UNKNOWN;
        }
        return unknown ? Verdict.UNKNOWN : Verdict.ACCEPT;
    }
}
