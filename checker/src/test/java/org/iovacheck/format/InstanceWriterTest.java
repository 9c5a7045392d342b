package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.iovacheck.model.Aperture;
import org.iovacheck.model.Backend;
import org.iovacheck.model.BridgeWindow;
import org.iovacheck.model.Group;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.MsiKind;
import org.iovacheck.model.MsiOverride;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * InstanceWriter's host file and guest layout read back (HostLoader, LayoutParser) to the same host and regions, and writeNew
 * creates files without replacing anything (docs/cli.md, "Output files").
 */
class InstanceWriterTest {
    @TempDir
    Path dir;

    private static ReservedRegion rr(long first, long last, RegionType t, String group) {
        return new ReservedRegion(new Range(first, last), t, group, null, Source.BUILTIN);
    }

    private static Host richHost(String name) {
        Group g1 = new Group("7", List.of(rr(0x8000000L, 0x80fffffL, RegionType.MSI, "7"), rr(0, 0xffffffL, RegionType.DIRECT, "7"),
                rr(0xa0000000L, 0xa00fffffL, RegionType.MSI, "7"), rr(0xfd00000000L, 0xffffffffffL, RegionType.RESERVED, "7")),
                Source.BUILTIN);
        Group g2 = new Group("group two", List.of(rr(0xc6010000L, 0xc601ffffL, RegionType.MSI_HW, "group two"),
                rr(0xfee00000L, 0xfeefffffL, RegionType.MSI_SW, "group two"),
                rr(0x1000000L, 0x10ffffffL, RegionType.DIRECT_RELAXABLE, "group two"),
                rr(0xfffffffffffff000L, U64.MAX, RegionType.RESERVED, "group two")), Source.BUILTIN);
        Group empty = new Group("9", List.of(), Source.BUILTIN);
        Aperture ap = new Aperture(List.of(new Range(0, 0xfedfffffL), new Range(0xfef00000L, 0xfcffffffffL)), "test");
        List<BridgeWindow> windows = List.of(new BridgeWindow(new Range(0xe0000000L, 0xf7feffffL), "7", "root port 0000:00:01.0",
                Source.BUILTIN), new BridgeWindow(new Range(0x4000000000L, 0x40ffffffffL), null, null, Source.BUILTIN));
        List<MsiOverride> overrides = List.of(new MsiOverride(new Range(0xa0000000L, 0xa00fffffL), MsiKind.SOFTWARE, "7", Source.BUILTIN));
        return new Host(name, List.of(g1, g2, empty), ap, windows, Backend.IOMMUFD, RelaxablePolicy.STRICT, overrides, Source.BUILTIN);
    }

    /** What a host means: its decided regions per group (type, range, group), exclusions and blockers. */
    private static List<String> meaning(Host h) {
        var r = HostSemantics.resolve(h);
        return Stream.concat(Stream.concat(r.regions().stream().map(x -> "region " + x.group() + " " + x.type() + " " + x.range()),
                r.exclusions().stream().map(x -> "excl " + x.group() + " " + x.type() + " " + x.range() + " " + x.name())),
                r.blockers().stream().map(b -> "blocker " + b.region().range())).toList();
    }

    private static Host readBack(String yaml, String label) throws InputException {
        return HostLoader.parseHostFile(yaml, label, Path.of("."), "unnamed");
    }

