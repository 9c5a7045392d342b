package org.iovacheck.report;

import java.util.List;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.plan.PlanResult;
import org.iovacheck.preset.SizeText;

/**
 * Renders a place answer as one self-contained HTML page like {@link HtmlReport}: FOUND shows the layout, the VMM options, the
 * confirming check and a picture of the layout against every host's excluded ranges; INFEASIBLE the blocking ranges (drawn
 * in the picture) and the VMM limits; both the evidence.
 */
public final class PlaceHtml {
    private PlaceHtml() {
    }

    public static String render(String preset, List<String> hosts, boolean maximize, PlanResult r, List<ReservedRegion> excluded,
                                String command, String checkCommand) {
        return render(preset, hosts, maximize, r, excluded, command, checkCommand, null);
    }

    /** As above, with the receipt as the last section when given. */
    public static String render(String preset, List<String> hosts, boolean maximize, PlanResult r, List<ReservedRegion> excluded,
                                String command, String checkCommand, Receipt receipt) {
        StringBuilder sb = new StringBuilder();
        String subject = preset + (maximize ? ", largest safe RAM" : ", RAM " + SizeText.of(r.ram()));
        HtmlReport.open(sb, "place", r.verdict().name(), subject, command);
        sb.append("<h2>Guest: ").append(HtmlReport.e(subject)).append(" on ").append(HtmlReport.e(String.join(", ", hosts))).append("</h2>\n");
        List<GuestRegion> all = r.layout() == null ? List.of() : r.layout().regions();
        List<GuestRegion> mapped = r.layout() == null ? List.of() : r.layout().mapped(false);
        if (r.verdict() == Verdict.FOUND) {
            sb.append("<p>VMM options: <code>").append(HtmlReport.e(String.join(" ", r.layout().vmmOptions()))).append("</code></p>\n");
            if (maximize) {
                sb.append("<p>Largest safe RAM: <b>").append(SizeText.of(r.ram())).append("</b>");
                if (r.oneMore() != null) {
                    sb.append("; one granule more is ").append(r.oneMore().verdict());
                    if (!r.oneMore().conflicts().isEmpty()) {
                        Conflict c = r.oneMore().conflicts().get(0);
                        sb.append(": '").append(HtmlReport.e(c.guest().name())).append("' would meet ").append(c.reserved().type().label())
                                .append(" <code>").append(c.reserved().range()).append("</code>");
                    }
                } else if (r.oneMoreRefusal() != null) {
                    sb.append("; the VMM refuses one granule more: ").append(HtmlReport.e(r.oneMoreRefusal()));
                }
                sb.append("</p>\n");
            }
            sb.append("<p>Confirmed by <code>").append(HtmlReport.e(checkCommand)).append("</code>: ").append(r.confirm().verdict()).append("</p>\n");
            HtmlReport.regions(sb, all, mapped);
        }
        HtmlReport.figure(sb, AddressMap.draw(all, mapped, excluded, List.of()));
        if (!r.blocking().isEmpty()) {
            sb.append("<h3>Blocking host ranges (").append(r.blocking().size()).append(")</h3>\n<table>\n<tr><th>range</th><th>type</th><th>owner</th></tr>\n");
            for (ReservedRegion b : r.blocking()) {
                sb.append("<tr><td><code>").append(b.range()).append("</code></td><td>").append(b.type().label()).append("</td><td>")
                        .append(HtmlReport.e(b.owner())).append(b.name() == null ? "" : ", " + HtmlReport.e(b.name())).append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        HtmlReport.list(sb, "Limits of the VMM that were exhausted", r.limits());
        HtmlReport.list(sb, "Evidence", r.evidence());
        if (receipt != null) {
            receipt.html(sb);
        }
        HtmlReport.close(sb);
        return sb.toString();
    }
}
