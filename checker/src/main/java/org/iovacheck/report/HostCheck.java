package org.iovacheck.report;

import org.iovacheck.engine.CheckOutcome;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.ResolvedHost;

/** Immutable; one host's part of a check: the host as the kernel reads it, the query asked and the engines' outcome. */
public record HostCheck(ResolvedHost host, CheckQuery query, CheckOutcome outcome) {
    /** This host's verdict by severity (DEGRADED when only peer-to-peer fails). */
    public org.iovacheck.engine.Verdict verdict() {
        return outcome.bySeverity();
    }
}
