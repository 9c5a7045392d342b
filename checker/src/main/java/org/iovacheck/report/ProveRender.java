package org.iovacheck.report;

import java.nio.file.Path;
import java.util.Locale;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.ProveOutcome;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.PlatformClass;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders a for-all proof over a platform class as text or JSON (docs/json-output.md). */
public final class ProveRender {
    private ProveRender() {
    }

    public static String text(PlatformClass c, GuestLayout guest, ProveOutcome o, Path saved) {
        StringBuilder sb = new StringBuilder();
        sb.append("verdict: ").append(o.verdict()).append('\n');
        sb.append("class:   ").append(c.name()).append(" [").append(c.source().file()).append("]: ").append(c.regions().size())
                .append(" region(s), aperture ").append(c.apertureMinBits() == c.apertureMaxBits() ? c.apertureMinBits() + " bits"
                        : c.apertureMinBits() + ".." + c.apertureMaxBits() + " bits").append(", backend ").append(c.backend().label()).append('\n');
        sb.append("guest:   ").append(guest.origin());
        if (!guest.vmmOptions().isEmpty()) {
            sb.append(" (").append(String.join(" ", guest.vmmOptions())).append(')');
        }
        sb.append('\n');
        sb.append("obligations:\n");
        for (ProveOutcome.Obligation ob : o.obligations()) {
            sb.append("  [").append(ob.verdict()).append("] ").append(ob.subject()).append(": ").append(ob.statement());
            if (!ob.answers().isEmpty()) {
                sb.append(" (");
                boolean first = true;
                for (CheckAnswer a : ob.answers()) {
                    sb.append(first ? "" : ", ").append(a.engine()).append(String.format(Locale.ROOT, " %.2f ms", a.stats().millis()));
                    first = false;
                }
                sb.append(')');
            }
            sb.append('\n');
        }
        if (o.counterexample() != null) {
            sb.append("counterexample host (").append(o.counterexampleCheck().verdict()).append(" when checked as a plain host):\n");
            for (var g : o.counterexample().groups()) {
                for (var r : g.regions()) {
                    sb.append("  group ").append(g.id()).append(": ").append(r.type().label()).append(' ').append(r.range())
                            .append(r.name() == null ? "" : "  " + r.name()).append('\n');
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
            if (saved != null) {
                sb.append("saved: ").append(saved).append("  (replay: iovacheck check --host ").append(saved.resolve("host.yaml"))
                        .append(" --guest ").append(saved.resolve("guest.layout")).append(")\n");
            }
        }
        return sb.toString();
    }

    public static String json(PlatformClass c, GuestLayout guest, ProveOutcome o, Path saved) {
        ObjectNode root = JsonReport.MAPPER.createObjectNode();
        root.put("schema", JsonReport.SCHEMA_VERSION);
        root.put("command", "prove");
        root.put("mode", "for-all");
        root.put("verdict", o.verdict().name());
        root.put("class", c.name());
        ObjectNode g = root.putObject("guest");
        g.put("origin", guest.origin());
        ArrayNode opts = g.putArray("vmm-options");
        guest.vmmOptions().forEach(opts::add);
        ArrayNode obs = root.putArray("obligations");
        for (ProveOutcome.Obligation ob : o.obligations()) {
            ObjectNode on = obs.addObject();
            on.put("subject", ob.subject());
            on.put("statement", ob.statement());
            on.put("verdict", ob.verdict().name());
            ArrayNode en = on.putArray("engines");
            for (CheckAnswer a : ob.answers()) {
                JsonReport.engine(en.addObject(), a);
            }
        }
        if (o.counterexample() != null) {
            ObjectNode ce = root.putObject("counterexample");
            ce.put("check-verdict", o.counterexampleCheck().verdict().name());
            ArrayNode cs = ce.putArray("conflicts");
            for (Conflict x : o.counterexampleCheck().conflicts()) {
                ObjectNode co = cs.addObject();
                JsonReport.guestRegion(co.putObject("guest"), x.guest());
                JsonReport.reserved(co.putObject("reserved"), x.reserved(), o.counterexample().name());
                JsonReport.range(co.putObject("overlap"), x.overlap());
            }
            if (saved != null) {
                ce.put("saved", saved.toString());
            }
        }
        return JsonReport.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }
}
