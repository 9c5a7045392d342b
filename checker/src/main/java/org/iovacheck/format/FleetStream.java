package org.iovacheck.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.iovacheck.format.collect.HostCollector;
import org.iovacheck.model.Host;

/**
 * A fleet read one host at a time, in fleet order (a directory's entries sorted by name, a fleet file's hosts in file order),
 * so that no more than one parsed host is held: a directory of host files, a .fleet file (read line by line, with the checks of
 * {@link TextFiles} on every line: strict UTF-8, no NUL, no lone CR, no byte order mark), or one host.
 */
public final class FleetStream {
    private FleetStream() {
    }

    /** Receives each host with where it can be read again ({@link #reread}): its directory entry, host path or fleet file. */
    public interface Sink {
        void host(Host h, String origin) throws InputException;

        /**
         * A host file that repeats an earlier one but for its name: {@code h} is {@code template} (a host handed to {@link #host}
         * before) under its own name and file, sharing every other part of it.
         */
        default void same(Host h, Host template, String origin) throws InputException {
            host(h, origin);
        }
    }

    /** What a read of one fleet path saw: its name, the number of hosts, and the entries skipped as documentation. */
    public record Read(String name, long hosts, List<Path> skipped) {
        public Read {
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Hands every host of {@code path} to {@code sink} in fleet order. {@code entries} hears the number of entries of a fleet
     * directory once it is listed (for progress), before the first host.
     */
    public static Read read(Path path, Sink sink, Consumer<Long> entries) throws InputException {
        if (Files.isDirectory(path) && (HostCollector.isSysRoot(path) || HostCollector.isHostRoot(path))) {
            Host h = HostLoader.load(path); // one live or copied host tree, not a folder of hosts
            sink.host(h, path.toString());
            return new Read(h.name(), 1, List.of());
        }
        if (Files.isDirectory(path)) {
            return directory(path, sink, entries);
        }
        TextFiles.requireRegularFile(path);
        if (path.getFileName().toString().endsWith(".fleet")) {
            long n = fleetFile(path, sink);
            return new Read(path.getFileName().toString().replaceFirst("\\.fleet$", ""), n, List.of());
        }
        Host h = HostLoader.load(path);
        sink.host(h, path.toString());
        return new Read(h.name(), 1, List.of());
    }

    /** The host named {@code name} read again from {@code origin} (as {@link Sink} gave it), or an InputException saying it is gone. */
    public static Host reread(String origin, String name) throws InputException {
        Path p = Path.of(origin);
        if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".fleet")) {
            Host[] found = new Host[1];
            try {
                fleetFile(p, (h, o) -> {
                    if (h.name().equals(name)) {
                        found[0] = h;
                        throw new Found();
                    }
                });
            } catch (Found f) {
                return found[0];
            }
            throw new InputException(origin, 0, "host '" + name + "' is no longer in the fleet file (was it changed during the run?)");
        }
        Host h = HostLoader.load(p);
        if (!h.name().equals(name)) {
            throw new InputException(origin, 0, "now holds host '" + h.name() + "', not '" + name + "' (was it changed during the run?)");
        }
        return h;
    }

    /** Stops a re-read at the host looked for. */
    private static final class Found extends RuntimeException {
        Found() {
            super(null, null, false, false);
        }
    }

    private static Read directory(Path dir, Sink sink, Consumer<Long> entries) throws InputException {
        String[] names = names(dir);
        List<Path> skipped = new ArrayList<>();
        int hosts = 0;
        for (String n : names) {
            if (isDocumentation(dir.resolve(n))) {
                skipped.add(dir.resolve(n));
            } else {
                hosts++;
            }
        }
        if (hosts == 0) {
            throw new InputException(dir.toString(), 0, "the fleet directory holds no hosts" + (skipped.isEmpty() ? ""
                    : " (skipped as documentation: " + String.join(", ", skipped.stream().map(p -> p.getFileName().toString()).toList()) + ")"));
        }
        entries.accept((long) hosts);
        HostFileCache cache = new HostFileCache();
        for (int i = 0; i < names.length; i++) {
            Path e = dir.resolve(names[i]);
            boolean yaml = names[i].endsWith(".yaml") || names[i].endsWith(".yml"); // as HostLoader.load tells a host file
            names[i] = null; // what is read need not stay listed
            if (isDocumentation(e)) {
                continue;
            }
            boolean hostFile = yaml && !Files.isDirectory(e);
            if (!hostFile) {
                sink.host(HostLoader.load(e), e.toString());
                continue;
            }
            Host h = cache.load(e);
            Host template = cache.template(h);
            if (template != null) {
                sink.same(h, template, e.toString());
            } else {
                sink.host(h, e.toString());
            }
        }
        return new Read(dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(), hosts, skipped);
    }

