package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.iovacheck.model.Group;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;
import org.iovacheck.preset.SizeText;

/**
 * Coverage-guided fuzzing of every input parser (Jazzer). Properties: a parse either succeeds or raises an InputException whose
 * message names a file and a line within the text; nothing else may escape; a parse that succeeds round-trips through the
 * writer where one exists. A normal test run replays the committed corpus in ParserFuzzTestInputs/ (seeded from models/);
 * {@code JAZZER_FUZZ=1} (Maven profile {@code fuzz}) fuzzes one target, see docs/hardening.md.
 */
class ParserFuzzTest {
    private static final String FILE = "fuzz-input";

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    /** The text of the raw bytes as every reader decodes them, or null when the decoder refused them with a located error. */
    private static String decode(byte[] data, TextFiles.Padding padding) {
        try {
            return TextFiles.decode(data, FILE, padding);
        } catch (InputException e) {
            assertLocated(e, lineCount(new String(data, StandardCharsets.ISO_8859_1)));
            return null;
        }
    }

    private static int lineCount(String text) {
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static void assertLocated(InputException e, int lines) {
        assertNotNull(e.file(), e.getMessage());
        assertTrue(e.problem() != null && !e.problem().isBlank(), "an error says what is wrong");
        assertTrue(e.line() >= 0 && e.line() <= lines + 1, "line " + e.line() + " outside 0.." + (lines + 1) + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith(e.file()), e.getMessage());
    }

    @FuzzTest
    void sysfsText(byte[] data) throws Exception {
        String text = decode(data, TextFiles.Padding.ALLOW_TRAILING_NUL);
        if (text == null) {
            return;
        }
        List<ReservedRegion> regions;
        try {
            regions = SysfsParser.parse(text, FILE, 1, "7");
        } catch (InputException e) {
            assertLocated(e, lineCount(text));
            return;
        }
        Host h = Host.ofGroups("fuzz", List.of(new Group("7", regions, new Source(FILE, 0))), new Source(FILE, 0));
        Host back = HostLoader.parseHostFile(InstanceWriter.hostYaml(h, List.of()), "written.yaml", Path.of("."), "x");
        assertEquals(regions.stream().map(r -> r.range() + " " + r.type()).toList(),
                back.groups().get(0).regions().stream().map(r -> r.range() + " " + r.type()).toList());
    }

    @FuzzTest
    void hostYaml(byte[] data) throws Exception {
        String text = decode(data, TextFiles.Padding.REFUSE);
        if (text == null) {
            return;
        }
        Host h;
        try {
            h = HostLoader.parseHostFile(text, FILE, Path.of("/nonexistent-fuzz-base"), "fuzz");
        } catch (InputException e) {
            if (e.file().equals(FILE)) {
                assertLocated(e, lineCount(text));
            }
            return;
        }
        String written = InstanceWriter.hostYaml(h, List.of("round trip"));
        Host back;
        try {
            back = HostLoader.parseHostFile(written, "written.yaml", Path.of("/nonexistent-fuzz-base"), "x");
        } catch (InputException e) {
            throw new AssertionError("the writer's host file does not read back: " + e.getMessage() + "\n" + written, e);
        }
        assertSameHost(h, back, written);
    }

    static void assertSameHost(Host a, Host b, String written) {
        assertEquals(a.name(), b.name(), written);
        assertEquals(a.backend(), b.backend(), written);
        assertEquals(a.relaxable(), b.relaxable(), written);
        assertEquals(a.aperture().valid(), b.aperture().valid(), written);
        assertEquals(a.groups().stream().map(g -> g.id() + ":" + g.regions().stream().map(r -> r.range() + " " + r.type()).toList()).toList(),
                b.groups().stream().map(g -> g.id() + ":" + g.regions().stream().map(r -> r.range() + " " + r.type()).toList()).toList(), written);
        assertEquals(a.bridgeWindows().stream().map(w -> w.range() + " " + w.group() + " " + w.name()).toList(),
                b.bridgeWindows().stream().map(w -> w.range() + " " + w.group() + " " + w.name()).toList(), written);
        assertEquals(resolved(a), resolved(b), written);
    }

    private static List<String> resolved(Host h) {
        var rh = HostSemantics.resolve(h, false);
        return Stream.concat(rh.exclusions().stream().map(r -> r.range() + " " + r.type() + " " + r.group()),
                rh.blockers().stream().map(x -> "blocker " + x.region().range())).toList();
    }

    @FuzzTest
    void classYaml(byte[] data) {
        String text = decode(data, TextFiles.Padding.REFUSE);
        if (text == null) {
            return;
        }
        try {
            var c = PlatformClassReader.parse(text, FILE, "fuzz");
            assertTrue(c.apertureMinBits() >= 1 && c.apertureMinBits() <= c.apertureMaxBits() && c.apertureMaxBits() <= 64);
        } catch (InputException e) {
            assertLocated(e, lineCount(text));
        }
    }

    @FuzzTest
    void fleetFile(byte[] data) throws Exception {
        String text = decode(data, TextFiles.Padding.REFUSE);
        if (text == null) {
            return;
        }
        try {
            var f = FleetReader.parseFleetFile(text, FILE, "fuzz");
            for (Host h : f.hosts()) {
                String written = InstanceWriter.hostYaml(h, List.of());
                assertSameHost(h, HostLoader.parseHostFile(written, "written.yaml", Path.of("/nonexistent-fuzz-base"), "x"), written);
            }
        } catch (InputException e) {
            assertLocated(e, lineCount(text));
        }
    }

    @FuzzTest
    void layoutFile(byte[] data) throws Exception {
        String text = decode(data, TextFiles.Padding.REFUSE);
        if (text == null) {
            return;
        }
        GuestLayout g;
        try {
            g = LayoutParser.parse(text, FILE);
        } catch (InputException e) {
            assertLocated(e, lineCount(text));
            return;
        }
        String written = InstanceWriter.layoutText(g, List.of("round trip"));
        GuestLayout back = LayoutParser.parse(written, "written.layout");
        assertEquals(g.regions(), back.regions(), written);
    }

    @FuzzTest
    void sizesAndAddresses(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        try {
            long v = Numbers.size(s);
            assertTrue(v != 0);
            assertEquals(v, Numbers.size(SizeText.of(v)), "SizeText.of(" + Long.toUnsignedString(v) + ") = " + SizeText.of(v));
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
        try {
            long a = Numbers.address(s);
            assertEquals(a, Numbers.address(U64.hex(a)));
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
        try {
            Range r = Numbers.range(s);
            assertEquals(r, Numbers.range(U64.shortHex(r.first()) + "-" + U64.shortHex(r.last())));
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
    }

    /** A tree of group folders: names and file bytes from the fuzzer, read as --host DIR reads them. */
    @FuzzTest
    void sysfsTree(FuzzedDataProvider in) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "tree");
        try {
            Path groups = Files.createDirectories(dir.resolve("iommu_groups"));
            int n = in.consumeInt(0, 4);
            for (int i = 0; i < n; i++) {
                String name = in.consumeBoolean() ? Integer.toString(in.consumeInt(0, 300)) : in.consumeAsciiString(6);
                if (name.isEmpty() || name.contains("/") || name.contains("\0") || name.equals(".") || name.equals("..")) {
                    continue;
                }
                Path g = Files.createDirectories(groups.resolve(name));
                if (in.consumeBoolean()) {
                    Files.write(g.resolve("reserved_regions"), in.consumeBytes(in.consumeInt(0, 300)));
                }
            }
            try {
                Host h = HostLoader.load(dir);
                for (Group g : h.groups()) {
                    assertTrue(Files.exists(groups.resolve(g.id()).resolve("reserved_regions")), g.id());
                }
            } catch (InputException e) {
                assertNotNull(e.file(), e.getMessage());
                assertTrue(e.line() >= 0);
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
