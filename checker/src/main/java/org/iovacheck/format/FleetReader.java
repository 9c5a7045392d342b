package org.iovacheck.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.iovacheck.model.Aperture;
import org.iovacheck.model.Backend;
import org.iovacheck.model.Fleet;
import org.iovacheck.model.Group;
import org.iovacheck.model.Host;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;

/**
 * Reads a fleet: a directory whose entries are hosts (host files, reserved_regions files, group folders or sysfs trees), or a
 * fleet file (.fleet) of "host NAME [aperture-bits=N] [backend=B] [relaxable=P]" and "group ID" lines followed by sysfs lines.
 */
public final class FleetReader {
    private FleetReader() {
    }

    public static Fleet load(Path path) throws InputException {
        if (Files.isDirectory(path) && (org.iovacheck.format.collect.HostCollector.isSysRoot(path)
                || org.iovacheck.format.collect.HostCollector.isHostRoot(path))) {
            Host h = HostLoader.load(path); // one live or copied host tree, not a folder of hosts
            return new Fleet(h.name(), List.of(h), new Source(path.toString(), 0));
        }
        if (Files.isDirectory(path)) {
            return directory(path);
        }
        TextFiles.requireRegularFile(path);
        if (path.getFileName().toString().endsWith(".fleet")) {
            return fleetFile(path);
        }
        Host h = HostLoader.load(path);
        return new Fleet(h.name(), List.of(h), new Source(path.toString(), 0));
    }

    private static Fleet directory(Path dir) throws InputException {
        List<Path> entries = entries(dir).stream().filter(p -> !isDocumentation(p)).toList();
        if (entries.isEmpty()) {
            List<Path> skipped = skipped(dir);
            throw new InputException(dir.toString(), 0, "the fleet directory holds no hosts" + (skipped.isEmpty() ? ""
                    : " (skipped as documentation: " + String.join(", ", skipped.stream().map(p -> p.getFileName().toString()).toList()) + ")"));
        }
        List<Host> hosts = new ArrayList<>();
        for (Path e : entries) {
            hosts.add(HostLoader.load(e));
        }
        checkNames(hosts);
        return new Fleet(dir.getFileName().toString(), hosts, new Source(dir.toString(), 0));
    }