    @Test
    void aHostFileReadsBackToTheSameHost() throws InputException {
        Host h = richHost("d05 'quoted' host");
        String yaml = InstanceWriter.hostYaml(h, List.of("first comment", "two\nlines"));
        Host back = readBack(yaml, "host.yaml");
        assertEquals(h.name(), back.name());
        assertEquals(Backend.IOMMUFD, back.backend());
        assertEquals(RelaxablePolicy.STRICT, back.relaxable());
        assertEquals(h.aperture().valid(), back.aperture().valid());
        assertEquals(List.of("7", "group two", "9"), back.groups().stream().map(Group::id).toList());
        assertEquals(List.of(), back.groups().get(2).regions());
        for (int i = 0; i < 2; i++) {
            assertEquals(h.groups().get(i).regions().stream().map(ReservedRegion::range).toList(),
                    back.groups().get(i).regions().stream().map(ReservedRegion::range).toList());
        }
        assertEquals(h.bridgeWindows().stream().map(w -> w.range() + " " + w.group() + " " + w.name()).toList(),
                back.bridgeWindows().stream().map(w -> w.range() + " " + w.group() + " " + w.name()).toList());
        assertEquals(meaning(h), meaning(back));
        assertEquals(List.of("0x00000000a0000000-0x00000000a00fffff SOFTWARE 7"),
                back.msiOverrides().stream().filter(o -> o.range().first() == 0xa0000000L).map(o -> o.range() + " " + o.kind() + " " + o.group())
                        .toList());
        // the comments are comments: every line of them starts with '#', the second folded onto one line
        assertTrue(yaml.startsWith("# first comment\n# two lines\n"), yaml);
    }

    @Test
    void decidedMsiKindsAreWrittenAsMsiLinesWithTheirKindForTheirGroup() throws InputException {
        Group g = new Group("3", List.of(rr(0x8000000L, 0x80fffffL, RegionType.MSI_HW, "3")), Source.BUILTIN);
        Group other = new Group("4", List.of(rr(0x8000000L, 0x80fffffL, RegionType.MSI, "4")), Source.BUILTIN);
        Host h = Host.ofGroups("h", List.of(g, other), Source.BUILTIN);
        Host back = readBack(InstanceWriter.hostYaml(h, List.of()), "h.yaml");
        assertEquals(RegionType.MSI, back.groups().get(0).regions().get(0).type(), "sysfs spells every MSI region 'msi'");
        assertEquals(List.of(new MsiOverride(new Range(0x8000000L, 0x80fffffL), MsiKind.HARDWARE, "3", back.msiOverrides().get(0).source())),
                back.msiOverrides());
        // the hardware decision is the group's alone: group 4's line at the arm window stays software by the rule
        var resolved = HostSemantics.resolve(back).regions();
        assertEquals(RegionType.MSI_HW, resolved.get(0).type());
        assertEquals(RegionType.MSI_SW, resolved.get(1).type());
        assertEquals(meaning(h), meaning(back));
    }

    @Test
    void aSoftwareMsiRegionAloneIsWrittenWithItsKind() throws InputException {
        Host h = Host.ofGroups("sw", List.of(new Group("2", List.of(rr(0xa0000000L, 0xa00fffffL, RegionType.MSI_SW, "2")), Source.BUILTIN)),
                Source.BUILTIN);
        Host back = readBack(InstanceWriter.hostYaml(h, List.of()), "sw.yaml");
        assertEquals(RegionType.MSI_SW, HostSemantics.resolve(back).regions().get(0).type(), "not the rule's hardware");
        Host hostWide = new Host("o", List.of(new Group("2", List.of(rr(0xa0000000L, 0xa00fffffL, RegionType.MSI, "2")), Source.BUILTIN)),
                Aperture.full(), List.of(), Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL,
                List.of(new MsiOverride(new Range(0xa0000000L, 0xa00fffffL), MsiKind.SOFTWARE, null, Source.BUILTIN)), Source.BUILTIN);
        Host hb = readBack(InstanceWriter.hostYaml(hostWide, List.of()), "o.yaml");
        assertEquals(null, hb.msiOverrides().get(0).group());
        assertEquals(MsiKind.SOFTWARE, hb.msiOverrides().get(0).kind());
    }

