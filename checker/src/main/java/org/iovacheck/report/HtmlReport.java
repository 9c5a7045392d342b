package org.iovacheck.report;

import java.util.List;
import java.util.Locale;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.Consequences;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.U64;

/**
 * Renders a check as one self-contained HTML page (inline CSS and SVG, no scripts, well-formed XML): the verdict, the guest,
 * and per host a picture of the address space ({@link AddressMap}), every conflict with its consequence, the blockers, the
 * notes and what each engine answered with its evidence.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static String render(CheckReport r, String command) {
        return render(r, command, null);
    }

    /** The check as a page, with the receipt as its last section when given. */
    public static String render(CheckReport r, String command, Receipt receipt) {
        StringBuilder sb = new StringBuilder();
        open(sb, "check", r.verdict().name(), r.guest().origin(), command);
        sb.append("<h2>Guest: ").append(e(r.guest().origin())).append("</h2>\n");
        if (!r.guest().vmmOptions().isEmpty()) {
            sb.append("<p>VMM options: <code>").append(e(String.join(" ", r.guest().vmmOptions()))).append("</code></p>\n");
        }
        List<GuestRegion> mapped = r.guest().mapped(r.p2p());
        List<GuestRegion> all = new java.util.ArrayList<>(r.guest().regions());
        all.addAll(r.guest().bars());
        regions(sb, all, mapped);
        list(sb, "Notes on the guest", r.guest().notes());
        for (HostCheck h : r.hosts()) {
            host(sb, r, h, mapped);
        }
        if (receipt != null) {
            receipt.html(sb);
        }
        close(sb);
        return sb.toString();
    }

    /** The page head, the title line with the verdict and the command that made the page. */
    static void open(StringBuilder sb, String what, String verdict, String subject, String command) {
        sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<title>iovacheck ").append(what).append(": ").append(verdict).append(" - ").append(e(subject)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        sb.append("<h1>iovacheck ").append(what).append(": <span class=\"verdict v-").append(verdict.toLowerCase(Locale.ROOT)).append("\">")
                .append(verdict).append("</span></h1>\n");
        sb.append("<p class=\"cmd\"><code>").append(e(command)).append("</code></p>\n");
    }

    static void close(StringBuilder sb) {
        sb.append("<footer><p>Written by iovacheck. The picture's axis is not linear: each piece between two drawn boundaries is as wide as ")
                .append("1 + log2 of its length, so small doorbells and huge ranges both show; hover a box for its exact range. Engine times ")
                .append("are this run's.</p></footer>\n</body>\n</html>\n");
    }

    /** A picture with its caption: the legend and how many excluded ranges were left out. */
    static void figure(StringBuilder sb, AddressMap.Picture pic) {
        sb.append("<figure>\n").append(pic.svg()).append("<figcaption>").append(LEGEND);
        if (pic.excludedNotDrawn() > 0) {
            sb.append(" ").append(pic.excludedNotDrawn()).append(" excluded range(s) far from the guest's regions are not drawn (at most ")
                    .append(AddressMap.MAX_EXCLUDED).append(" are).");
        }
        sb.append("</figcaption>\n</figure>\n");
    }

    /** The guest's regions as a table, with whether each is DMA-mapped. */
    static void regions(StringBuilder sb, List<GuestRegion> all, List<GuestRegion> mapped) {
        sb.append("<table>\n<tr><th>region</th><th>kind</th><th>first</th><th>last</th><th>size</th><th>DMA-mapped</th></tr>\n");
        for (GuestRegion g : all) {
            sb.append("<tr><td>").append(e(g.name())).append("</td><td>").append(g.kind().label()).append("</td><td><code>")
                    .append(U64.hex(g.range().first())).append("</code></td><td><code>").append(U64.hex(g.range().last()))
                    .append("</code></td><td>").append(U64.sizeOfSpan(g.range().lengthMinusOne())).append("</td><td>")
                    .append(mapped.contains(g) ? "yes" : "no").append("</td></tr>\n");
        }
        sb.append("</table>\n");
    }

    /** The guest regions to draw: with device BARs, those BARs instead of the PCI windows that hold them (so nothing overlaps). */
    private static List<GuestRegion> drawn(CheckReport r) {
        if (r.guest().bars().isEmpty()) {
            return r.guest().regions();
        }
        List<GuestRegion> out = new java.util.ArrayList<>();
        for (GuestRegion g : r.guest().regions()) {
            if (g.kind() != org.iovacheck.model.GuestKind.BAR) {
                out.add(g);
            }
        }
        out.addAll(r.guest().bars());
        out.sort(java.util.Comparator.comparing(GuestRegion::range));
        return out;
    }

    private static void host(StringBuilder sb, CheckReport r, HostCheck h, List<GuestRegion> mapped) {
        var host = h.host().host();
        String v = h.verdict().name();
        sb.append("<section>\n<h2>Host ").append(e(host.name())).append(": <span class=\"verdict v-").append(v.toLowerCase(Locale.ROOT))
                .append("\">").append(v).append("</span></h2>\n");
        sb.append("<p>").append(e(String.valueOf(host.source().file()))).append(", ").append(host.groups().size())
                .append(host.groups().size() == 1 ? " group" : " groups").append(", backend ").append(e(host.backend().label()))
                .append(", ").append(h.query().exclusions().size()).append(" excluded range(s)</p>\n");
        AddressMap.Picture pic = AddressMap.draw(drawn(r), mapped, h.query().exclusions(), h.outcome().conflicts());
        figure(sb, pic);
        if (!h.outcome().blockers().isEmpty()) {
            sb.append("<h3>No layout: the device cannot be assigned</h3>\n<ul>\n");
            for (Blocker b : h.outcome().blockers()) {
                sb.append("<li>").append(b.region().type().label()).append(" <code>").append(b.region().range()).append("</code> (")
                        .append(e(b.region().owner())).append("): ").append(e(b.reason())).append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        List<Conflict> cs = h.outcome().conflicts();
        if (!cs.isEmpty()) {
            sb.append("<h3>Conflicts (").append(cs.size()).append(")</h3>\n<table>\n<tr><th>guest region</th><th>host range</th>")
                    .append("<th>type</th><th>owner</th><th>overlap</th><th>severity</th><th>consequence</th></tr>\n");
            for (Conflict c : cs.subList(0, Math.min(cs.size(), MAX_CONFLICT_ROWS))) {
                sb.append("<tr><td>").append(c.guest().kind().label()).append(" '").append(e(c.guest().name())).append("' <code>")
                        .append(c.guest().range()).append("</code></td><td><code>").append(c.reserved().range()).append("</code></td><td>")
                        .append(c.reserved().type().label()).append("</td><td>").append(e(c.reserved().owner()))
                        .append(c.reserved().name() == null ? "" : ", " + e(c.reserved().name())).append(", ").append(e(String.valueOf(c.reserved().source())))
                        .append("</td><td><code>").append(c.overlap()).append("</code> (").append(U64.sizeOfSpan(c.overlap().lengthMinusOne()))
                        .append(")</td><td>").append(e(org.iovacheck.model.Severity.of(c).label())).append("</td><td>")
                        .append(e(Consequences.of(c, host.backend()))).append("</td></tr>\n");
            }
            sb.append("</table>\n");
            if (cs.size() > MAX_CONFLICT_ROWS) {
                sb.append("<p class=\"more\">").append(cs.size() - MAX_CONFLICT_ROWS).append(" more conflict(s) not shown: the page lists the first ")
                        .append(MAX_CONFLICT_ROWS).append(" in address order; <code>--format json</code> lists all ").append(cs.size()).append(".</p>\n");
            }
        }
        list(sb, "Notes on the host", h.host().notes());
        sb.append("<h3>Engines</h3>\n<table>\n<tr><th>engine</th><th>verdict</th><th>ms</th><th>evidence</th></tr>\n");
        for (CheckAnswer a : h.outcome().answers()) {
            sb.append("<tr><td>").append(e(a.engine())).append("</td><td>").append(a.verdict()).append("</td><td class=\"time\">")
                    .append(String.format(Locale.ROOT, "%.2f", a.stats().millis())).append("</td><td>");
            for (String line : a.evidence()) {
                sb.append(e(line)).append("<br/>");
            }
            sb.append("</td></tr>\n");
        }
        sb.append("</table>\n</section>\n");
    }

    static void list(StringBuilder sb, String heading, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        sb.append("<h3>").append(heading).append("</h3>\n<ul>\n");
        for (String n : items) {
            sb.append("<li>").append(e(n)).append("</li>\n");
        }
        sb.append("</ul>\n");
    }

    /** Conflict rows a page shows per host; beyond them it says how many more there are (the JSON keeps all). */
    public static final int MAX_CONFLICT_ROWS = 500;

    static String e(String s) {
        return Html.escape(s);
    }

    private static final String LEGEND = "Top lane: the guest's regions (green RAM, light green hot-plug area, blue ROM/MMIO/BARs; "
            + "pale when not DMA-mapped). Middle lane: what the host's IOMMU excludes (orange MSI doorbells, yellow remappable MSI "
            + "windows, purple reserved, dark red identity-mapped, blue bridge windows, grey outside the aperture). Bottom lane: "
            + "the overlaps that make the layout unsafe.";

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; max-width: 1300px; }
            code { font-family: ui-monospace, monospace; font-size: 0.92em; }
            table { border-collapse: collapse; margin: 0.5em 0 1em; }
            th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: left; vertical-align: top; font-size: 0.92em; }
            th { background: #f2f2f2; }
            .verdict { padding: 1px 8px; border-radius: 4px; color: #fff; }
            .v-safe { background: #2e7d32; } .v-unsafe { background: #c62828; } .v-no_layout { background: #6a1b9a; } .v-degraded { background: #ef6c00; }
            .v-unknown { background: #757575; } .v-found { background: #2e7d32; } .v-infeasible { background: #c62828; }
            figure { margin: 0.5em 0; overflow-x: auto; } figcaption { font-size: 0.85em; color: #555; max-width: 1200px; }
            .lane { font-size: 11px; text-anchor: end; fill: #444; }
            .addr { font-size: 9px; font-family: ui-monospace, monospace; fill: #444; }
            .axis, .tick { stroke: #888; stroke-width: 1; }
            rect { stroke: #fff; stroke-width: 0.5; }
            .g-ram { fill: #43a047; } .g-hotplug { fill: #a5d6a7; } .g-rom, .g-mmio, .g-bar { fill: #64b5f6; }
            .g-unmapped { fill: #cfd8dc; }
            .r-msi-hw, .r-msi { fill: #fb8c00; } .r-msi-sw { fill: #fdd835; } .r-reserved { fill: #8e24aa; }
            .r-direct { fill: #b71c1c; } .r-direct-relaxable { fill: #f06292; } .r-bridge-window { fill: #1e88e5; }
            .r-outside-aperture { fill: #9e9e9e; }
            .hit { fill: #e53935; }
            """;
}
