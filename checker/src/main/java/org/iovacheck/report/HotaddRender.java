package org.iovacheck.report;

import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.Consequences;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders a hot-add answer as text or as the JSON object documented in docs/json-output.md. */
public final class HotaddRender {
    private HotaddRender() {
    }

    public static String text(HotaddReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("verdict: ").append(r.verdict()).append('\n');
        sb.append("running: ").append(r.running().origin());
        if (!r.running().vmmOptions().isEmpty()) {
            sb.append(" (").append(String.join(" ", r.running().vmmOptions())).append(')');
        }
        sb.append('\n');
        var host = r.host().host();
        sb.append("host:    ").append(host.name()).append(" [").append(host.source().file()).append("], backend ")
                .append(host.backend().label()).append(", ").append(host.groups().size()).append(" group(s) attached\n");
        if (!r.existing().conflicts().isEmpty() || !r.existing().blockers().isEmpty()) {
            sb.append("  warning: the running layout already meets the host's own regions (").append(r.existing().conflicts().size())
                    .append(" conflict(s)); run 'iovacheck check' on it: such a VM could not have started with DMA mapped\n");
        }
        for (HotaddReport.Candidate c : r.candidates()) {
            var dev = c.device().host();
            sb.append('\n').append("device:  ").append(dev.name()).append(" [").append(dev.source().file()).append("]: ")
                    .append(c.verdict()).append('\n');
            for (Blocker b : c.attach().blockers()) {
                sb.append("  refused: ").append(b.region().type().label()).append(' ').append(b.region().range()).append(": ")
                        .append(b.reason()).append('\n');
            }
            for (Conflict x : c.attach().conflicts()) {
                sb.append("  - ").append(x.reserved().type().label()).append(' ').append(x.reserved().range()).append(" (")
                        .append(x.reserved().owner()).append(") meets mapped ").append(x.guest().kind().label()).append(" '")
                        .append(x.guest().name()).append("' ").append(x.guest().range()).append('\n');
                sb.append("    overlap ").append(x.overlap()).append(" (").append(U64.sizeOfSpan(x.overlap().lengthMinusOne())).append(")\n");
                sb.append("    ").append(Consequences.ofHotadd(x, host.backend())).append('\n');
            }
            if (!c.hotplug().answers().isEmpty() && r.running().regions().stream().anyMatch(g -> g.kind() == GuestKind.HOTPLUG)) {
                sb.append("  memory hot-plug with this device attached: ");
                if (c.hotplug().conflicts().isEmpty()) {
                    sb.append("the whole hot-plug area can be mapped\n");
                } else {
                    sb.append(c.hotplug().conflicts().size()).append(" range(s) would fail to map and QEMU would abort the VM:\n");
                    for (Conflict x : c.hotplug().conflicts()) {
                        sb.append("    ").append(x.overlap()).append(" (").append(x.reserved().type().label()).append(", ")
                                .append(x.reserved().owner()).append(")\n");
                    }
                    sb.append("    still pluggable:");
                    for (Range p : c.pluggable()) {
                        sb.append(' ').append(p);
                    }
                    sb.append('\n');
                }
            }
            for (String n : c.device().notes()) {
                sb.append("  note: ").append(n).append('\n');
            }
            sb.append("  engines:");
            for (CheckAnswer a : c.attach().answers()) {
                sb.append(' ').append(a.engine()).append('=').append(a.verdict()).append(" (").append(Millis.twoDecimals(a.stats().millis())).append(" ms)");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public static String json(HotaddReport r) {
        return json(r, null);
    }

    /** As above, with the receipt last when given. */
    public static String json(HotaddReport r, Receipt receipt) {
        ObjectNode root = JsonReport.MAPPER.createObjectNode();
        root.put("schema", JsonReport.SCHEMA_VERSION);
        root.put("command", "hotadd");
        root.put("verdict", r.verdict().name());
        ObjectNode run = root.putObject("running");
        run.put("origin", r.running().origin());
        ArrayNode opts = run.putArray("vmm-options");
        r.running().vmmOptions().forEach(opts::add);
        ArrayNode regions = run.putArray("regions");
        for (GuestRegion g : r.running().regions()) {
            JsonReport.guestRegion(regions.addObject(), g).put("dma-mapped", g.kind().dmaMapped(r.p2p()));
        }
        var host = r.host().host();
        root.put("host", host.name());
        root.put("backend", host.backend().label());
        ArrayNode existing = root.putArray("existing-conflicts");
        for (Conflict c : r.existing().conflicts()) {
            conflict(existing.addObject(), c, host.name(), null);
        }
        ArrayNode cands = root.putArray("candidates");
        for (HotaddReport.Candidate c : r.candidates()) {
            ObjectNode co = cands.addObject();
            var dev = c.device().host();
            co.put("device", dev.name());
            co.put("source", dev.source().file());
            co.put("verdict", c.verdict().name());
            ArrayNode conflicts = co.putArray("conflicts");
            for (Conflict x : c.attach().conflicts()) {
                conflict(conflicts.addObject(), x, dev.name(), Consequences.ofHotadd(x, host.backend()));
            }
            ArrayNode blockers = co.putArray("blockers");
            for (Blocker b : c.attach().blockers()) {
                ObjectNode bo = blockers.addObject();
                JsonReport.reserved(bo.putObject("reserved"), b.region(), dev.name());
                bo.put("reason", b.reason());
            }
            ArrayNode hp = co.putArray("hotplug-failures");
            for (Conflict x : c.hotplug().conflicts()) {
                conflict(hp.addObject(), x, null, null);
            }
            ArrayNode ok = co.putArray("hotplug-pluggable");
            for (Range p : c.pluggable()) {
                JsonReport.range(ok.addObject(), p);
            }
            ArrayNode engines = co.putArray("engines");
            for (CheckAnswer a : c.attach().answers()) {
                JsonReport.engine(engines.addObject(), a);
            }
            ArrayNode notes = co.putArray("notes");
            c.device().notes().forEach(notes::add);
        }
        return JsonReport.write(root, receipt);
    }

    private static void conflict(ObjectNode co, Conflict c, String owner, String consequence) {
        JsonReport.guestRegion(co.putObject("guest"), c.guest());
        JsonReport.reserved(co.putObject("reserved"), c.reserved(), owner);
        JsonReport.range(co.putObject("overlap"), c.overlap());
        if (consequence != null) {
            co.put("consequence", consequence);
        }
    }

}