    @Test
    void aHostWithoutMsiOrWindowsWritesNeitherKey() throws InputException {
        Host h = Host.ofGroups("plain", List.of(new Group("0", List.of(rr(0x1000, 0x1fff, RegionType.RESERVED, "0")), Source.BUILTIN)),
                Source.BUILTIN);
        String yaml = InstanceWriter.hostYaml(h, List.of());
        assertFalse(yaml.contains("msi:"), yaml);
        assertFalse(yaml.contains("bridge-windows:"), yaml);
        assertFalse(yaml.contains("valid-iova:"), yaml);
        Host back = readBack(yaml, "plain.yaml");
        assertTrue(back.aperture().isFull());
        assertEquals(Backend.VFIO_TYPE1, back.backend());
        assertEquals(List.of(new Range(0x1000, 0x1fff)), back.groups().get(0).regions().stream().map(ReservedRegion::range).toList());
        assertEquals(RegionType.RESERVED, back.groups().get(0).regions().get(0).type());
    }

    @Test
    void aBitsApertureIsWrittenAsItsValidRange() throws InputException {
        Host h = new Host("a", List.of(new Group("1", List.of(), Source.BUILTIN)), Aperture.bits(39), List.of(), Backend.XEN,
                RelaxablePolicy.KERNEL, List.of(), Source.BUILTIN);
        Host back = readBack(InstanceWriter.hostYaml(h, List.of()), "a.yaml");
        assertEquals(List.of(new Range(0, 0x7fffffffffL)), back.aperture().valid());
        assertEquals(Backend.XEN, back.backend());
        assertEquals(RelaxablePolicy.KERNEL, back.relaxable());
    }

    @Test
    void namesWithQuotesControlCharactersAndLineSeparatorsReadBackExactly() throws InputException {
        String[] names = {"it's", "tab\there", "new\nline", "cr\rhere", "nel\u0085x", "ls\u2028ps\u2029", "del\u007f", "back\\slash \"q\"",
                "", "#not a comment", "ünïcode", "- dash", "key: value", "q\"b\\\tt", "\\\n\"",
                // C1 controls and non-characters are outside YAML's printable set (fuzzing found U+0084 written raw)
                "c1\u0084x", "c1\u0080\u009f", "nonchar\ufffe\uffff", "astral \ud83d\ude00"};
        for (String n : names) {
            Host h = new Host(n, List.of(new Group(n, List.of(), Source.BUILTIN)), Aperture.full(),
                    List.of(new BridgeWindow(new Range(0x1000, 0x1fff), n, n, Source.BUILTIN)), Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL,
                    List.of(), Source.BUILTIN);
            Host back = readBack(InstanceWriter.hostYaml(h, List.of(n)), "q.yaml");
            assertEquals(n, back.name(), "name " + n.chars().boxed().toList());
            assertEquals(n, back.groups().get(0).id());
            assertEquals(n, back.bridgeWindows().get(0).group());
            assertEquals(n, back.bridgeWindows().get(0).name());
        }
    }

    @Test
    void aGuestLayoutReadsBackToTheSameRegions() throws InputException {
        List<GuestRegion> regions = List.of(new GuestRegion("ram-below-4g", GuestKind.RAM, new Range(0, 0x7fffffffL)),
                new GuestRegion("bios", GuestKind.ROM, new Range(0xfffc0000L, 0xffffffffL)),
                new GuestRegion("gpu bar0 #1", GuestKind.BAR, new Range(0x382800000000L, 0x382bffffffffL)),
                new GuestRegion("hotplug", GuestKind.HOTPLUG, new Range(0x100000000L, 0x1ffffffffL)),
                new GuestRegion("lapic", GuestKind.MMIO, new Range(0xfee00000L, 0xfee00fffL)),
                new GuestRegion("top", GuestKind.MMIO, new Range(0xfffffffffffff000L, U64.MAX)));
        GuestLayout g = new GuestLayout("presets/qemu-q35", regions, List.of("-m 4G", "-M q35"), List.of());
        String text = InstanceWriter.layoutText(g, List.of("why", "multi\nline"));
        assertTrue(text.startsWith("# why\n# multi line\n# from presets/qemu-q35: -m 4G -M q35\n"), text);
        GuestLayout back = LayoutParser.parse(text, "guest.layout");
        assertEquals(regions.size(), back.regions().size());
        List<GuestRegion> sorted = regions.stream().sorted(java.util.Comparator.comparing(GuestRegion::range)).toList();
        for (int i = 0; i < regions.size(); i++) {
            GuestRegion want = sorted.get(i);
            GuestRegion got = back.regions().get(i);
            assertEquals(want.range(), got.range());
            assertEquals(want.kind(), got.kind());
            assertEquals(want.name().replace('#', '_'), got.name(), "'#' would start a comment");
        }
        String bare = InstanceWriter.layoutText(new GuestLayout("my.layout", regions.subList(0, 1), List.of(), List.of()), List.of());
        assertTrue(bare.startsWith("# from my.layout\n0x"), bare);
    }

