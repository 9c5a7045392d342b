package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iovacheck.model.Host;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host files of a fleet directory read through the cache of name-line copies give what each file gives read on its own, also
 * when a line that looks like the name line is not the host's name key.
 */
class HostFileCacheTest {
    @TempDir
    Path dir;

    private static final String GROUPS = """
            groups:
              - id: '3'
                reserved-regions: |
                  0x00000000fee00000 0x00000000feefffff msi
            """;

    private List<Host> stream(Path fleet) throws InputException {
        RecordingSink sink = new RecordingSink();
        FleetStream.read(fleet, sink, n -> { });
        return sink.hosts;
    }

    @Test
    void aNameLineInsideAnotherKeysQuotedTextIsNotTheName() throws Exception {
        // The first line that starts with "name:" lies inside description's multi-line quoted scalar; the host's name key is
        // written below it. Both files are host 'x': a copy of a under the fake line's name would be host 'y'.
        Path fl = Files.createDirectories(dir.resolve("fleet"));
        Files.writeString(fl.resolve("a.yaml"), "description: 'about\nname: \"x\"\nend'\nname: 'x'\n" + GROUPS);
        Files.writeString(fl.resolve("b.yaml"), "description: 'about\nname: \"y\"\nend'\nname: 'x'\n" + GROUPS);
        List<Host> hosts = stream(fl);
        assertEquals(2, hosts.size());
        for (Host h : hosts) {
            Host alone = HostLoader.load(Path.of(h.source().file()));
            assertEquals(alone.name(), h.name(), h.source().file());
        }
        assertEquals(List.of("x", "x"), hosts.stream().map(Host::name).toList());
        // and so a fleet of the two is refused as two hosts of one name, as it is without the cache
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> FleetReader.load(fl));
        assertTrue(e.getMessage().contains("a.yaml") && e.getMessage().contains("b.yaml"), e.getMessage());
    }

    @Test
    void aNameKeyWrittenOtherwiseIsNotTheFileName() throws Exception {
        // No line starts with "name:", yet the host names itself 'a' (quoted key), which is a.yaml's default name too: the same
        // bytes in b.yaml are host 'a' again, not a copy named after its file.
        Path fl = Files.createDirectories(dir.resolve("fleet"));
        String text = "\"name\": a\n" + GROUPS;
        Files.writeString(fl.resolve("a.yaml"), text);
        Files.writeString(fl.resolve("b.yaml"), text);
        assertEquals(List.of("a", "a"), stream(fl).stream().map(Host::name).toList());
    }

    @Test
    void copiesAreStillMadeForRealNameLines() throws Exception {
        Path fl = Files.createDirectories(dir.resolve("fleet"));
        Files.writeString(fl.resolve("a.yaml"), "description: 'one\n  line'\nname: 'a'\n" + GROUPS);
        Files.writeString(fl.resolve("b.yaml"), "description: 'one\n  line'\nname: \"b\"\n" + GROUPS);
        Files.writeString(fl.resolve("c.yaml"), GROUPS); // no name: named after its file
        RecordingSink sink = new RecordingSink();
        FleetStream.read(fl, sink, n -> { });
        List<Host> hosts = sink.hosts;
        List<Host> templates = sink.templates;
        assertEquals(List.of("a", "b", "c"), hosts.stream().map(Host::name).toList());
        assertEquals(1, templates.size(), "b repeats a but for its name line; c differs (no description)");
        assertEquals("a", templates.get(0).name());
    }

    @Test
    void filesThatEndWithoutALineFeedAreReadAsOnTheirOwn() throws Exception {
        // The name line last and without a line feed (a copy is still found), no name line and no final line feed, and a last
        // line cut to one letter: each host or error is what the file gives read alone.
        Path fl = Files.createDirectories(dir.resolve("fleet"));
        Files.writeString(fl.resolve("a.yaml"), GROUPS + "name: 'a'");
        Files.writeString(fl.resolve("b.yaml"), GROUPS + "name: 'b'");
        Files.writeString(fl.resolve("c.yaml"), GROUPS.strip());
        RecordingSink sink = new RecordingSink();
        FleetStream.read(fl, sink, n -> { });
        List<Host> hosts = sink.hosts;
        List<Host> templates = sink.templates;
        assertEquals(List.of("a", "b", "c"), hosts.stream().map(Host::name).toList());
        assertEquals(List.of("a"), templates.stream().map(Host::name).toList(), "b repeats a but for its last line");
        for (Host h : hosts) {
            Host alone = HostLoader.load(Path.of(h.source().file()));
            assertEquals(regions(alone), regions(h), h.source().file());
        }
        Files.writeString(fl.resolve("d.yaml"), GROUPS + "n");
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> stream(fl));
        assertTrue(e.file().endsWith("d.yaml"), e.getMessage());
        InputException alone = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> HostLoader.load(fl.resolve("d.yaml")));
        assertEquals(alone.line(), e.line(), e.getMessage());
    }

    @Test
    void filesWithoutANameLineAreCopiesUnderTheirFileNames() throws Exception {
        // Identical bytes and no name line: each host is named after its file, and the second is known as a copy of the first.
        Path fl = Files.createDirectories(dir.resolve("fleet"));
        Files.writeString(fl.resolve("p.yaml"), GROUPS);
        Files.writeString(fl.resolve("q.yaml"), GROUPS);
        RecordingSink sink = new RecordingSink();
        FleetStream.read(fl, sink, n -> { });
        assertEquals(List.of("p", "q=p"), sink.seen);
    }

    @Test
    void aNameLineThatIsNotOneQuotedScalarIsReadFromTheFile() throws Exception {
        // b.yaml and c.yaml equal a.yaml but for their name lines, plain and with an escape (\x63 is 'c'): they are parsed, not
        // taken as copies of a.
        Path fl = Files.createDirectories(dir.resolve("fleet"));
        Files.writeString(fl.resolve("a.yaml"), "name: 'a'\n" + GROUPS);
        Files.writeString(fl.resolve("b.yaml"), "name: bee\n" + GROUPS);
        Files.writeString(fl.resolve("c.yaml"), "name: \"\\x63\"\n" + GROUPS);
        assertEquals(List.of("a", "bee", "c"), stream(fl).stream().map(Host::name).toList());
    }

    /** Each group's id and its regions' ranges and types (a copy keeps its template's sources). */
    private static List<String> regions(Host h) {
        List<String> out = new ArrayList<>();
        for (var g : h.groups()) {
            for (var r : g.regions()) {
                out.add(g.id() + " " + r.range() + " " + r.type());
            }
        }
        return out;
    }
}
