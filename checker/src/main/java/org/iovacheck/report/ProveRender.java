package org.iovacheck.report;

import java.util.List;
import java.util.Locale;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.ProveOutcome;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.plan.PlanResult;
import org.iovacheck.plan.ProvePlans;
import org.iovacheck.preset.SizeText;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders a prove answer (for-all, one-layout, each-host) as text or JSON (docs/json-output.md). */
public final class ProveRender {
    private ProveRender() {
    }

    public static String text(ProveReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("verdict: ").append(r.verdict()).append('\n');
        sb.append("mode:    ").append(r.mode()).append('\n');
        sb.append(String.format(Locale.ROOT, "%-8s", r.subjectKind() + ":")).append(' ')
                .append(r.subjectName()).append(" [").append(r.subjectSource()).append("], ").append(r.hostCount() < 0 ? "too many" : r.hostCount())
                .append(" host(s)\n");
        sb.append("guest:   ").append(r.guest());
        if (r.layout() != null && !r.layout().vmmOptions().isEmpty()) {
            sb.append(" (").append(String.join(" ", r.layout().vmmOptions())).append(')');
        }
        sb.append('\n');
        if (r.plan() != null) {
            plan(sb, r.plan());
        }
        for (ProvePlans.HostPlan hp : r.hosts()) {
            PlanResult p = hp.plan();
            sb.append("  host ").append(hp.host().name()).append(hp.count() > 1 ? " (and " + (hp.count() - 1) + " identical)" : "").append(": ")
                    .append(p.verdict());
            if (p.verdict() == Verdict.FOUND) {
                sb.append(" (").append(String.join(" ", p.layout().vmmOptions())).append(')');
            }
            sb.append('\n');
            if (p.verdict() == Verdict.INFEASIBLE) {
                for (ReservedRegion w : p.blocking()) {
                    sb.append("    blocked by ").append(w.type().label()).append(' ').append(w.range()).append(w.name() == null ? "" : " " + w.name()).append('\n');
                }
                for (String l : p.limits()) {
                    sb.append("    limit: ").append(l).append('\n');
                }
            }
        }
        if (r.forAll() != null) {
            forAll(sb, r.forAll());
        }
        if (r.saved() != null) {
            sb.append("saved: ").append(r.saved()).append("  (replay: iovacheck check --host ").append(r.saved().resolve("host.yaml"))
                    .append(" --guest ").append(r.saved().resolve("guest.layout")).append(")\n");
        }
        for (String n : r.notes()) {
            sb.append("note: ").append(n).append('\n');
        }
        return sb.toString();
    }

    private static void plan(StringBuilder sb, PlanResult p) {
        sb.append("layout:  ").append(p.verdict());
        if (p.verdict() == Verdict.FOUND) {
            sb.append(", RAM ").append(SizeText.of(p.ram())).append(": ").append(String.join(" ", p.layout().vmmOptions())).append('\n');
            for (GuestRegion g : p.layout().mapped(false)) {
                sb.append("         DMA-mapped ").append(g.kind().label()).append(' ').append(g.range()).append("  ").append(g.name()).append('\n');
            }
            if (p.oneMore() != null && !p.oneMore().conflicts().isEmpty()) {
                Conflict c = p.oneMore().conflicts().get(0);
                sb.append("         one granule more meets ").append(c.reserved().type().label()).append(' ').append(c.reserved().range())
                        .append(c.reserved().name() == null ? "" : " (" + c.reserved().name() + ")").append('\n');
            } else if (p.oneMoreRefusal() != null) {
                sb.append("         one granule more: the VMM refuses it: ").append(p.oneMoreRefusal()).append('\n');
            }
        } else {
            sb.append('\n');
            for (ReservedRegion w : p.blocking()) {
                sb.append("  blocked by ").append(w.type().label()).append(' ').append(w.range()).append(w.name() == null ? "" : " (" + w.name() + ")").append('\n');
            }
            for (String l : p.limits()) {
                sb.append("  limit: ").append(l).append('\n');
            }
        }
        for (String e : p.evidence()) {
            sb.append("  evidence: ").append(e).append('\n');
        }
    }

