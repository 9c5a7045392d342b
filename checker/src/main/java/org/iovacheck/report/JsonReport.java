package org.iovacheck.report;

import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.Consequences;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders a check as the JSON object documented in docs/json-output.md (schema version 3); addresses are 0x-hex strings. */
public final class JsonReport {
    /** 3: DEGRADED, guest.bars, conflicts[].severity, hint (issue 13); 2: every reserved region has {@code host} (null when not a host's), and every answer carries a {@code receipt}. */
    public static final int SCHEMA_VERSION = 3;
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonReport() {
    }

    public static String render(CheckReport r) {
        return render(r, null, java.util.Optional.empty());
    }

    /** The check as JSON, with the receipt last when given and the least firmware change check found ("hint", null when none). */
    public static String render(CheckReport r, Receipt receipt, java.util.Optional<String> hint) {
        return render(r, receipt, hint, null);
    }

    /** As {@link #render(CheckReport, Receipt, java.util.Optional)}, with where the run's time went ("timing") when given. */
    public static String render(CheckReport r, Receipt receipt, java.util.Optional<String> hint, Timing timing) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA_VERSION);
        root.put("command", "check");
        root.put("verdict", r.verdict().name());
        ObjectNode guest = root.putObject("guest");
        guest.put("origin", r.guest().origin());
        ArrayNode opts = guest.putArray("vmm-options");
        r.guest().vmmOptions().forEach(opts::add);
        guest.put("p2p", r.p2p());
        ArrayNode regions = guest.putArray("regions");
        for (GuestRegion g : r.guest().regions()) {
            ObjectNode o = guestRegion(regions.addObject(), g);
            o.put("dma-mapped", g.kind().dmaMapped(r.p2p()));
        }
        ArrayNode bars = guest.putArray("bars");
        for (GuestRegion g : r.guest().bars()) {
            ObjectNode o = guestRegion(bars.addObject(), g);
            o.put("dma-mapped", r.guest().mapped(r.p2p()).contains(g));
        }
        ArrayNode conflicts = root.putArray("conflicts");
        ArrayNode blockers = root.putArray("blockers");
        ArrayNode hosts = root.putArray("hosts");
        ArrayNode engines = root.putArray("engines");
        ArrayNode notes = root.putArray("notes");
        r.guest().notes().forEach(n -> notes.add("guest: " + n));
        boolean many = r.hosts().size() > 1;
        for (HostCheck h : r.hosts()) {
            var host = h.host().host();
            ObjectNode ho = hosts.addObject();
            ho.put("name", host.name());
            ho.put("source", host.source().file());
            ho.put("verdict", h.verdict().name());
            ho.put("backend", host.backend().label());
            ho.put("relaxable", host.relaxable().label());
            ho.put("aperture", host.aperture().description());
            ho.put("groups", host.groups().size());
            for (Conflict c : h.outcome().conflicts()) {
                ObjectNode co = conflicts.addObject();
                guestRegion(co.putObject("guest"), c.guest());
                reserved(co.putObject("reserved"), c.reserved(), host.name());
                range(co.putObject("overlap"), c.overlap());
                co.put("severity", org.iovacheck.model.Severity.of(c).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                co.put("consequence", Consequences.of(c, host.backend()));
            }
            for (Blocker b : h.outcome().blockers()) {
                ObjectNode bo = blockers.addObject();
                reserved(bo.putObject("reserved"), b.region(), host.name());
                bo.put("reason", b.reason());
            }
            for (CheckAnswer a : h.outcome().answers()) {
                engine(engines.addObject(), a).put("host", host.name());
            }
            for (String n : h.host().notes()) {
                notes.add(many ? host.name() + ": " + n : n);
            }
        }
        if (hint.isPresent()) {
            root.put("hint", hint.get());
        } else {
            root.putNull("hint");
        }
        if (timing != null) {
            timing.json(root);
        }
        return write(root, receipt);
    }

    /** Appends the receipt (when given) and prints the object. */
    static String write(ObjectNode root, Receipt receipt) {
        if (receipt != null) {
            receipt.json(root);
        }
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    /** The smallest answer: UNKNOWN for the command with one note (what the watchdog prints when a run overruns its budget). */
    public static String unknown(String command, String note) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA_VERSION);
        root.put("command", command);
        root.put("verdict", "UNKNOWN");
        root.putArray("notes").add(note);
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    static ObjectNode engine(ObjectNode eo, CheckAnswer a) {
        eo.put("name", a.engine());
        eo.put("verdict", a.verdict().name());
        eo.put("millis", Math.round(a.stats().millis() * 1000) / 1000.0);
        ObjectNode st = eo.putObject("stats");
        a.stats().counters().forEach(st::put);
        ArrayNode ev = eo.putArray("evidence");
        a.evidence().forEach(ev::add);
        return eo;
    }

    static ObjectNode guestRegion(ObjectNode o, GuestRegion g) {
        o.put("name", g.name());
        o.put("kind", g.kind().label());
        range(o, g.range());
        return o;
    }

    static void reserved(ObjectNode o, ReservedRegion r, String host) {
        o.put("type", r.type().label());
        if (r.group() == null) {
            o.putNull("group");
        } else {
            o.put("group", r.group());
        }
        range(o, r.range());
        if (host != null) {
            o.put("host", host);
        } else {
            o.putNull("host");
        }
        if (r.name() != null) {
            o.put("name", r.name());
        }
        o.put("source", r.source().toString());
    }

    /**
     * As {@link #reserved}, for regions whose name a multi-host command prefixed with their host's name ("host" or "host: name",
     * see PlaceCommand): the host goes to {@code host} and the rest to {@code name}, the shape of {@code conflicts[].reserved}.
     * With one host and no prefix the region is that host's; otherwise {@code host} is null (e.g. the guest's own regions).
     */
    static void reservedOf(ObjectNode o, ReservedRegion r, List<String> hosts) {
        String host = null;
        String name = r.name();
        if (name != null) {
            for (String h : hosts) {
                if ((name.equals(h) || name.startsWith(h + ": ")) && (host == null || h.length() > host.length())) {
                    host = h;
                }
            }
        }
        if (host != null) {
            name = name.length() == host.length() ? null : name.substring(host.length() + 2);
        } else if (hosts.size() == 1 && r.source() != org.iovacheck.model.Source.BUILTIN) {
            host = hosts.get(0);
        }
        reserved(o, new ReservedRegion(r.range(), r.type(), r.group(), name, r.source()), host);
    }

    static void range(ObjectNode o, Range r) {
        o.put("first", U64.hex(r.first()));
        o.put("last", U64.hex(r.last()));
    }
}