    /** The entries of a fleet directory that are read as hosts or skipped: every name not starting with '.', sorted. */
    private static List<Path> entries(Path dir) throws InputException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new InputException(dir.toString(), 0, "cannot list directory: " + TextFiles.reason(e));
        }
    }

    /**
     * A file of a fleet directory that documents the fleet rather than being a host: README*, LICENSE*, or a name ending in .md
     * or .txt. Every other entry must read as a host.
     */
    public static boolean isDocumentation(Path entry) {
        String n = entry.getFileName().toString();
        String lower = n.toLowerCase(java.util.Locale.ROOT);
        return !Files.isDirectory(entry) && (lower.startsWith("readme") || lower.startsWith("license") || lower.endsWith(".md")
                || lower.endsWith(".txt"));
    }

    /** The entries of {@code path} that {@link #load} skips as documentation (none unless it is a directory), to tell the user. */
    public static List<Path> skipped(Path path) throws InputException {
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        return entries(path).stream().filter(FleetReader::isDocumentation).toList();
    }

    private static Fleet fleetFile(Path path) throws InputException {
        return parseFleetFile(HostLoader.readText(path), path.toString(), path.getFileName().toString().replaceFirst("\\.fleet$", ""));
    }

    /** Reads the text of a fleet file named {@code file}; the fleet is called {@code fleetName}. */
    public static Fleet parseFleetFile(String text, String file, String fleetName) throws InputException {
        List<Host> hosts = new ArrayList<>();
        String name = null;
        int hostLine = 0;
        Aperture ap = null;
        Backend backend = null;
        RelaxablePolicy relax = null;
        List<Group> groups = new ArrayList<>();
        String group = null;
        int groupLine = 0;
        StringBuilder body = new StringBuilder();
        int bodyLine = 0;
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = raw.strip();
            int hash = line.indexOf('#');
            String content = hash >= 0 ? line.substring(0, hash).strip() : line;
            if (content.startsWith("host ") || content.equals("host") || content.startsWith("group ") || content.equals("group")) {
                if (group != null) {
                    groups.add(group(file, group, groupLine, body, bodyLine));
                }
                body.setLength(0);
                bodyLine = lineNo + 1;
                group = null;
                String[] f = fields(content);
                if (f.length < 2) {
                    throw new InputException(file, lineNo, "'" + f[0] + "' needs a name");
                }
                if (f[0].equals("host")) {
                    if (name != null) {
                        hosts.add(host(file, name, hostLine, groups, ap, backend, relax));
                    }
                    name = f[1];
                    hostLine = lineNo;
                    groups = new ArrayList<>();
                    ap = Aperture.full();
                    backend = Backend.VFIO_TYPE1;
                    relax = RelaxablePolicy.KERNEL;
                    for (int i = 2; i < f.length; i++) {
                        int eq = f[i].indexOf('=');
                        String k = eq < 0 ? f[i] : f[i].substring(0, eq);
                        String v = eq < 0 ? "" : f[i].substring(eq + 1);
                        switch (k) {
                            case "aperture-bits" -> {
                                try {
                                    ap = Aperture.bits(Numbers.intIn(v, 1, 64));
                                } catch (IllegalArgumentException e) {
                                    throw new InputException(file, lineNo, "aperture-bits: " + e.getMessage());
                                }
                            }
                            case "backend" -> {
                                backend = Backend.fromLabel(v);
                                if (backend == null) {
                                    throw new InputException(file, lineNo, "unknown backend '" + v + "' (expected vfio-type1 or iommufd)");
                                }
                            }
                            case "relaxable" -> {
                                relax = RelaxablePolicy.fromLabel(v);
                                if (relax == null) {
                                    throw new InputException(file, lineNo, "unknown relaxable policy '" + v + "' (expected kernel or strict)");
                                }
                            }
                            default -> throw new InputException(file, lineNo, "unknown host option '" + k
                                    + "' (expected aperture-bits=N, backend=B, relaxable=P)");
                        }
                    }
                } else {
                    if (name == null) {
                        throw new InputException(file, lineNo, "'group' before any 'host' line");
                    }
                    group = f[1];
                    groupLine = lineNo;
                }
                continue;
            }
            if (content.isEmpty()) {
                body.append('\n');
                continue;
            }
            if (name == null) {
                throw new InputException(file, lineNo, "region line before any 'host' line");
            }
            if (group == null) {
                group = "0";
                groupLine = lineNo;
                bodyLine = lineNo;
                body.setLength(0);
            }
            body.append(content).append('\n');
        }
        if (group != null) {
            groups.add(group(file, group, groupLine, body, bodyLine));
        }
        if (name == null) {
            throw new InputException(file, 0, "no hosts in the fleet file (expected 'host NAME' lines)");
        }
        hosts.add(host(file, name, hostLine, groups, ap, backend, relax));
        checkNames(hosts);
        return new Fleet(fleetName, hosts, new Source(file, 0));
    }

    private static Group group(String file, String id, int line, StringBuilder body, int bodyLine) throws InputException {
        List<ReservedRegion> rs = SysfsParser.parse(body, file, bodyLine, id);
        return new Group(id, rs, new Source(file, line));
    }

    private static Host host(String file, String name, int line, List<Group> groups, Aperture ap, Backend b, RelaxablePolicy r)
            throws InputException {
        if (groups.isEmpty()) {
            throw new InputException(file, line, "host '" + name + "' has no regions");
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Group g : groups) {
            if (!ids.add(g.id())) {
                throw new InputException(file, g.source().line(), "host '" + name + "': group '" + g.id() + "' appears twice");
            }
        }
        return new Host(name, groups, ap, List.of(), b, r, List.of(), new Source(file, line));
    }

    /** Refuses two hosts of one name, naming where each comes from. */
    public static void checkNames(List<Host> hosts) throws InputException {
        java.util.Map<String, Host> names = new java.util.HashMap<>();
        for (Host h : hosts) {
            Host first = names.putIfAbsent(h.name(), h);
            if (first != null) {
                throw new InputException(h.source().file(), h.source().line(), "host name '" + h.name() + "' appears twice in the fleet: "
                        + "here and in " + where(first) + " (a host file's 'name' or its file name names the host)");
            }
        }
    }

    private static String where(Host h) {
        return h.source().line() > 0 ? h.source().file() + ":" + h.source().line() : h.source().file();
    }

    /** Whitespace-separated fields, without a regular expression (a fleet may have 100,000 host lines). */
    private static String[] fields(String line) {
        List<String> out = new ArrayList<>(4);
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int s = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (s < i) {
                out.add(line.substring(s, i));
            }
        }
        return out.toArray(new String[0]);
    }
}