    /** The names in a fleet directory that are read as hosts or skipped: every name not starting with '.', sorted. */
    static String[] names(Path dir) throws InputException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".")) {
                    out.add(n);
                }
            }
        } catch (IOException e) {
            throw new InputException(dir.toString(), 0, "cannot list directory: " + TextFiles.reason(e));
        }
        String[] a = out.toArray(new String[0]);
        Arrays.sort(a);
        return a;
    }

    /**
     * A file of a fleet directory that documents the fleet rather than being a host: README*, LICENSE*, or a name ending in .md
     * or .txt. Every other entry must read as a host. (The name is looked at first: a fleet directory may hold a million entries.)
     */
    public static boolean isDocumentation(Path entry) {
        String lower = entry.getFileName().toString().toLowerCase(Locale.ROOT);
        return (lower.startsWith("readme") || lower.startsWith("license") || lower.endsWith(".md") || lower.endsWith(".txt"))
                && !Files.isDirectory(entry);
    }

    /** Reads a fleet file line by line; returns the number of hosts. */
    private static long fleetFile(Path path, Sink sink) throws InputException {
        String file = path.toString();
        FleetFileParser parser = new FleetFileParser(file, sink);
        try (InputStream in = Files.newInputStream(path)) {
            new Lines(file, in).forEach(parser);
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read: " + TextFiles.reason(e));
        }
        return parser.end();
    }

    /** Splits a byte stream at line feeds, refusing what {@link TextFiles#decode} refuses, at the same line. */
    private static final class Lines {
        private final String file;
        private final InputStream in;
        private byte[] line = new byte[256];
        private int len;
        private int lineNo = 1;
        private boolean ascii = true;
        private boolean pendingCr;

        Lines(String file, InputStream in) {
            this.file = file;
            this.in = in;
        }

        void forEach(FleetFileParser parser) throws IOException, InputException {
            // A byte order mark needs no test here: its bytes are not ASCII, so the first line goes through TextFiles.decode,
            // which names it at line 1 as the whole-text reader does.
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (pendingCr && b != '\n') {
                        throw loneCr();
                    }
                    pendingCr = false;
                    if (b == '\n') {
                        parser.line(text());
                        lineNo++;
                        continue;
                    }
                    if (b == '\r') {
                        pendingCr = true;
                    } else if (b == 0) {
                        throw new InputException(file, lineNo, "the file holds NUL bytes (a binary file, or a copy padded with zeros); expected text");
                    } else if (b < 0) {
                        ascii = false;
                    }
                    if (len == line.length) {
                        line = Arrays.copyOf(line, len * 2);
                    }
                    line[len++] = b;
                }
            }
            if (pendingCr) {
                throw loneCr();
            }
            if (len > 0 || lineNo == 1) {
                // the last line when it has no line feed (a file that ends with one has no empty line after it, so that its
                // last host block reads as the same text as an earlier one)
                parser.line(text());
            }
        }

        private InputException loneCr() {
            return new InputException(file, lineNo, "a carriage return (CR) that is not followed by a line feed; lines must end with LF or CR LF");
        }

        private String text() throws InputException {
            String s;
            if (ascii) {
                s = new String(line, 0, len, StandardCharsets.ISO_8859_1);
            } else {
                boolean cr = len > 0 && line[len - 1] == '\r'; // the CR of a CR LF, which decode would see alone
                try {
                    s = TextFiles.decode(Arrays.copyOf(line, cr ? len - 1 : len), file, TextFiles.Padding.REFUSE) + (cr ? "\r" : "");
                } catch (InputException e) {
                    throw new InputException(file, lineNo, e.problem());
                }
            }
            len = 0;
            ascii = true;
            if (line.length > 1 << 16) {
                line = new byte[256];
            }
            return s;
        }
    }
}
