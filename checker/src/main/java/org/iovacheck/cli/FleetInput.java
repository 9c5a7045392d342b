package org.iovacheck.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iovacheck.format.FleetReader;
import org.iovacheck.format.FleetStream;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostClasses;
import org.iovacheck.model.HostSemantics;

/**
 * The hosts of {@code prove --fleet}, streamed: each host is read, resolved, checked for a unique name and added to its class
 * of identical hosts ({@link HostClasses}), then dropped; what the answer needs of all hosts (CPU facts for the preset's
 * defaults, hosts of unknown IOMMU width, the receipt's files) is gathered on the way.
 */
final class FleetInput {
    /** The most names a note lists. */
    private static final int NAMED = 5;

    final HostClasses classes = new HostClasses();
    /** One host per distinct (CPU vendor, physical address bits): all {@link org.iovacheck.preset.HostDefaults} looks at. */
    final List<Host> cpuSamples = new ArrayList<>();
    String name;
    String source;
    private final Map<String, Boolean> cpuSeen = new LinkedHashMap<>();
    /** The classes of hosts whose text other host files repeat under other names (see FleetStream.Sink#same). */
    private final Map<Host, HostClasses.HostClass> templates = new java.util.IdentityHashMap<>();
    private long unknownWidth;
    private final List<String> unknownWidthNames = new ArrayList<>();

    private FleetInput() {
    }

    /**
     * Reads every path in order. {@code receipt} (may be null) hears every host's files; skipped documentation is named on
     * {@code err}; a progress counter is shown there when it is a terminal.
     */
    static FleetInput read(List<Path> paths, Receipts receipt, PrintWriter err) throws InputException {
        FleetInput in = new FleetInput();
        FleetReader.Names names = new FleetReader.Names();
        Progress progress = Progress.start(err, "reading hosts", 0);
        long[] done = {0};
        try {
            for (Path p : paths) {
                FleetStream.Read r = FleetStream.read(p, new FleetStream.Sink() {
                    @Override
                    public void host(Host h, String origin) throws InputException {
                        names.add(h);
                        in.add(h, origin);
                        seen(h);
                    }

                    @Override
                    public void same(Host h, Host template, String origin) throws InputException {
                        names.add(h);
                        in.addSame(h, template, origin);
                        seen(h);
                    }

                    private void seen(Host h) {
                        if (receipt != null) {
                            receipt.host(h);
                        }
                        progress.step(++done[0]);
                    }
                }, n -> progress.total(paths.size() == 1 ? n : 0));
                for (Path skipped : r.skipped()) {
                    err.println("iovacheck: note: " + skipped + ": skipped, not a host (documentation)");
                }
                if (receipt != null) {
                    receipt.file(p.toString());
                }
                in.name = in.name == null ? r.name() : in.name + "+" + r.name();
            }
        } finally {
            progress.done();
        }
        in.source = paths.get(0).toString();
        return in;
    }

    private void add(Host h, String origin) {
        classes.add(HostSemantics.resolve(h, false), origin);
        facts(h);
    }

    /** A host read from the same text as {@code template}, under another name: its class is the template's, resolved once. */
    private void addSame(Host h, Host template, String origin) {
        HostClasses.HostClass c = templates.get(template);
        if (c == null) {
            c = classes.find(HostSemantics.resolve(template, false));
            templates.put(template, c);
        }
        classes.addSame(c);
        facts(h);
    }

    private void facts(Host h) {
        String cpu = h.facts().cpuVendor() + "/" + h.facts().physBits();
        if (cpuSeen.putIfAbsent(cpu, Boolean.TRUE) == null) {
            cpuSamples.add(new Host(h.name(), List.of(), h.aperture(), List.of(), h.backend(), h.relaxable(), List.of(), h.source(),
                    List.of(), h.facts()));
        }
        if (HostDefaultsOption.unknownWidth(h)) {
            unknownWidth++;
            if (unknownWidthNames.size() < NAMED) {
                unknownWidthNames.add(h.name());
            }
        }
    }

    long hostCount() {
        return classes.hostCount();
    }

    /** The note on hosts of unknown IOMMU width, if any. */
    List<String> widthNotes() {
        return HostDefaultsOption.unknownWidthNotes(unknownWidth, unknownWidthNames);
    }

    /** The note saying how many distinct hosts the fleet holds, when identical hosts were decided once. */
    List<String> classNotes() {
        long n = classes.hostCount();
        int d = classes.classes().size();
        return d == n ? List.of() : List.of(n + " hosts, " + d + " distinct: identical hosts (same exclusions, aperture, backend and"
                + " blockers, whatever their name, file or form) were decided once");
    }

    /** The note naming where a host of the fleet comes from and how many identical hosts it stands for. */
    String standsFor(String hostName) {
        HostClasses.HostClass c = classes.byFirstName(hostName);
        if (c == null) {
            return null;
        }
        return "host " + hostName + " (" + c.first().host().source() + ") stands for " + c.count() + " identical host(s) of the fleet"
                + " (class " + c.digest() + ")";
    }

    /** The first host of a class read again in full from its file. */
    Host reread(HostClasses.HostClass c) {
        try {
            return FleetStream.reread(c.origin(), c.first().host().name());
        } catch (InputException e) {
            throw new Reread(e);
        }
    }

    /** An InputException from {@link #reread}, carried through the engines and unwrapped by the command. */
    static final class Reread extends RuntimeException {
        final InputException cause;

        Reread(InputException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }
}
