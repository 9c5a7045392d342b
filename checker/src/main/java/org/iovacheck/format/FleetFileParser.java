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
 * million hosts is never held whole. A host whose options and lines repeat those of a host parsed before, byte for byte, is not
 * parsed again: it goes to the sink as that host under its own name and line ({@link FleetStream.Sink#same}).
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

    /** The host block being read: its host line, its number, and the lines after it (the options and lines, as the cache key). */
    private String blockHost;
    private String blockName;
    private int blockLine;
    private final List<String> blockLines = new ArrayList<>();
    private final StringBuilder blockText = new StringBuilder();

    /** The most text of distinct host blocks kept to compare with (64 Mi chars). */
    static final long MAX_CHARS = 64L << 20;
    /** A host block longer than this (1 Mi chars) is parsed as it comes, not held to be compared. */
    static final int MAX_BLOCK = 1 << 20;
    private boolean direct;

    /** A host parsed from a block, and the block's text (options, then its lines). */
    private record Template(Host host, String text) {
    }

    private final java.util.Map<Integer, List<Template>> parsed = new java.util.HashMap<>();
    private long kept;
    private Host last;

    FleetFileParser(String file, FleetStream.Sink sink) {
        this.file = file;
        this.sink = sink;
    }

    /** The next line (without its line feed; a trailing CR is stripped with the other white space). */
    void line(String raw) throws InputException {
        int no = ++lineNo;
        String content = content(raw);
        if (content.startsWith("host ") || content.equals("host")) {
            flush();
            String[] f = fields(content);
            if (f.length < 2) {
                throw new InputException(file, no, "'host' needs a name");
            }
            blockHost = raw;
            blockName = f[1];
            blockLine = no;
            for (int i = 2; i < f.length; i++) {
                blockText.append(f[i]).append(' ');
            }
            blockText.append('\n');
            return;
        }
        if (blockHost == null || direct) {
            process(raw, no);
            return;
        }
        blockLines.add(raw);
        blockText.append(raw).append('\n');
        if (blockText.length() > MAX_BLOCK) {
            // a host too large to be worth comparing: parse what was held and the rest as it comes
            replay();
            lineNo = no;
            direct = true;
            blockLines.clear();
            blockText.setLength(0);
        }
    }

    private void replay() throws InputException {
        process(blockHost, blockLine);
        for (int i = 0; i < blockLines.size(); i++) {
            process(blockLines.get(i), blockLine + 1 + i);
        }
    }

    private static String content(String raw) {
        String line = raw.strip();
        int hash = line.indexOf('#');
        return hash >= 0 ? line.substring(0, hash).strip() : line;
    }

    /** Ends the host block read so far: the host it repeats, renamed, or the block parsed. */
    private void flush() throws InputException {
        if (blockHost == null) {
            return;
        }
        if (direct) {
            closeHost();
            direct = false;
            blockHost = null;
            return;
        }
        String text = blockText.toString();
        int h = text.hashCode();
        Template same = null;
        for (Template t : parsed.getOrDefault(h, List.of())) {
            if (t.text.equals(text)) {
                same = t;
                break;
            }
        }
        if (same != null) {
            Host t = same.host;
            hosts++;
            sink.same(new Host(blockName, t.groups(), t.aperture(), t.bridgeWindows(), t.backend(), t.relaxable(), t.msiOverrides(),
                    new Source(file, blockLine)), t, file);
        } else {
            int at = lineNo;
            replay();
            closeHost();
            lineNo = at;
            if (kept + text.length() <= MAX_CHARS) {
                parsed.computeIfAbsent(h, k -> new ArrayList<>(1)).add(new Template(last, text));
                kept += text.length();
            }
        }
        blockHost = null;
        blockLines.clear();
        blockText.setLength(0);
    }

    private void process(String raw, int no) throws InputException {
        lineNo = no;
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
        flush();
        if (hosts == 0) {
            throw new InputException(file, 0, "no hosts in the fleet file (expected 'host NAME' lines)");
        }
        return hosts;
    }

    /** Closes the host the state machine has read. */
    private void closeHost() throws InputException {
        if (group != null) {
            groups.add(group(group, groupLine, body, bodyLine));
        }
        group = null;
        body.setLength(0);
        emit();
        name = null;
    }

    private void hostLine(String[] f) throws InputException {
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
        last = new Host(name, groups, ap, List.of(), backend, relax, List.of(), new Source(file, hostLine));
        sink.host(last, file);
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
