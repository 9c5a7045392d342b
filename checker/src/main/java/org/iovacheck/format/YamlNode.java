package org.iovacheck.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Immutable; a YAML node that knows its file and line, so every complaint about it names both. */
public final class YamlNode {
    private final Node node;
    private final String file;

    private YamlNode(Node node, String file) {
        this.node = node;
        this.file = file;
    }

    /** Parses one YAML document; syntax errors become InputExceptions at the offending line. */
    public static YamlNode parse(String text, String file) throws InputException {
        if (text.length() > MAX_CHARS) {
            throw new InputException(file, 0, "a YAML document larger than " + (MAX_CHARS >> 20) + " MiB is not read "
                    + "(give long reserved_regions lists as files or a sysfs tree)");
        }
        LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false)
                // refused by rejectKeys at the key's own line: the composer's refusal carries no mark (it read as line 0)
                .setAllowNonScalarKeys(true)
                .setCodePointLimit(MAX_CHARS + 1)
                // The whole text in the reader's first buffer: snakeyaml-engine's StreamReader copies its window on every
                // refill while a token is open, which made one long line quadratic (4 MiB took 18 s, 16 MiB minutes).
                .setBufferSize(text.length() + 1).build();
        Optional<Node> root;
        LastEvent parser = null;
        try {
            parser = new LastEvent(new ParserImpl(settings, new StreamReader(settings, text)));
            checkDepth(parser, file);
            parser = new LastEvent(new ParserImpl(settings, new StreamReader(settings, text)));
            root = new Composer(settings, parser).getSingleNode();
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw new InputException(file, line > 0 ? line : unmarkedLine(parser), "YAML: " + e.getProblem());
        } catch (ReaderException e) {
            // a character YAML does not allow (a control character); the reader names its position, not its line
            throw new InputException(file, lineOfFirstUnprintable(text), "YAML: " + e.getMessage()
                    + String.format(" (U+%04X)", e.getCodePoint()));
        } catch (YamlEngineException | IllegalArgumentException e) {
            // thrown without a mark by the composer, at the event it was composing: more than 50 aliases of collections
            // ("Number of aliases for non-scalar nodes exceeds..."), or a tag it cannot build (IllegalArgumentException,
            // found by fuzzing: "!ta?:0%e")
            throw new InputException(file, unmarkedLine(parser), "YAML: " + e.getMessage());
        }
        if (root.isEmpty()) {
            throw new InputException(file, 0, "empty file");
        }
        rejectKeys(root.get(), file);
        return new YamlNode(root.get(), file);
    }

    /** The deepest nesting of lists and mappings read; the shipped files nest at most 5 deep. */
    public static final int MAX_DEPTH = 64;
    /** The largest YAML document read, in characters. */
    public static final int MAX_CHARS = 16 << 20;

    /**
     * Refuses nesting deeper than {@link #MAX_DEPTH} before the recursive composer sees it (4 KB of '[' would overflow
     * its stack). The event parser is a state machine with its own stack, so this pass cannot overflow.
     */
    private static void checkDepth(LastEvent events, String file) throws InputException {
        int depth = 0;
        while (events.hasNext()) {
            Event e = events.next();
            if (e instanceof org.snakeyaml.engine.v2.events.CollectionStartEvent) {
                if (++depth > MAX_DEPTH) {
                    throw new InputException(file, unmarkedLine(events), "lists and mappings nested more than " + MAX_DEPTH + " deep");
                }
            } else if (e instanceof org.snakeyaml.engine.v2.events.CollectionEndEvent) {
                depth--;
            }
        }
    }

    /**
     * Refuses a mapping that holds the same key twice, at any depth (the Compose API keeps both and a map would keep the last,
     * so a second {@code groups:} would silently replace the first), and a list or mapping as a key, at the key's line.
     * Iterative, so nesting cannot overflow the stack.
     */
    private static void rejectKeys(Node root, String file) throws InputException {
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
        Set<Node> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        todo.push(root);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (!seen.add(n)) {
                continue;
            }
            if (n instanceof MappingNode m) {
                Map<String, Integer> keys = new java.util.HashMap<>();
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k) {
                        int line = k.getStartMark().map(mk -> mk.getLine() + 1).orElse(0);
                        Integer first = keys.putIfAbsent(k.getValue(), line);
                        if (first != null) {
                            throw new InputException(file, line, "duplicate key '" + k.getValue() + "' (first at line " + first
                                    + "); a key may appear once in a mapping");
                        }
                    } else {
                        throw new InputException(file, lineOf(t.getKeyNode(), m), "a " + (t.getKeyNode() instanceof MappingNode
                                ? "mapping" : "list") + " as a key; keys are single values");
                    }
                    todo.push(t.getValueNode());
                }
            } else if (n instanceof SequenceNode s) {
                for (Node c : s.getValue()) {
                    todo.push(c);
                }
            }
        }
    }

    /** The 1-based line where {@code n} starts, else where {@code near} starts (the composer marks every node it builds). */
    private static int lineOf(Node n, Node near) {
        return n.getStartMark().or(near::getStartMark).map(m -> m.getLine() + 1).orElse(1);
    }

    /** The 1-based line of the event taken last (for the composer's refusals that carry no mark); 1 before the first. */
    private static int unmarkedLine(LastEvent parser) {
        return parser == null || parser.last == null ? 1 : parser.last.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    /** The 1-based line of the first character YAML does not allow ({@link StreamReader#isPrintable(int)}), else 1. */
    static int lineOfFirstUnprintable(String text) {
        int line = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!StreamReader.isPrintable(c)) {
                return line;
            }
            if (c == '\n') {
                line++;
            }
            i += Character.charCount(c);
        }
        return 1;
    }

    /** A parser that remembers the last event it handed out (so an unmarked refusal of the composer gets that line). */
    private static final class LastEvent implements Parser {
        private final Parser inner;
        private Event last;

        LastEvent(Parser inner) {
            this.inner = inner;
        }

        @Override
        public boolean checkEvent(Event.ID id) {
            return inner.checkEvent(id);
        }

        @Override
        public Event peekEvent() {
            return inner.peekEvent();
        }

        @Override
        public Event next() {
            last = inner.next();
            return last;
        }

        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }
    }

    public String file() {
        return file;
    }

    /** 1-based line where the node starts. */
    public int line() {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /** 1-based line of the first content line of a scalar (the line after '|' or '>' for block scalars). */
    public int contentLine() {
        int l = line();
        if (node instanceof ScalarNode s && (s.getScalarStyle() == ScalarStyle.LITERAL || s.getScalarStyle() == ScalarStyle.FOLDED)) {
            return l + 1;
        }
        return l;
    }

    public InputException error(String problem) {
        return new InputException(file, line(), problem);
    }

    /** The mapping's entries in file order; a key not in {@code allowed} is an error naming the allowed keys. */
    public Map<String, YamlNode> map(Set<String> allowed) throws InputException {
        if (!(node instanceof MappingNode m)) {
            throw error("expected a mapping of " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            YamlNode k = new YamlNode(t.getKeyNode(), file);
            String key = k.string();
            if (!allowed.contains(key)) {
                throw k.error("unknown key '" + key + "' (expected one of: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
            out.put(key, new YamlNode(t.getValueNode(), file));
        }
        return out;
    }

    public List<YamlNode> list() throws InputException {
        if (!(node instanceof SequenceNode s)) {
            throw error("expected a list");
        }
        List<YamlNode> out = new ArrayList<>();
        for (Node n : s.getValue()) {
            out.add(new YamlNode(n, file));
        }
        return out;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public String string() throws InputException {
        if (!(node instanceof ScalarNode s)) {
            throw error("expected a single value");
        }
        return s.getValue();
    }

    public long address() throws InputException {
        try {
            return Numbers.address(string());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    public long size() throws InputException {
        try {
            return Numbers.size(string());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    public org.iovacheck.model.Range range() throws InputException {
        try {
            return Numbers.range(string());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    public int integer(int min, int max) throws InputException {
        try {
            return Numbers.intIn(string(), min, max);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    public boolean bool() throws InputException {
        String s = string();
        return switch (s) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("'" + s + "' is not true or false");
        };
    }


    /** The {@code backend} entry of a host or class mapping, vfio-type1 when absent. */
    public static org.iovacheck.model.Backend backend(Map<String, YamlNode> m) throws InputException {
        if (!m.containsKey("backend")) {
            return org.iovacheck.model.Backend.VFIO_TYPE1;
        }
        org.iovacheck.model.Backend b = org.iovacheck.model.Backend.fromLabel(m.get("backend").string());
        if (b == null) {
            throw m.get("backend").error("unknown backend '" + m.get("backend").string() + "' (expected vfio-type1, iommufd or xen)");
        }
        return b;
    }

    /** The {@code relaxable} entry of a host or class mapping, kernel when absent. */
    public static org.iovacheck.model.RelaxablePolicy relaxable(Map<String, YamlNode> m) throws InputException {
        if (!m.containsKey("relaxable")) {
            return org.iovacheck.model.RelaxablePolicy.KERNEL;
        }
        org.iovacheck.model.RelaxablePolicy r = org.iovacheck.model.RelaxablePolicy.fromLabel(m.get("relaxable").string());
        if (r == null) {
            throw m.get("relaxable").error("unknown relaxable policy '" + m.get("relaxable").string() + "' (expected kernel or strict)");
        }
        return r;
    }
}
