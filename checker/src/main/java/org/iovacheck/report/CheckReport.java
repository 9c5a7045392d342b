package org.iovacheck.report;

import java.util.List;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.GuestLayout;

/**
 * Immutable; everything a check printout shows. The overall verdict over several hosts (each host's by severity): UNSAFE when
 * any is UNSAFE, else NO_LAYOUT when any host cannot take the device, else UNKNOWN when any is, else DEGRADED when any is, else SAFE.
 */
public record CheckReport(GuestLayout guest, boolean p2p, List<HostCheck> hosts) {
    public CheckReport {
        hosts = List.copyOf(hosts);
    }

    public Verdict verdict() {
        boolean unsafe = false;
        boolean noLayout = false;
        boolean unknown = false;
        boolean degraded = false;
        for (HostCheck h : hosts) {
            switch (h.verdict()) {
                case UNSAFE -> unsafe = true;
                case NO_LAYOUT -> noLayout = true;
                case UNKNOWN -> unknown = true;
                case DEGRADED -> degraded = true;
                default -> {
                }
            }
        }
        return unsafe ? Verdict.UNSAFE : noLayout ? Verdict.NO_LAYOUT : unknown ? Verdict.UNKNOWN : degraded ? Verdict.DEGRADED : Verdict.SAFE;
    }
}
