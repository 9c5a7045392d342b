package org.iovacheck.format;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iovacheck.model.Host;
import org.iovacheck.model.Source;

/**
 * Host files of one fleet directory that differ only in their {@code name:} line are parsed once: a file whose bytes, with its
 * top-level {@code name: '...'} line left out, equal (byte for byte) those of a file parsed before is that host under its own
 * name and file (collect writes identical machines so). Only for files that name no other file ({@code file:}, {@code sysfs:})
 * and whose name line is one quoted scalar, which YAML reads as written; a parse error is never cached (every file that fails
 * is parsed, and named, on its own). At most {@link #MAX_BYTES} of file text are kept.
 */
final class HostFileCache {
    /** A top-level name line holding one single-quoted scalar ('' is a quote) or a double-quoted one without escapes. */
    private static final Pattern NAME = Pattern.compile("name: *(?:'((?:[^'\\r\\n]|'')*)'|\"([^\"\\\\\\r\\n]*)\") *\\r?");
    /** The most file text (without name lines) kept to compare with: 64 MiB, some 20,000 distinct collected hosts. */
    static final long MAX_BYTES = 64L << 20;

    /** A host parsed from a file, and that file's bytes without its name line. */
    private record Template(Host host, byte[] rest) {
    }

    private final Map<Long, List<Template>> parsed = new HashMap<>();
    private long kept;
    private Host lastTemplate;
    private Host lastCopy;

    /** The host of a host file (.yaml/.yml) in a fleet directory. */
    Host load(Path path) throws InputException {
        byte[] bytes = TextFiles.readBytes(path);
        String label = path.toString();
        String defaultName = path.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        int[] line = nameLine(bytes);
        String name = line == null ? defaultName : nameOf(bytes, line);
        int from = line == null ? bytes.length : line[0];
        int to = line == null ? bytes.length : line[1];
        long hash = name == null ? 0 : hash(bytes, from, to);
        if (name != null) {
            for (Template t : parsed.getOrDefault(hash, List.of())) {
                if (sameRest(bytes, from, to, t.rest)) {
                    Host h = t.host;
                    lastTemplate = h;
                    lastCopy = new Host(name, h.groups(), h.aperture(), h.bridgeWindows(), h.backend(), h.relaxable(), h.msiOverrides(),
                            new Source(label, h.source().line()), h.units(), h.facts());
                    return lastCopy;
                }
            }
        }
        String text = TextFiles.decode(bytes, label, TextFiles.Padding.REFUSE);
        YamlNode root = YamlNode.parse(text, label);
        Host h = HostLoader.parseHostFile(root, label, path.toAbsolutePath().getParent(), defaultName);
        // the line found must be the name key's own (a line inside another key's quoted text can look like one)
        boolean nameKey = line == null ? HostLoader.nameLine(root) == 0 : HostLoader.nameLine(root) == lineOf(bytes, from);
        if (name != null && nameKey && h.name().equals(name) && !namesFiles(bytes) && kept + bytes.length <= MAX_BYTES) {
            byte[] rest = new byte[bytes.length - (to - from)];
            System.arraycopy(bytes, 0, rest, 0, from);
            System.arraycopy(bytes, to, rest, from, bytes.length - to);
            parsed.computeIfAbsent(hash, k -> new ArrayList<>(1)).add(new Template(h, rest));
            kept += rest.length;
        }
        return h;
    }

    /** The host parsed before whose text {@code h}, the host {@link #load} returned last, repeats; null if it was parsed. */
    Host template(Host h) {
        return h == lastCopy ? lastTemplate : null;
    }

    /** The 1-based line number of byte {@code at}. */
    private static int lineOf(byte[] b, int at) {
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (b[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static long hash(byte[] b, int from, int to) {
        long h = 1125899906842597L;
        for (int i = 0; i < b.length; i++) {
            if (i == from) {
                i = to;
                if (i >= b.length) {
                    break;
                }
            }
            h = 31 * h + b[i];
        }
        return h;
    }

    private static boolean sameRest(byte[] b, int from, int to, byte[] rest) {
        return rest.length == b.length - (to - from) && Arrays.equals(b, 0, from, rest, 0, from)
                && Arrays.equals(b, to, b.length, rest, from, rest.length);
    }

    /** [start, end) of the first line that starts with "name:", end past its line feed; null when there is none. */
    private static int[] nameLine(byte[] b) {
        int start = 0;
        while (start < b.length) {
            int end = start;
            while (end < b.length && b[end] != '\n') {
                end++;
            }
            if (end - start >= 5 && b[start] == 'n' && b[start + 1] == 'a' && b[start + 2] == 'm' && b[start + 3] == 'e' && b[start + 4] == ':') {
                return new int[] {start, Math.min(b.length, end + 1)};
            }
            start = end + 1;
        }
        return null;
    }

    /** The name the line gives, or null when it is not one quoted scalar (then the file is always parsed). */
    private static String nameOf(byte[] b, int[] line) {
        int end = line[1] > line[0] && b[line[1] - 1] == '\n' ? line[1] - 1 : line[1];
        byte[] slice = Arrays.copyOfRange(b, line[0], end);
        if (!TextFiles.isText(slice)) {
            return null; // parsed in full, which names the problem
        }
        String s = new String(slice, java.nio.charset.StandardCharsets.UTF_8);
        Matcher m = NAME.matcher(s);
        if (!m.matches()) {
            return null;
        }
        return m.group(1) != null ? m.group(1).replace("''", "'") : m.group(2);
    }

    /** Whether a key "file:" or "sysfs:" (a reference to another file) may be in the text: any such word before a colon. */
    private static boolean namesFiles(byte[] b) {
        for (int i = 4; i < b.length; i++) {
            if (b[i] == ':' && b[i - 1] == 'e' && b[i - 2] == 'l' && b[i - 3] == 'i' && b[i - 4] == 'f') {
                return true;
            }
            if (b[i] == ':' && i >= 5 && b[i - 1] == 's' && b[i - 2] == 'f' && b[i - 3] == 's' && b[i - 4] == 'y' && b[i - 5] == 's') {
                return true;
            }
        }
        return false;
    }
}
