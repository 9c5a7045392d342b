package org.iovacheck.format;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.iovacheck.model.Aperture;
import org.iovacheck.model.Backend;
import org.iovacheck.model.Group;
import org.iovacheck.model.Host;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;

/**
 * The fleet file (.fleet) read one line at a time: "host NAME [aperture-bits=N] [backend=B] [relaxable=P]" and "group ID" lines
 * followed by sysfs lines. Each host goes to the sink as soon as the next host line (or the end) closes it, so a fleet file of a
 * million hosts is never held whole.
 */
final class FleetFileParser {
    private final String file;
    private final FleetStream.Sink sink;
    private String name;
    private int hostLine;
    private Aperture ap;
    private Backend backend;
    private RelaxablePolicy relax;
    private List<Group> groups = new ArrayList<>();
    private String group;
    private int groupLine;
    private final StringBuilder body = new StringBuilder();
    private int bodyLine;
    private int lineNo;
    private long hosts;

    FleetFileParser(String file, FleetStream.Sink sink) {
        this.file = file;
        this.sink = sink;
    }

    /** The next line (without its line feed; a trailing CR is stripped with the other white space). */
    void line(String raw) throws InputException {
        lineNo++;
        String line = raw.strip();
        int hash = line.indexOf('#');
        String content = hash >= 0 ? line.substring(0, hash).strip() : line;
        if (content.startsWith("host ") || content.equals("host") || content.startsWith("group ") || content.equals("group")) {
            if (group != null) {
                groups.add(group(group, groupLine, body, bodyLine));
            }
            body.setLength(0);
            bodyLine = lineNo + 1;
            group = null;
            String[] f = fields(content);
            if (f.length < 2) {
                throw new InputException(file, lineNo, "'" + f[0] + "' needs a name");
            }
            if (f[0].equals("host")) {
                hostLine(f);
            } else {
                if (name == null) {
                    throw new InputException(file, lineNo, "'group' before any 'host' line");
                }
                group = f[1];
                groupLine = lineNo;
            }
            return;
        }
        if (content.isEmpty()) {
            body.append('\n');
            return;
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

    /** Closes the last host; returns the number of hosts read. */
    long end() throws InputException {
        if (group != null) {
            groups.add(group(group, groupLine, body, bodyLine));
        }
        if (name == null) {
            throw new InputException(file, 0, "no hosts in the fleet file (expected 'host NAME' lines)");
        }
        emit();
        return hosts;
    }

    private void hostLine(String[] f) throws InputException {
        if (name != null) {
            emit();
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
                        throw new InputException(file, lineNo, "unknown backend '" + v + "' (expected vfio-type1, iommufd or xen)");
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
    }

    private void emit() throws InputException {
        if (groups.isEmpty()) {
            throw new InputException(file, hostLine, "host '" + name + "' has no regions");
        }
        Set<String> ids = new HashSet<>();
        for (Group g : groups) {
            if (!ids.add(g.id())) {
                throw new InputException(file, g.source().line(), "host '" + name + "': group '" + g.id() + "' appears twice");
            }
        }
        hosts++;
        sink.host(new Host(name, groups, ap, List.of(), backend, relax, List.of(), new Source(file, hostLine)), file);
    }

    private Group group(String id, int line, StringBuilder text, int textLine) throws InputException {
        List<ReservedRegion> rs = SysfsParser.parse(text, file, textLine, id);
        return new Group(id, rs, new Source(file, line));
    }

    /** Whitespace-separated fields, without a regular expression (a fleet may have a million host lines). */
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
