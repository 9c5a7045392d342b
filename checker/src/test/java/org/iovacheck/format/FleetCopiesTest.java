package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iovacheck.model.Host;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the fleet readers promise their sink about repeated hosts: a repeated .fleet block or host file goes to
 * {@link FleetStream.Sink#same} with the host it repeats, anything else to {@link FleetStream.Sink#host}; texts that merely
 * hash alike, files that name other files and the host after one too large to compare are each read on their own.
 */
class FleetCopiesTest {
    @TempDir
    Path dir;

    /** What a read handed to its sink: "name" for a host, "name=template" for a copy. */
    private final List<String> seen = new ArrayList<>();
    private final List<Host> hosts = new ArrayList<>();

    private FleetStream.Read read(Path p) throws InputException {
        return FleetStream.read(p, new FleetStream.Sink() {
            @Override
            public void host(Host h, String origin) {
                seen.add(h.name());
                hosts.add(h);
            }

            @Override
            public void same(Host h, Host template, String origin) {
                assertSame(hosts.stream().filter(x -> x == template).findFirst().orElse(null), template, "a template the sink saw");
                seen.add(h.name() + "=" + template.name());
                hosts.add(h);
            }
        }, n -> { });
    }

    private static String regions(Host h) {
        return h.groups().stream().map(g -> g.id() + g.regions().stream().map(r -> r.range() + " " + r.type() + " @" + r.source().line())
                .toList()).toList().toString();
    }

    @Test
    void repeatedFleetBlocksGoToTheSinkAsCopies() throws Exception {
        String a = "group 1\n0x00000000fee00000 0x00000000feefffff msi\n";
        String c = "group 1\n0x00000000fee00000 0x00000000feefffff reserved\n";
        Path f = Files.writeString(dir.resolve("f.fleet"), "host a\n" + a + "host b\n" + a + "host c\n" + c + "host d\n" + a
                + "host e aperture-bits=39\n" + a + "host f aperture-bits=39\n" + a);
        FleetStream.Read r = read(f);
        assertEquals(List.of("a", "b=a", "c", "d=a", "e", "f=e"), seen);
        assertEquals(6, r.hosts());
        assertEquals("f", r.name());
        assertEquals(List.of(4, 7), List.of(hosts.get(1).source().line(), hosts.get(2).source().line()));
    }

    @Test
    void theHostAfterOneTooLargeToCompareHasOnlyItsOwnLines() throws Exception {
        StringBuilder sb = new StringBuilder("host big\ngroup 1\n");
        for (int i = 0; i < 30_000; i++) { // 43 chars a line: past the 1 Mi chars a block is held for
            sb.append(String.format("0x%016x 0x%016x reserved%n", (long) i << 16, ((long) i << 16) + 0xfff));
        }
        String small = "0x0000000000000000 0x0000000000000fff msi\n";
        sb.append("host small\n").append(small).append("host again\n").append(small);
        FleetStream.Read r = read(Files.writeString(dir.resolve("big.fleet"), sb));
        assertEquals(List.of("big", "small", "again=small"), seen);
        assertEquals(3, r.hosts());
        assertEquals("[0[0x0000000000000000-0x0000000000000fff MSI @30004]]", regions(hosts.get(1)));
    }

    @Test
    void hostFilesThatOnlyHashAlikeAreEachParsed() throws Exception {
        // "Aa" and "BB" give the same 31-based polynomial hash, so these two texts collide: each is its own host
        String body = "groups:\n  - id: '%s'\n    reserved-regions: |\n      0x00000000fee00000 0x00000000feefffff msi\n";
        Path fl = Files.createDirectories(dir.resolve("fleet"));
        Files.writeString(fl.resolve("a.yaml"), "name: 'a'\n" + String.format(body, "Aa"));
        Files.writeString(fl.resolve("b.yaml"), "name: 'b'\n" + String.format(body, "BB"));
        Files.writeString(fl.resolve("c.yaml"), "name: 'c'\n" + String.format(body, "BB"));
        read(fl);
        assertEquals(List.of("a", "b", "c=b"), seen);
        assertEquals(List.of("Aa", "BB", "BB"), hosts.stream().map(h -> h.groups().get(0).id()).toList());
    }

    @Test
    void hostFilesThatNameOtherFilesAreEachParsed() throws Exception {
        Path fl = Files.createDirectories(dir.resolve("fleet"));
        Files.writeString(dir.resolve("rr"), "0x00000000fee00000 0x00000000feefffff msi\n");
        String viaFile = "groups:\n  - id: '1'\n    file: ../rr\n";
        Files.writeString(fl.resolve("a.yaml"), "name: 'a'\n" + viaFile);
        Files.writeString(fl.resolve("b.yaml"), "name: 'b'\n" + viaFile);
        Path tree = Files.createDirectories(dir.resolve("tree/kernel/iommu_groups/4"));
        Files.writeString(tree.resolve("reserved_regions"), "0x00000000fee00000 0x00000000feefffff msi\n");
        String viaSysfs = "sysfs: " + dir.resolve("tree") + "\n";
        Files.writeString(fl.resolve("c.yaml"), "name: 'c'\n" + viaSysfs);
        Files.writeString(fl.resolve("d.yaml"), "name: 'd'\n" + viaSysfs);
        // the words alone, in a file that names none, do not stop copies
        String plain = "description: 'no file: or sysfs: key here'\ngroups:\n  - id: '1'\n    reserved-regions: |\n"
                + "      0x00000000fee00000 0x00000000feefffff msi\n";
        Files.writeString(fl.resolve("e.yaml"), "name: 'e'\n" + plain);
        Files.writeString(fl.resolve("f.yaml"), "name: 'f'\n" + plain);
        read(fl);
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), seen, "each parsed (the words are looked for anywhere, as documented)");
        assertEquals(List.of("1", "1", "4", "4", "1", "1"), hosts.stream().map(h -> h.groups().get(0).id()).toList());
    }

    @Test
    void aDirectoryCountsItsHostsAndCopiesAYmlFileToo() throws Exception {
        Path fl = Files.createDirectories(dir.resolve("fleet"));
        String body = "groups:\n  - id: '1'\n    reserved-regions: |\n      0x00000000fee00000 0x00000000feefffff msi\n";
        Files.writeString(fl.resolve("a.yaml"), "name: 'a'\n" + body);
        Files.writeString(fl.resolve("b.yml"), "name: 'b'\n" + body);
        Files.writeString(fl.resolve("README.md"), "docs\n");
        List<Long> entries = new ArrayList<>();
        RecordingSink sink = new RecordingSink();
        FleetStream.Read r = FleetStream.read(fl, sink, entries::add);
        assertEquals(List.of("a", "b=a"), sink.seen);
        assertEquals(2, r.hosts());
        assertEquals(List.of(2L), entries, "the host entries, told once before the first host");
        assertEquals(List.of(fl.resolve("README.md")), r.skipped());
    }

    @Test
    void aHostIsReadAgainFromWhereTheSinkWasTold() throws Exception {
        Path f = Files.writeString(dir.resolve("f.fleet"), "host a\n0x0000000000001000 0x0000000000001fff reserved\nhost b\n"
                + "0x0000000000002000 0x0000000000002fff msi\n");
        assertEquals("[0[0x0000000000002000-0x0000000000002fff MSI @4]]", regions(FleetStream.reread(f.toString(), "b")));
        InputException gone = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> FleetStream.reread(f.toString(), "c"));
        assertEquals("host 'c' is no longer in the fleet file (was it changed during the run?)", gone.problem());
        Path h = Files.writeString(dir.resolve("h.yaml"), "name: 'h'\ngroups:\n  - id: '2'\n    reserved-regions: |\n"
                + "      0x0000000000003000 0x0000000000003fff reserved\n");
        assertEquals("h", FleetStream.reread(h.toString(), "h").name());
        InputException other = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> FleetStream.reread(h.toString(), "x"));
        assertEquals("now holds host 'h', not 'x' (was it changed during the run?)", other.problem());
    }

    @Test
    void longLinesAndALastLineWithoutLineFeedAreRead() throws Exception {
        String comment = "# " + "c".repeat(300) + "\n";
        Path f = Files.writeString(dir.resolve("f.fleet"), comment + "host a " + comment + "group 1\n" + comment
                + "0x0000000000001000 0x0000000000001fff reserved");
        FleetStream.Read r = read(f);
        assertEquals(1, r.hosts());
        assertEquals("[1[0x0000000000001000-0x0000000000001fff RESERVED @5]]", regions(hosts.get(0)));
    }

    @Test
    void aFleetFileThatIsNotARegularFileIsRefused() throws Exception {
        Path fifo = dir.resolve("pipe.fleet");
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0);
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> read(fifo));
        org.junit.jupiter.api.Assertions.assertTrue(e.problem().contains("not a regular file"), e.problem());
    }
}
