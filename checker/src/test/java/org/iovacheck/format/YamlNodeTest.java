package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iovacheck.model.Backend;
import org.iovacheck.model.Range;
import org.iovacheck.model.RelaxablePolicy;
import org.junit.jupiter.api.Test;

/** The YAML layer under every YAML input (docs/formats.md): values, lines, nesting and size bounds, duplicate keys. */
class YamlNodeTest {
    private static YamlNode parse(String text) throws InputException {
        return YamlNode.parse(text, "y.yaml");
    }

    private static InputException error(String text) {
        return assertThrows(InputException.class, () -> parse(text));
    }

    @Test
    void anEmptyDocumentIsAnError() {
        for (String t : new String[] {"", "# only a comment\n", "\n\n"}) {
            InputException e = error(t);
            assertEquals("y.yaml", e.file());
            assertEquals(0, e.line());
            assertEquals("empty file", e.problem());
        }
        InputException two = error("a: 1\n---\nb: 2\n");
        assertEquals(2, two.line());
        assertTrue(two.problem().startsWith("YAML: "), two.problem());
    }

    @Test
    void nestingUpToTheBoundIsRead() throws InputException {
        int d = YamlNode.MAX_DEPTH;
        YamlNode deep = parse("[".repeat(d) + "]".repeat(d));
        assertTrue(deep.isList());
        InputException e = error("[".repeat(d + 1) + "]".repeat(d + 1));
        assertEquals(1, e.line());
        assertEquals("lists and mappings nested more than 64 deep", e.problem());
        assertTrue(parse(nestedBlock(d)).isMap());
        InputException block = error(nestedBlock(d + 1));
        assertEquals(d + 1, block.line(), "the line of the first mapping too deep");
        assertTrue(block.problem().contains("nested more than 64 deep"), block.problem());
        // depth is nesting, not the number of collections: 200 sibling mappings two deep are fine
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 200; i++) {
            sb.append(i == 0 ? "" : ", ").append("{a: ").append(i).append('}');
        }
        assertEquals(200, parse(sb.append(']').toString()).list().size());
    }

    private static String nestedBlock(int depth) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            sb.append("  ".repeat(i)).append("k:\n");
        }
        return sb.append("  ".repeat(depth)).append("v\n").toString();
    }

    @Test
    void aRecursiveAliasDoesNotLoopTheDuplicateKeyCheck() throws InputException {
        YamlNode n = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> parse("&a [*a, {x: 1}]"));
        assertTrue(n.isList());
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> parse("&m {x: *m, y: 1}"));
        InputException dup = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> error("&m {x: *m, y: {z: 1, z: 2}}"));
        assertTrue(dup.problem().startsWith("duplicate key 'z' (first at line 1)"), dup.problem());
        // an anchored mapping used twice is checked (once) and read twice
        Map<String, YamlNode> m = parse("a: &x {b: 1}\nc: *x\n").map(Set.of("a", "c"));
        assertEquals("1", m.get("c").map(Set.of("b")).get("b").string());
    }

    @Test
    void duplicateKeysNameBothLines() {
        InputException e = error("a: 1\nb:\n  - c: 1\n    d: 2\n    c: 3\n");
        assertEquals(5, e.line());
        assertEquals("duplicate key 'c' (first at line 3); a key may appear once in a mapping", e.problem());
        InputException top = error("a: 1\n\n'a': 2\n");
        assertEquals(3, top.line());
    }

    @Test
    void linesAndContentLines() throws InputException {
        Map<String, YamlNode> m = parse("plain: x\nquoted: 'y'\nliteral: |\n  one\n  two\nfolded: >\n  three\nlist:\n  - 1\n").map(
                Set.of("plain", "quoted", "literal", "folded", "list"));
        assertEquals(1, m.get("plain").line());
        assertEquals(1, m.get("plain").contentLine());
        assertEquals(2, m.get("quoted").contentLine());
        assertEquals(3, m.get("literal").line());
        assertEquals(4, m.get("literal").contentLine(), "a block scalar's text starts on the next line");
        assertEquals("one\ntwo\n", m.get("literal").string());
        assertEquals(7, m.get("folded").contentLine());
        assertEquals(9, m.get("list").line());
        assertEquals(9, m.get("list").contentLine());
        assertEquals("y.yaml", m.get("list").file());
        InputException e = m.get("quoted").error("bad");
        assertEquals("y.yaml:2: bad", e.getMessage());
    }

    @Test
    void shapesAndValues() throws InputException {
        Map<String, YamlNode> m = parse("l: [1, 2]\nm: {a: 1}\ns: 0x10\nz: 4K\nr: 0x10-0x1f\ni: 7\nt: yes\nf: off\n").map(
                Set.of("l", "m", "s", "z", "r", "i", "t", "f"));
        assertTrue(m.get("l").isList());
        assertFalse(m.get("l").isMap());
        assertTrue(m.get("m").isMap());
        assertFalse(m.get("m").isList());
        assertFalse(m.get("s").isList());
        assertFalse(m.get("s").isMap());
        assertEquals(2, m.get("l").list().size());
        assertEquals("2", m.get("l").list().get(1).string());
        assertEquals(16, m.get("s").address());
        assertEquals(4096, m.get("z").size());
        assertEquals(new Range(0x10, 0x1f), m.get("r").range());
        assertEquals(7, m.get("i").integer(1, 7));
        assertTrue(m.get("t").bool());
        assertFalse(m.get("f").bool());
        for (String t : List.of("true", "yes", "on")) {
            assertTrue(parse("v: " + t).map(Set.of("v")).get("v").bool());
        }
        for (String f : List.of("false", "no", "off")) {
            assertFalse(parse("v: " + f).map(Set.of("v")).get("v").bool());
        }
        assertEquals("y.yaml:1: 'maybe' is not true or false", assertThrows(InputException.class,
                () -> parse("v: maybe").map(Set.of("v")).get("v").bool()).getMessage());
        assertEquals("y.yaml:3: expected a list", assertThrows(InputException.class, () -> m.get("s").list()).getMessage());
        assertEquals("y.yaml:1: expected a single value", assertThrows(InputException.class, () -> m.get("l").string()).getMessage());
        assertEquals("y.yaml:1: expected a mapping of a, b", assertThrows(InputException.class,
                () -> m.get("l").map(Set.of("b", "a"))).getMessage());
        assertEquals("y.yaml:2: unknown key 'x' (expected one of: b, c)", assertThrows(InputException.class,
                () -> parse("b: 1\nx: 2\n").map(Set.of("c", "b"))).getMessage());
        assertEquals("y.yaml:3: 'q' is not a number (use 0x-prefixed hex or decimal)",
                assertThrows(InputException.class, () -> parse("a: 1\n\nb: q\n").map(Set.of("a", "b")).get("b").address()).getMessage());
        assertTrue(assertThrows(InputException.class, () -> parse("b: 0").map(Set.of("b")).get("b").size()).getMessage()
                .startsWith("y.yaml:1: size '0' is zero"));
        assertTrue(assertThrows(InputException.class, () -> parse("b: 9").map(Set.of("b")).get("b").range()).getMessage()
                .startsWith("y.yaml:1: '9' is not a range"));
        assertEquals("y.yaml:1: 8 is outside 1..7", assertThrows(InputException.class,
                () -> parse("b: 8").map(Set.of("b")).get("b").integer(1, 7)).getMessage());
        // entries in file order
        assertEquals(List.of("z", "a", "m"), List.copyOf(parse("z: 1\na: 2\nm: 3\n").map(Set.of("a", "m", "z")).keySet()));
    }

    @Test
    void backendAndRelaxableEntries() throws InputException {
        Set<String> keys = Set.of("backend", "relaxable");
        assertEquals(Backend.VFIO_TYPE1, YamlNode.backend(parse("{}").map(keys)));
        assertEquals(RelaxablePolicy.KERNEL, YamlNode.relaxable(parse("{}").map(keys)));
        assertEquals(Backend.IOMMUFD, YamlNode.backend(parse("backend: iommufd").map(keys)));
        assertEquals(Backend.XEN, YamlNode.backend(parse("backend: xen").map(keys)));
        assertEquals(Backend.VFIO_TYPE1, YamlNode.backend(parse("backend: vfio-type1").map(keys)));
        assertEquals(RelaxablePolicy.STRICT, YamlNode.relaxable(parse("relaxable: strict").map(keys)));
        assertEquals(RelaxablePolicy.KERNEL, YamlNode.relaxable(parse("relaxable: kernel").map(keys)));
        assertEquals("y.yaml:2: unknown backend 'kvm' (expected vfio-type1, iommufd or xen)", assertThrows(InputException.class,
                () -> YamlNode.backend(parse("relaxable: kernel\nbackend: kvm").map(keys))).getMessage());
        assertEquals("y.yaml:1: unknown relaxable policy 'x' (expected kernel or strict)", assertThrows(InputException.class,
                () -> YamlNode.relaxable(parse("relaxable: x").map(keys))).getMessage());
    }

    @Test
    void theSizeBoundIsInCharacters() {
        InputException e = error("#" + "x".repeat(YamlNode.MAX_CHARS));
        assertEquals(0, e.line());
        assertEquals("a YAML document larger than 16 MiB is not read (give long reserved_regions lists as files or a sysfs tree)", e.problem());
    }

    /**
     * A document just under the size bound that is one long line (a comment, then a scalar) is read in linear time: the
     * reader's buffer used to be refilled 1 KiB at a time with the open token copied each time, so 4 MiB took 18 s and
     * 16 MiB minutes, a hang to the user. The bound is tens of times what a quiet machine needs (about a second).
     */
    @Test
    void oneLongLineIsNotQuadratic() {
        int n = YamlNode.MAX_CHARS - 64;
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertEquals("empty file", error("#" + "x".repeat(n) + "\n").problem());
            YamlNode doc = parse("name: " + "y".repeat(n) + "\n");
            assertEquals(n, doc.map(Set.of("name")).get("name").string().length());
        });
    }
    @Test
    void theSizeBoundAdmitsExactlyItsSize() {
        assertEquals("empty file", error("#" + "x".repeat(YamlNode.MAX_CHARS - 1)).problem());
    }

    /**
     * A mapping or list as a key is refused at the key's own line (snakeyaml-engine's composer refuses it without a mark,
     * which read as line 0), at any depth, and before any duplicate inside it matters.
     */
    @Test
    void aComplexKeyIsRefusedAtItsLine() {
        InputException e = error("? {a: 1, a: 2}\n: x\n");
        assertEquals(1, e.line());
        assertEquals("a mapping as a key; keys are single values", e.problem());
        InputException list = error("name: h\n? [a,\n   b]\n: x\n");
        assertEquals(2, list.line(), "where the key starts, not where it ends");
        assertEquals("a list as a key; keys are single values", list.problem());
        InputException deep = error("a: 1\nb:\n  c: {[x]: 1}\n");
        assertEquals(3, deep.line());
        assertEquals("y.yaml", deep.file());
    }

    /**
     * The composer's other refusals carry no mark either; each is reported at the line of the event it was composing:
     * the 51st alias of a list (snakeyaml-engine's default limit of 50, against alias bombs) and a tag it cannot build.
     */
    @Test
    void unmarkedComposerRefusalsNameTheirLine() {
        StringBuilder bomb = new StringBuilder("a: &a [x]\n");
        for (int i = 0; i < 60; i++) {
            bomb.append("b").append(i).append(": *a\n");
        }
        InputException aliases = error(bomb.toString());
        assertEquals(52, aliases.line(), "the 51st alias is on line 52");
        assertTrue(aliases.problem().startsWith("YAML: Number of aliases"), aliases.problem());
        InputException tag = error("a: 1\nb:\n  - !x%20\n");
        assertEquals(3, tag.line());
        assertTrue(tag.problem().startsWith("YAML: Tag must not"), tag.problem());
        InputException fuzzed = error("!ta?:0%e");
        assertEquals(1, fuzzed.line());
    }

    /** A control character YAML does not allow is named with its line (the reader gives only a position), after wide ones. */
    @Test
    void aControlCharacterIsNamedAtItsLine() {
        InputException e = error("a: \uD83D\uDE00\nb: \uD83D\uDE00\n\nc: x\u0007\n");
        assertEquals(4, e.line());
        assertEquals("YAML: special characters are not allowed (U+0007)", e.problem());
        assertEquals(1, error("\u0001").line());
    }
}
