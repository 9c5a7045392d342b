package org.iovacheck.report;

import java.util.List;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.CheckOutcome;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.plan.PlanResult;
import org.iovacheck.preset.SizeText;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders a place answer as text or JSON (docs/json-output.md). */
public final class PlaceRender {
    private PlaceRender() {
    }

    public static String text(String preset, List<String> hosts, boolean maximize, PlanResult r, String checkCommand) {
        StringBuilder sb = new StringBuilder();
        sb.append("verdict: ").append(r.verdict()).append('\n');
        sb.append("guest:   ").append(preset).append(maximize ? ", largest safe RAM" : ", RAM " + SizeText.of(r.ram())).append('\n');
        sb.append("hosts:   ").append(String.join(", ", hosts)).append('\n');
        if (r.verdict() == Verdict.FOUND) {
            sb.append("options: ").append(String.join(" ", r.layout().vmmOptions())).append('\n');
            for (GuestRegion g : r.layout().mapped(false)) {
                sb.append("         DMA-mapped ").append(g.kind().label()).append(' ').append(g.range()).append("  ").append(g.name()).append('\n');
            }
            for (GuestRegion g : r.layout().bars()) {
                sb.append("         ").append(g.kind().label()).append(' ').append(g.range()).append("  ").append(g.name()).append('\n');
            }
            if (maximize) {
                sb.append("largest: ").append(SizeText.of(r.ram())).append(" (").append(org.iovacheck.model.U64.shortHex(r.ram())).append(" bytes)\n");
                if (r.oneMore() != null) {
                    sb.append("one granule more: ").append(r.oneMore().verdict());
                    if (!r.oneMore().conflicts().isEmpty()) {
                        Conflict c = r.oneMore().conflicts().get(0);
                        sb.append(": ").append(c.guest().name()).append(" would meet ").append(c.reserved().type().label()).append(' ')
                                .append(c.reserved().range()).append(name(c.reserved()));
                    }
                    sb.append('\n');
                } else if (r.oneMoreRefusal() != null) {
                    sb.append("one granule more: the VMM refuses it: ").append(r.oneMoreRefusal()).append('\n');
                }
            }
            sb.append("confirm: ").append(checkCommand).append("  -> ").append(r.confirm().verdict()).append(engines(r.confirm())).append('\n');
        } else if (r.verdict() == Verdict.INFEASIBLE) {
            sb.append("no safe layout within the VMM's freedom; blocked by:\n");
            for (ReservedRegion w : r.blocking()) {
                sb.append("  ").append(w.type().label()).append(' ').append(w.range()).append(" (").append(w.owner()).append(name(w)).append(")\n");
            }
            for (String l : r.limits()) {
                sb.append("  limit: ").append(l).append('\n');
            }
        }
        for (String e : r.evidence()) {
            sb.append("  evidence: ").append(e).append('\n');
        }
        return sb.toString();
    }

    private static String name(ReservedRegion r) {
        return r.name() == null ? "" : ", " + r.name();
    }

    private static String engines(CheckOutcome o) {
        StringBuilder sb = new StringBuilder(" (");
        boolean first = true;
        for (CheckAnswer a : o.answers()) {
            sb.append(first ? "" : ", ").append(a.engine()).append(' ').append(a.verdict()).append(' ').append(Millis.twoDecimals(a.stats().millis())).append(" ms");
            first = false;
        }
        return sb.append(')').toString();
    }

    public static String json(String preset, List<String> hosts, boolean maximize, PlanResult r, String checkCommand) {
        return json(preset, hosts, maximize, r, checkCommand, null);
    }

    /** As above, with the receipt last when given. */
    public static String json(String preset, List<String> hosts, boolean maximize, PlanResult r, String checkCommand, Receipt receipt) {
        ObjectNode root = JsonReport.MAPPER.createObjectNode();
        root.put("schema", JsonReport.SCHEMA_VERSION);
        root.put("command", "place");
        root.put("verdict", r.verdict().name());
        root.put("preset", preset);
        root.put("goal", maximize ? "maximize-ram" : "ram");
        root.put("ram", "0x" + Long.toHexString(r.ram()));
        ArrayNode hs = root.putArray("hosts");
        hosts.forEach(hs::add);
        if (r.layout() != null) {
            ArrayNode opts = root.putArray("vmm-options");
            r.layout().vmmOptions().forEach(opts::add);
            ObjectNode set = root.putObject("settings");
            r.settings().forEach(set::put);
            ArrayNode regions = root.putArray("regions");
            for (GuestRegion g : r.layout().regions()) {
                JsonReport.guestRegion(regions.addObject(), g);
            }
            root.put("confirm-command", checkCommand);
            ArrayNode en = root.putArray("engines");
            for (CheckAnswer a : r.confirm().answers()) {
                JsonReport.engine(en.addObject(), a);
            }
        }
        if (r.oneMore() != null) {
            ObjectNode m = root.putObject("one-granule-more");
            m.put("verdict", r.oneMore().verdict().name());
            ArrayNode cs = m.putArray("conflicts");
            for (Conflict c : r.oneMore().conflicts()) {
                ObjectNode co = cs.addObject();
                JsonReport.guestRegion(co.putObject("guest"), c.guest());
                JsonReport.reservedOf(co.putObject("reserved"), c.reserved(), hosts);
                JsonReport.range(co.putObject("overlap"), c.overlap());
            }
        } else if (r.oneMoreRefusal() != null) {
            root.putObject("one-granule-more").put("refused", r.oneMoreRefusal());
        }
        ArrayNode b = root.putArray("blocking");
        for (ReservedRegion w : r.blocking()) {
            JsonReport.reservedOf(b.addObject(), w, hosts);
        }
        ArrayNode l = root.putArray("limits");
        r.limits().forEach(l::add);
        ArrayNode ev = root.putArray("evidence");
        r.evidence().forEach(ev::add);
        return JsonReport.write(root, receipt);
    }
}
