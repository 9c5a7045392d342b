package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.iovacheck.model.Group;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Host;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counterexample folder of docs/alloy.md ("Counterexamples"): {@code <host>-<guest>-<hash>} holding host.yaml and
 * guest.layout that read back to the same host and guest, and instance.xml when given; atomic, never replacing other content.
 */
class CounterexampleWriterTest {
    @TempDir
    Path dir;

    private static Host host(String name, long msiFirst) {
        return Host.ofGroups(name, List.of(new Group("7", List.of(new ReservedRegion(new Range(msiFirst, msiFirst + 0xfffff), RegionType.MSI,
                "7", null, Source.BUILTIN)), Source.BUILTIN)), Source.BUILTIN);
    }

    private static GuestLayout guest(String origin) {
        return new GuestLayout(origin, List.of(new GuestRegion("ram", GuestKind.RAM, new Range(0x40000000L, 0x13fffffffL))), List.of(),
                List.of());
    }

    private static List<String> names(Path p) throws Exception {
        try (Stream<Path> s = Files.list(p)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha12(String text) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d).substring(0, 12);
    }

    @Test
    void savesTheReplayFilesInAContentNamedFolder() throws Exception {
        Path out = dir.resolve("counterexamples");
        Path folder = CounterexampleWriter.save(out, host("hisilicon-d05", 0x8000000L), guest("presets/qemu-virt"), List.of("UNSAFE: why"),
                "<alloy/>");
        assertEquals(out, folder.getParent(), "the last folder is created");
        assertEquals(List.of("guest.layout", "host.yaml", "instance.xml"), names(folder));
        String h = Files.readString(folder.resolve("host.yaml"));
        String g = Files.readString(folder.resolve("guest.layout"));
        assertEquals("hisilicon-d05-qemu-virt-" + sha12(h + g), folder.getFileName().toString());
        assertEquals("<alloy/>", Files.readString(folder.resolve("instance.xml")));
        assertTrue(h.startsWith("# UNSAFE: why\n"), h);
        assertTrue(g.startsWith("# UNSAFE: why\n"), g);
        Host back = HostLoader.load(folder.resolve("host.yaml"));
        assertEquals("hisilicon-d05", back.name());
        assertEquals(List.of(new Range(0x8000000L, 0x80fffffL)), back.groups().get(0).regions().stream().map(ReservedRegion::range).toList());
        GuestLayout gb = LayoutParser.load(folder.resolve("guest.layout"));
        assertEquals(List.of(new Range(0x40000000L, 0x13fffffffL)), gb.regions().stream().map(GuestRegion::range).toList());
    }

    @Test
    void withoutAnAlloyInstanceOnlyTheReplayFiles() throws Exception {
        Path folder = CounterexampleWriter.save(dir, host("h", 0xfee00000L), guest("g.layout"), List.of(), null);
        assertEquals(List.of("guest.layout", "host.yaml"), names(folder));
        assertTrue(folder.getFileName().toString().startsWith("h-g.layout-"), folder.toString());
    }

    @Test
    void savingTwiceIsTheSameFolderAndOtherContentIsNeverReplaced() throws Exception {
        Path a = CounterexampleWriter.save(dir, host("h", 0x8000000L), guest("g"), List.of("c"), "<x/>");
        byte[] before = Files.readAllBytes(a.resolve("host.yaml"));
        Path again = CounterexampleWriter.save(dir, host("h", 0x8000000L), guest("g"), List.of("c"), "<x/>");
        assertEquals(a, again);
        assertEquals(List.of(a.getFileName().toString()), names(dir));
        // another host is another folder
        Path b = CounterexampleWriter.save(dir, host("h", 0xfee00000L), guest("g"), List.of("c"), null);
        assertNotEquals(a, b);
        // an instance of other content at the same place is refused and left as it was
        NewFile.WriteFailure e = assertThrows(NewFile.WriteFailure.class,
                () -> CounterexampleWriter.save(dir, host("h", 0x8000000L), guest("g"), List.of("c"), "<y/>"));
        assertTrue(e.getMessage().startsWith("cannot write " + a.resolve("instance.xml") + ": it already exists with other content"),
                e.getMessage());
        assertEquals("<x/>", Files.readString(a.resolve("instance.xml")));
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(a.resolve("host.yaml")));
        assertEquals(List.of("guest.layout", "host.yaml", "instance.xml"), names(a), "no temporary file left");
    }

    @Test
    void theFolderNameIsOneSafePathComponent() throws Exception {
        String longName = "x".repeat(60);
        Path folder = CounterexampleWriter.save(dir, host("../a b/c:d", 0x8000000L), guest("/some/dir/" + longName), List.of(), null);
        assertEquals(dir, folder.getParent());
        String n = folder.getFileName().toString();
        assertTrue(n.startsWith(".._a_b_c_d-" + "x".repeat(40) + "-"), n);
        assertEquals(".._a_b_c_d-".length() + 40 + 1 + 12, n.length(), n);
        Path shortName = CounterexampleWriter.save(dir, host("y".repeat(40), 0x8000000L), guest("z"), List.of(), null);
        assertTrue(shortName.getFileName().toString().startsWith("y".repeat(40) + "-z-"), shortName.toString());
    }

    @Test
    void aFileWhereTheFolderGoesIsRefused() throws Exception {
        Path f = dir.resolve("taken");
        Files.writeString(f, "mine");
        NewFile.WriteFailure e = assertThrows(NewFile.WriteFailure.class,
                () -> CounterexampleWriter.save(f, host("h", 0x8000000L), guest("g"), List.of(), null));
        assertTrue(e.getMessage().contains("it exists and is not a folder"), e.getMessage());
        assertEquals("mine", Files.readString(f));
        assertFalse(Files.exists(dir.resolve("missing")));
        assertThrows(NewFile.WriteFailure.class,
                () -> CounterexampleWriter.save(dir.resolve("missing").resolve("deeper"), host("h", 0x8000000L), guest("g"), List.of(), null));
        assertFalse(Files.exists(dir.resolve("missing")), "only the last folder is created");
    }
}