    /** Regression: a CR or DEL in a comment or a region name wrote files that did not read back (YAML, the line readers). */
    @Test
    void lineBreaksAndControlCharactersInCommentsAndNamesStayOnTheirLine() throws Exception {
        String[] texts = {"cr\rhere", "del\u007fx", "nl\nx", "nel\u0085x", "ls\u2028ps\u2029x", "tab\tx", "bell\u0007x"};
        int k = 0;
        for (String t : texts) {
            Host h = Host.ofGroups(t, List.of(new Group("1", List.of(rr(0x1000, 0x1fff, RegionType.RESERVED, "1")), Source.BUILTIN)),
                    Source.BUILTIN);
            Path hf = InstanceWriter.writeNew(dir, "h" + k + ".yaml", InstanceWriter.hostYaml(h, List.of("why: " + t)));
            assertEquals(t, HostLoader.load(hf).name());
            GuestLayout g = new GuestLayout("from " + t, List.of(new GuestRegion("ram " + t, GuestKind.RAM, new Range(0, 0xfffff))),
                    List.of(t), List.of());
            Path gf = InstanceWriter.writeNew(dir, "g" + k++ + ".layout", InstanceWriter.layoutText(g, List.of("why: " + t)));
            GuestLayout back = LayoutParser.load(gf);
            assertEquals(1, back.regions().size());
            assertEquals(new Range(0, 0xfffff), back.regions().get(0).range());
            String name = back.regions().get(0).name();
            assertTrue(name.startsWith("ram ") && name.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028),
                    name.chars().boxed().toList().toString());
            assertEquals(("ram " + t).length(), name.length(), "each character kept or replaced by a space");
        }
    }

    @Test
    void theDigestIsTheFirstTwelveHexDigitsOfSha256() throws Exception {
        for (String s : new String[] {"", "abc", "é\n"}) {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            assertEquals(HexFormat.of().formatHex(d).substring(0, 12), InstanceWriter.digest(s));
        }
        // the well-known SHA-256 of "abc"
        assertEquals("ba7816bf8f01", InstanceWriter.digest("abc"));
    }

    @Test
    void writeNewCreatesTheLastFolderOnlyAndNeverReplaces() throws Exception {
        Path out = dir.resolve("out");
        Path f = InstanceWriter.writeNew(out, "a.txt", "content");
        assertEquals(out.resolve("a.txt"), f);
        assertEquals("content", Files.readString(f));
        // the same content again: kept, no error; other content: refused, the file untouched
        assertEquals(f, InstanceWriter.writeNew(out, "a.txt", "content"));
        NewFile.WriteFailure e = assertThrows(NewFile.WriteFailure.class, () -> InstanceWriter.writeNew(out, "a.txt", "other"));
        assertTrue(e.getMessage().startsWith("cannot write " + f + ": it already exists with other content"), e.getMessage());
        assertEquals("content", Files.readString(f));
        NewFile.WriteFailure deep = assertThrows(NewFile.WriteFailure.class,
                () -> InstanceWriter.writeNew(dir.resolve("x").resolve("y"), "a.txt", "content"));
        assertTrue(deep.getMessage().contains("does not exist"), deep.getMessage());
        assertFalse(Files.exists(dir.resolve("x")));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("a.txt"), s.map(p -> p.getFileName().toString()).toList(), "no temporary file left");
        }
    }
}