    private static void forAll(StringBuilder sb, ProveOutcome o) {
        sb.append("obligations:\n");
        for (ProveOutcome.Obligation ob : o.obligations()) {
            sb.append("  [").append(ob.verdict()).append("] ").append(ob.subject()).append(": ").append(ob.statement());
            if (!ob.answers().isEmpty()) {
                sb.append(" (");
                boolean first = true;
                for (CheckAnswer a : ob.answers()) {
                    sb.append(first ? "" : ", ").append(a.engine()).append(' ').append(Millis.twoDecimals(a.stats().millis())).append(" ms");
                    first = false;
                }
                sb.append(')');
            }
            sb.append('\n');
        }
        if (o.counterexample() != null) {
            sb.append("counterexample host ").append(o.counterexample().name()).append(" [").append(o.counterexample().source()).append("] (").append(o.counterexampleCheck().verdict())
                    .append(" when checked as a plain host):\n");
            for (var g : o.counterexample().groups()) {
                for (var x : g.regions()) {
                    sb.append("  group ").append(g.id()).append(": ").append(x.type().label()).append(' ').append(x.range())
                            .append(x.name() == null ? "" : "  " + x.name()).append('\n');
                }
            }
            for (var w : o.counterexample().bridgeWindows()) {
                sb.append("  bridge-window ").append(w.range()).append(w.name() == null ? "" : "  " + w.name()).append('\n');
            }
            if (!o.counterexample().aperture().isFull()) {
                sb.append("  aperture: ").append(o.counterexample().aperture().description()).append('\n');
            }
            for (Conflict x : o.counterexampleCheck().conflicts()) {
                sb.append("  conflict: ").append(x.guest().kind().label()).append(" '").append(x.guest().name()).append("' meets ")
                        .append(x.reserved().type().label()).append(' ').append(x.reserved().range()).append(" at ").append(x.overlap()).append('\n');
            }
            for (var b : o.counterexampleCheck().blockers()) {
                sb.append("  no layout: ").append(b.reason()).append('\n');
            }
        }
    }

    public static String json(ProveReport r) {
        return json(r, null);
    }

    /** As above, with the receipt last when given. */
    public static String json(ProveReport r, Receipt receipt) {
        ObjectNode root = JsonReport.MAPPER.createObjectNode();
        root.put("schema", JsonReport.SCHEMA_VERSION);
        root.put("command", "prove");
        root.put("mode", r.mode());
        root.put("verdict", r.verdict().name());
        ObjectNode subj = root.putObject("subject");
        subj.put("kind", r.subjectKind());
        subj.put("name", r.subjectName());
        subj.put("source", r.subjectSource());
        subj.put("hosts", r.hostCount());
        root.put("guest", r.guest());
        if (r.layout() != null) {
            ArrayNode opts = root.putArray("vmm-options");
            r.layout().vmmOptions().forEach(opts::add);
            ArrayNode regions = root.putArray("regions");
            for (GuestRegion g : r.layout().regions()) {
                JsonReport.guestRegion(regions.addObject(), g);
            }
        }
        if (r.plan() != null) {
            ObjectNode p = root.putObject("plan");
            p.put("verdict", r.plan().verdict().name());
            p.put("ram", "0x" + Long.toHexString(r.plan().ram()));
            ObjectNode set = p.putObject("settings");
            r.plan().settings().forEach(set::put);
            ArrayNode b = p.putArray("blocking");
            for (ReservedRegion w : r.plan().blocking()) {
                JsonReport.reserved(b.addObject(), w, null);
            }
            ArrayNode l = p.putArray("limits");
            r.plan().limits().forEach(l::add);
        }
        ArrayNode hs = root.putArray("hosts");
        for (ProvePlans.HostPlan hp : r.hosts()) {
            ObjectNode h = hs.addObject();
            h.put("name", hp.host().name());
            h.put("identical-hosts", hp.count());
            h.put("verdict", hp.plan().verdict().name());
            h.put("ram", "0x" + Long.toHexString(hp.plan().ram()));
            if (hp.plan().layout() != null) {
                ArrayNode opts = h.putArray("vmm-options");
                hp.plan().layout().vmmOptions().forEach(opts::add);
            }
            ArrayNode b = h.putArray("blocking");
            for (ReservedRegion w : hp.plan().blocking()) {
                JsonReport.reservedOf(b.addObject(), w, List.of(hp.host().name()));
            }
        }
        ArrayNode obs = root.putArray("obligations");
        if (r.forAll() != null) {
            for (ProveOutcome.Obligation ob : r.forAll().obligations()) {
                ObjectNode on = obs.addObject();
                on.put("subject", ob.subject());
                on.put("statement", ob.statement());
                on.put("verdict", ob.verdict().name());
                ArrayNode en = on.putArray("engines");
                for (CheckAnswer a : ob.answers()) {
                    JsonReport.engine(en.addObject(), a);
                }
            }
            if (r.forAll().counterexample() != null) {
                ObjectNode ce = root.putObject("counterexample");
                ce.put("host", r.forAll().counterexample().name());
                ce.put("source", r.forAll().counterexample().source().toString());
                ce.put("check-verdict", r.forAll().counterexampleCheck().verdict().name());
                ArrayNode cs = ce.putArray("conflicts");
                for (Conflict x : r.forAll().counterexampleCheck().conflicts()) {
                    ObjectNode co = cs.addObject();
                    JsonReport.guestRegion(co.putObject("guest"), x.guest());
                    JsonReport.reserved(co.putObject("reserved"), x.reserved(), r.forAll().counterexample().name());
                    JsonReport.range(co.putObject("overlap"), x.overlap());
                }
                if (r.saved() != null) {
                    ce.put("saved", r.saved().toString());
                }
            }
        }
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        return JsonReport.write(root, receipt);
    }
}
