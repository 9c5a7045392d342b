package org.iovacheck.format;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iovacheck.model.Fleet;
import org.iovacheck.model.Host;
import org.iovacheck.model.Source;

/**
 * Reads a whole fleet into memory: a directory whose entries are hosts (host files, reserved_regions files, group folders or
 * sysfs trees), or a fleet file (.fleet) of "host NAME [aperture-bits=N] [backend=B] [relaxable=P]" and "group ID" lines
 * followed by sysfs lines. {@code prove --fleet} streams instead ({@link FleetStream}); this is for small fleets and tests.
 */
public final class FleetReader {
    private FleetReader() {
    }

    public static Fleet load(Path path) throws InputException {
        List<Host> hosts = new ArrayList<>();
        Names names = new Names();
        FleetStream.Read r = FleetStream.read(path, (h, origin) -> {
            names.add(h);
            hosts.add(h);
        }, n -> { });
        return new Fleet(r.name(), hosts, new Source(path.toString(), 0));
    }

    /** As {@link FleetStream#isDocumentation}. */
    public static boolean isDocumentation(Path entry) {
        return FleetStream.isDocumentation(entry);
    }

    /** The entries of {@code path} that {@link #load} skips as documentation (none unless it is a directory), to tell the user. */
    public static List<Path> skipped(Path path) throws InputException {
        if (!java.nio.file.Files.isDirectory(path)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        for (String n : FleetStream.names(path)) {
            if (FleetStream.isDocumentation(path.resolve(n))) {
                out.add(path.resolve(n));
            }
        }
        return out;
    }

    /** Reads the text of a fleet file named {@code file}; the fleet is called {@code fleetName}. */
    public static Fleet parseFleetFile(String text, String file, String fleetName) throws InputException {
        List<Host> hosts = new ArrayList<>();
        Names names = new Names();
        FleetFileParser parser = new FleetFileParser(file, (h, origin) -> {
            names.add(h);
            hosts.add(h);
        });
        for (String raw : text.split("\n", -1)) {
            parser.line(raw);
        }
        parser.end();
        return new Fleet(fleetName, hosts, new Source(file, 0));
    }

    /** Host names seen so far, one at a time: the second host of a name is refused, naming where the first came from. */
    public static final class Names {
        private final Map<String, Source> seen = new HashMap<>();

        public void add(Host h) throws InputException {
            Source first = seen.putIfAbsent(h.name(), h.source());
            if (first != null) {
                throw new InputException(h.source().file(), nameLine(h.source()), "host name '" + h.name() + "' appears twice in the fleet: "
                        + "here and in " + new Source(first.file(), nameLine(first)) + " (a host file's 'name' or its file name names the host)");
            }
        }

        /**
         * The line of a host file's {@code name:} key (a host file's Source is the whole file, line 0), read again on this error
         * path only; 0 when the file name names the host or the file no longer reads.
         */
        private static int nameLine(Source s) {
            if (s.line() > 0 || !(s.file().endsWith(".yaml") || s.file().endsWith(".yml"))) {
                return s.line();
            }
            try {
                return HostLoader.nameLine(YamlNode.parse(TextFiles.read(Path.of(s.file())), s.file()));
            } catch (InputException | RuntimeException e) {
                return 0;
            }
        }
    }
}
