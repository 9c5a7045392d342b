package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prove --fleet decides identical hosts once: a collected host file and the same host in a fleet file share one decision,
 * a host that differs in one region does not, and a violation names the first host of its class, its file and line, and how
 * many hosts the class stands for.
 */
class FleetDedupCommandTest {
    @TempDir
    Path dir;

    private Path collected;
    private Path fleetFile;

    /** Host a as collect writes it: two groups behind a 48-bit VT-d unit, the interrupt window in both, a reserved page at 4 GiB. */
    private static final String A = """
            name: 'a'
            backend: vfio-type1
            relaxable: kernel
            iommu-units:
              - name: 'dmar0'
                kind: intel-vt-d
                width: 48
                from: 'cap register'
            groups:
              - id: '3'
                unit: 'dmar0'
                reserved-regions: |
                  0x00000000fee00000 0x00000000feefffff msi
              - id: '4'
                unit: 'dmar0'
                reserved-regions: |
                  0x00000000fee00000 0x00000000feefffff msi
                  0x0000000100000000 0x0000000100000fff reserved
            """;

    /** b and d: host a in another form (one group, aperture-bits); c: the reserved page one page higher, and one at 2 GiB. */
    private static final String FLEET = """
            host b aperture-bits=48
            group 7
            0x00000000fee00000 0x00000000feefffff msi
            0x0000000100000000 0x0000000100000fff reserved
            host c aperture-bits=48
            group 7
            0x0000000080000000 0x0000000080000fff reserved
            0x00000000fee00000 0x00000000feefffff msi
            0x0000000100001000 0x0000000100001fff reserved
            host d aperture-bits=48
            0x0000000100000000 0x0000000100000fff reserved
            0x00000000fee00000 0x00000000feefffff msi
            """;

    @BeforeEach
    void write() throws Exception {
        collected = Files.createDirectories(dir.resolve("collected"));
        Files.writeString(collected.resolve("a.yaml"), A);
        fleetFile = Files.writeString(dir.resolve("more.fleet"), FLEET);
    }

    private Path layout(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void aViolationOnTheOddHostNamesItsFileAndLine() throws Exception {
        Path g = layout("g.layout", "0x0 0x7fffffff ram low\n0x100001000 0x1ffffffff ram high\n");
        Cli c = Cli.run("prove", "--fleet", collected.toString(), "--fleet", fleetFile.toString(), "--guest", g.toString());
        assertEquals(1, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains("4 hosts, 2 distinct"), c.out());
        assertTrue(c.out().contains("counterexample host c [" + fleetFile + ":5] (UNSAFE"), c.out());
        assertTrue(c.out().contains("group 7: reserved 0x0000000080000000-0x0000000080000fff"), c.out());
        assertTrue(c.out().contains("host c (" + fleetFile + ":5) stands for 1 identical host(s)"), c.out());
        assertTrue(c.out().contains("conflict: ram 'high' meets reserved 0x0000000100001000-0x0000000100001fff"), c.out());
    }

    @Test
    void aViolationSharedByIdenticalHostsNamesTheFirstOfThemAndHowManyItStandsFor() throws Exception {
        Path g = layout("g.layout", "0x0 0x7fffffff ram low\n0x100000000 0x100000fff ram page\n");
        Cli c = Cli.run("prove", "--fleet", collected.toString(), "--fleet", fleetFile.toString(), "--guest", g.toString());
        assertEquals(1, c.exit(), c.out() + c.err());
        Path a = collected.resolve("a.yaml");
        assertTrue(c.out().contains("counterexample host a [" + a + "] (UNSAFE"), c.out());
        assertTrue(c.out().contains("host a (" + a + ") stands for 3 identical host(s)"), c.out());
        assertTrue(c.out().contains("group 4: reserved 0x0000000100000000-0x0000000100000fff"), "the host is shown as read, in full: " + c.out());
        // the other order: the fleet file's b is now the first of the class
        Cli swapped = Cli.run("prove", "--fleet", fleetFile.toString(), "--fleet", collected.toString(), "--guest", g.toString());
        assertEquals(1, swapped.exit(), swapped.out());
        assertTrue(swapped.out().contains("host b (" + fleetFile + ":1) stands for 3 identical host(s)"), swapped.out());
        // a fleet without the page: PROVEN
        Path ok = layout("ok.layout", "0x0 0x7fffffff ram low\n0x100002000 0x1ffffffff ram high\n");
        Cli proven = Cli.run("prove", "--fleet", collected.toString(), "--fleet", fleetFile.toString(), "--guest", ok.toString());
        assertEquals(0, proven.exit(), proven.out() + proven.err());
        assertTrue(proven.out().contains("distinct excluded ranges of the 4 host(s) (2 distinct)"), proven.out());
    }

    @Test
    void eachHostPlacesOncePerClassAndSaysHowManyShareTheAnswer() throws Exception {
        Cli c = Cli.run("prove", "--fleet", collected.toString(), "--fleet", fleetFile.toString(), "--guest", "qemu-q35", "--ram", "2G",
                "--each-host");
        assertEquals(0, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains("  host a (and 2 identical): FOUND"), c.out());
        assertTrue(c.out().contains("  host c: FOUND"), c.out());
        assertFalse(c.out().contains("host b") || c.out().contains("host d"), c.out());
        Cli json = Cli.run("prove", "--fleet", collected.toString(), "--fleet", fleetFile.toString(), "--guest", "qemu-q35", "--ram", "2G",
                "--each-host", "--format", "json");
        assertEquals(0, json.exit(), json.err());
        assertTrue(json.out().contains("\"name\" : \"a\",\n    \"identical-hosts\" : 3") || json.out().replaceAll("\\s", "").contains("\"name\":\"a\",\"identical-hosts\":3"),
                json.out());
        assertTrue(json.out().replaceAll("\\s", "").contains("\"name\":\"c\",\"identical-hosts\":1"), json.out());
        assertTrue(json.out().replaceAll("\\s", "").contains("\"hosts\":4"), "the subject counts every host: " + json.out());
    }

    @Test
    void oneLayoutIsPlacedAgainstTheUnionOfTheClasses() throws Exception {
        // qemu-virt's RAM starts at 1 GiB: the largest RAM ends below c's page at 2 GiB (the others would allow up to the
        // interrupt window at 0xfee00000, 3054M)
        Cli c = Cli.run("prove", "--fleet", collected.toString(), "--fleet", fleetFile.toString(), "--guest", "qemu-virt", "--one-layout");
        assertEquals(0, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains("RAM 1G: -machine virt -m 1G") || c.out().contains("RAM 1024M"), c.out());
        assertTrue(c.out().contains("one granule more meets reserved 0x0000000080000000-0x0000000080000fff (c)"), c.out());
        assertTrue(c.out().contains("re-proved safe on every host"), c.out());
    }
}
