package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iovacheck.model.Fleet;
import org.iovacheck.model.Group;
import org.iovacheck.model.Host;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streamed readers agree with reading each host on its own: a .fleet file whose host blocks repeat (read once, then
 * renamed) gives every host its own name, line and regions, each region at its own line; byte-level errors name their line;
 * host files that differ only in their name line are read as if each was parsed.
 */
class FleetStreamTest {
    @TempDir
    Path dir;

    private static final String[] TYPES = {"msi", "reserved", "direct-relaxable", "direct"};

    /** A random host block (without its host line): groups of sysfs lines, blank and comment lines here and there. */
    private static String block(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int groups = 1 + rnd.nextInt(3);
        for (int g = 0; g < groups; g++) {
            if (g > 0 || rnd.nextBoolean()) {
                sb.append("group ").append(g * 2 + 1).append('\n');
            }
            for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
                long a = (long) rnd.nextInt(64) << 20;
                sb.append(String.format("0x%016x 0x%016x %s%n", a, a + (1L << 20) - 1, TYPES[rnd.nextInt(TYPES.length)]));
                if (rnd.nextInt(5) == 0) {
                    sb.append(rnd.nextBoolean() ? "\n" : "# note\n");
                }
            }
        }
        return sb.toString();
    }

    @Test
    void repeatedHostBlocksReadAsEachHostAlone() throws Exception {
        long seed = Seeds.seed("FleetStreamTest.repeatedHostBlocksReadAsEachHostAlone");
        Random rnd = new Random(seed);
        for (int round = 0; round < 30; round++) {
            List<String> blocks = new ArrayList<>();
            for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
                blocks.add(block(rnd));
            }
            StringBuilder text = new StringBuilder("# fleet " + round + "\n");
            List<String> hostTexts = new ArrayList<>();
            for (int h = 0, n = 1 + rnd.nextInt(12); h < n; h++) {
                String opts = rnd.nextInt(4) == 0 ? " aperture-bits=" + (39 + rnd.nextInt(3)) : "";
                String hostLine = "host h" + h + opts + "\n";
                String one = hostLine + blocks.get(rnd.nextInt(blocks.size()));
                hostTexts.add(one);
                text.append(one);
            }
            Path f = Files.writeString(dir.resolve("r" + round + ".fleet"), text);
            Fleet fleet = FleetReader.load(f);
            List<String> lines = List.of(text.toString().split("\n", -1));
            assertEquals(hostTexts.size(), fleet.hosts().size(), "seed " + seed);
            for (int h = 0; h < hostTexts.size(); h++) {
                Host got = fleet.hosts().get(h);
                Host alone = FleetReader.parseFleetFile(hostTexts.get(h), "alone", "alone").hosts().get(0);
                assertEquals("h" + h, got.name());
                assertTrue(lines.get(got.source().line() - 1).startsWith("host h" + h), "seed " + seed + ": host line of h" + h);
                assertEquals(alone.aperture(), got.aperture(), "seed " + seed);
                assertEquals(alone.groups().size(), got.groups().size(), "seed " + seed);
                for (int g = 0; g < alone.groups().size(); g++) {
                    Group a = alone.groups().get(g);
                    Group b = got.groups().get(g);
                    assertEquals(a.id(), b.id());
                    assertEquals(a.regions().stream().map(r -> r.range() + " " + r.type()).toList(),
                            b.regions().stream().map(r -> r.range() + " " + r.type()).toList(), "seed " + seed);
                    if (h == firstWithBlock(hostTexts, h)) {
                        for (ReservedRegion r : b.regions()) {
                            assertTrue(lines.get(r.source().line() - 1).startsWith(String.format("0x%016x", r.range().first())),
                                    "seed " + seed + ": region line " + r.source().line());
                        }
                    }
                }
            }
            // an error in the last host, whose block may repeat an earlier one up to the bad line, names its own line
            String bad = text + "host bad\n0x0000000000000000 0x0000000000000fff msi\n0x1 0x0 reserved\n";
            Path b = Files.writeString(dir.resolve("bad" + round + ".fleet"), bad);
            InputException e = assertThrows(InputException.class, () -> FleetReader.load(b));
            assertEquals(lines.size() + 2, e.line(), "seed " + seed + ": " + e.getMessage());
        }
    }

    /** The index of the first host whose block text equals host h's (the one parsed; the later ones are renamed copies). */
    private static int firstWithBlock(List<String> hostTexts, int h) {
        String body = hostTexts.get(h).substring(hostTexts.get(h).indexOf('\n'));
        String opts = hostTexts.get(h).substring(0, hostTexts.get(h).indexOf('\n')).replaceFirst("^host h\\d+", "");
        for (int i = 0; i < h; i++) {
            String t = hostTexts.get(i);
            if (t.substring(t.indexOf('\n')).equals(body) && t.substring(0, t.indexOf('\n')).replaceFirst("^host h\\d+", "").equals(opts)) {
                return i;
            }
        }
        return h;
    }

    @Test
    void aHostTooLargeToBeComparedIsParsedAsItComesWithItsLines() throws Exception {
        StringBuilder sb = new StringBuilder("host big\ngroup 1\n");
        int n = 30_000; // 43 chars a line: past the 1 Mi chars a block is held for
        for (int i = 0; i < n; i++) {
            sb.append(String.format("0x%016x 0x%016x reserved%n", (long) i << 16, ((long) i << 16) + 0xfff));
        }
        sb.append("host small\n0x0000000000000000 0x0000000000000fff msi\n");
        Fleet f = FleetReader.load(Files.writeString(dir.resolve("big.fleet"), sb));
        assertEquals(List.of("big", "small"), f.hosts().stream().map(Host::name).toList());
        List<ReservedRegion> rs = f.hosts().get(0).groups().get(0).regions();
        assertEquals(n, rs.size());
        assertEquals(n + 2, rs.get(n - 1).source().line());
        assertEquals(n + 3, f.hosts().get(1).source().line());
        String bad = sb.toString().replace(String.format("0x%016x 0x", (long) (n - 5) << 16), String.format("0x%016x 0y", (long) (n - 5) << 16));
        InputException e = assertThrows(InputException.class, () -> FleetReader.load(Files.writeString(dir.resolve("bad.fleet"), bad)));
        assertEquals(n - 5 + 3, e.line(), e.getMessage());
    }

    @Test
    void byteLevelProblemsOfAFleetFileNameTheirLine() throws Exception {
        String ok = "host a\n0x0000000000000000 0x0000000000000fff msi\n";
        assertByteError((ok + "host b\n0x0000000000000000 0x0000000000000fff\0 msi\n").getBytes(StandardCharsets.UTF_8), 4, "NUL");
        assertByteError((ok + "host b\r0x0 0xfff msi\n").getBytes(StandardCharsets.UTF_8), 3, "carriage return");
        assertByteError((ok + "host b\n0x0 0xfff msi\r").getBytes(StandardCharsets.UTF_8), 4, "carriage return");
        byte[] bom = ("\uFEFF" + ok).getBytes(StandardCharsets.UTF_8);
        assertByteError(bom, 1, "byte order mark");
        byte[] latin1 = (ok + "host caf\u00e9\n0x0 0xfff msi\n").getBytes(StandardCharsets.ISO_8859_1);
        assertByteError(latin1, 3, "not UTF-8");
        // CR LF line ends and UTF-8 names are fine
        Path crlf = Files.write(dir.resolve("crlf.fleet"), (ok.replace("\n", "\r\n") + "host caf\u00e9\r\n0x0 0xfff msi\r\n")
                .getBytes(StandardCharsets.UTF_8));
        Fleet f = FleetReader.load(crlf);
        assertEquals(List.of("a", "caf\u00e9"), f.hosts().stream().map(Host::name).toList());
        assertEquals(3, f.hosts().get(1).source().line());
    }

    private void assertByteError(byte[] bytes, int line, String fragment) throws Exception {
        Path f = Files.write(dir.resolve("b.fleet"), bytes);
        InputException e = assertThrows(InputException.class, () -> FleetReader.load(f));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        // the whole-text reader says the same
        InputException whole = assertThrows(InputException.class, () -> FleetReader.parseFleetFile(TextFiles.read(f), f.toString(), "b"));
        assertEquals(whole.getMessage(), e.getMessage());
    }

    @Test
    void hostFilesThatDifferOnlyInTheirNameLineReadAsIfEachWasParsed() throws Exception {
        String body = """
                backend: vfio-type1
                groups:
                  - id: '3'
                    reserved-regions: |
                      0x00000000fee00000 0x00000000feefffff msi
                """;
        Path fl = Files.createDirectories(dir.resolve("fleet"));
        Files.writeString(fl.resolve("a.yaml"), "name: 'a'\n" + body);
        Files.writeString(fl.resolve("b.yaml"), "# b\nname: 'it''s b'\n" + body);
        Files.writeString(fl.resolve("c.yaml"), body); // no name line: named after its file
        Files.writeString(fl.resolve("d.yaml"), "name: \"d\"\n" + body);
        Files.writeString(fl.resolve("e.yaml"), "name: &n e\n" + body.replace("'3'", "*n")); // an alias: parsed on its own
        RecordingSink sink = new RecordingSink();
        FleetStream.read(fl, sink, n -> { });
        List<Host> streamed = sink.hosts;
        List<Host> templates = sink.templates;
        assertEquals(List.of("a", "it's b", "c", "d", "e"), streamed.stream().map(Host::name).toList());
        // c (no name line) and d repeat a's text but for the name line; b's comment line makes its text differ; e has an alias
        assertEquals(2, templates.size(), templates.toString());
        assertSame(streamed.get(0), templates.get(0));
        assertSame(streamed.get(0), templates.get(1));
        for (Host h : streamed) {
            Host alone = HostLoader.load(Path.of(h.source().file()));
            assertEquals(alone.name(), h.name());
            assertEquals(alone.source(), h.source());
            assertEquals(alone.groups().stream().map(g -> g.id() + g.regions().stream().map(r -> r.range() + " " + r.type()).toList()).toList(),
                    h.groups().stream().map(g -> g.id() + g.regions().stream().map(r -> r.range() + " " + r.type()).toList()).toList());
        }
        assertEquals("e", streamed.get(4).groups().get(0).id(), "the alias gives the group the host's name");
        // a name line that is not UTF-8 is parsed, and refused, on its own
        Files.write(fl.resolve("f.yaml"), ("name: '\u00ff'\n" + body).getBytes(StandardCharsets.ISO_8859_1));
        InputException e = assertThrows(InputException.class, () -> FleetReader.load(fl));
        assertTrue(e.getMessage().startsWith(fl.resolve("f.yaml") + ":1: not UTF-8"), e.getMessage());
    }
}
