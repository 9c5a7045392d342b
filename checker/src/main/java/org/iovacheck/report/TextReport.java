package org.iovacheck.report;

import java.util.List;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.Consequences;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.U64;

/** Renders a check for a person: verdict first, then each conflict with its exact range and consequence, notes, engines. */
public final class TextReport {
    private TextReport() {
    }

    public static String render(CheckReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("verdict: ").append(r.verdict()).append('\n');
        sb.append("guest:   ").append(r.guest().origin());
        if (!r.guest().vmmOptions().isEmpty()) {
            sb.append(" (").append(String.join(" ", r.guest().vmmOptions())).append(')');
        }
        sb.append('\n');
        List<GuestRegion> mapped = r.guest().mapped(r.p2p());
        for (GuestRegion g : mapped) {
            sb.append("         DMA-mapped ").append(pad(g.kind().label(), 7)).append(' ').append(g.range())
                    .append("  ").append(g.name()).append(" (").append(U64.sizeOfSpan(g.range().lengthMinusOne())).append(")\n");
        }
        for (GuestRegion b : r.guest().bars()) {
            if (!mapped.contains(b)) {
                sb.append("         device BAR ").append(b.range()).append("  ").append(b.name()).append(" (").append(U64.sizeOfSpan(b.range().lengthMinusOne()))
                        .append(", mapped only with --p2p)\n");
            }
        }
        for (String n : r.guest().notes()) {
            sb.append("         note: ").append(n).append('\n');
        }
        for (HostCheck h : r.hosts()) {
            sb.append('\n');
            var host = h.host().host();
            sb.append("host:    ").append(host.name()).append(" [").append(host.source().file()).append("]: ")
                    .append(host.groups().size()).append(host.groups().size() == 1 ? " group" : " groups")
                    .append(", backend ").append(host.backend().label())
                    .append(", ").append(h.verdict()).append('\n');
            for (Blocker b : h.outcome().blockers()) {
                sb.append("  NO LAYOUT: ").append(b.region().type().label()).append(' ').append(b.region().range())
                        .append(" (").append(b.region().owner()).append("): ").append(b.reason()).append('\n');
            }
            List<Conflict> cs = h.outcome().conflicts();
            if (!cs.isEmpty()) {
                sb.append("  conflicts (").append(cs.size()).append("):\n");
                int shown = 0;
                for (Conflict c : cs) {
                    if (shown++ == 200) {
                        sb.append("  ... ").append(cs.size() - 200).append(" more (use --format json for all)\n");
                        break;
                    }
                    sb.append("  - ").append(c.guest().kind().label()).append(" '").append(c.guest().name()).append("' ")
                            .append(c.guest().range()).append('\n');
                    sb.append("    hits ").append(c.reserved().type().label()).append(' ').append(c.reserved().range())
                            .append(" (").append(c.reserved().owner());
                    if (c.reserved().name() != null) {
                        sb.append(", ").append(c.reserved().name());
                    }
                    sb.append(", ").append(c.reserved().source()).append(")\n");
                    sb.append("    overlap ").append(c.overlap()).append(" (").append(U64.sizeOfSpan(c.overlap().lengthMinusOne())).append(")\n");
                    sb.append("    severity: ").append(org.iovacheck.model.Severity.of(c).label()).append('\n');
                    sb.append("    ").append(Consequences.of(c, host.backend())).append('\n');
                }
            }
            for (String n : h.host().notes()) {
                sb.append("  note: ").append(n).append('\n');
            }
            sb.append("  engines:");
            for (CheckAnswer a : h.outcome().answers()) {
                sb.append(' ').append(a.engine()).append('=').append(a.verdict())
                        .append(" (").append(Millis.twoDecimals(a.stats().millis())).append(" ms)");
            }
            sb.append('\n');
            for (CheckAnswer a : h.outcome().answers()) {
                for (String e : a.evidence()) {
                    sb.append("  ").append(a.engine()).append(": ").append(e).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String pad(String s, int n) {
        return s.length() >= n ? s : s + " ".repeat(n - s.length());
    }
}
