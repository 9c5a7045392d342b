package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 (input side): malformed inputs end in exit 2 with a located message, never in a verdict. */
class InputHardeningCommandTest {
    @TempDir
    Path dir;

    @Test
    void aSecondGroupsKeyNoLongerHidesTheDoorbell() throws Exception {
        Path y = Files.writeString(dir.resolve("d05.yaml"), """
                name: d05
                groups:
                  - id: "7"
                    reserved-regions: |
                      0x00000000c6010000 0x00000000c601ffff msi
                groups:
                  - id: "8"
                    reserved-regions: |
                      0x0000000008000000 0x00000000080fffff msi
                """);
        Cli r = Cli.run("check", "--host", y.toString(), "--guest", "qemu-virt", "--ram", "4G");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(y + ":6: ") && r.err().contains("duplicate key 'groups'"), r.err());
    }

    @Test
    void aSecondRegionsKeyInAClassIsNotProven() throws Exception {
        Path c = Files.writeString(dir.resolve("c.yaml"), """
                name: c
                regions:
                  - type: msi-hw
                    base: 0x40000000
                    size: 64K
                regions:
                  - type: msi-hw
                    base: 0xfff0000000
                    size: 64K
                """);
        Cli r = Cli.run("prove", "--class", c.toString(), "--guest", "qemu-virt", "--ram", "1G");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(c + ":6: ") && r.err().contains("duplicate key 'regions'"), r.err());
    }

    /** YAML problems that snakeyaml-engine raises without a mark are reported at their line, not line 0. */
    @Test
    void unmarkedYamlProblemsNameTheirLine() throws Exception {
        String[][] cases = {
            {"name: h\ngroups:\n  - id: \"7\"\n    ? [file]\n    : g7\n", ":4: a list as a key; keys are single values"},
            {"name: h\nsource: \"copied\u0007\"\ngroups: []\n", ":2: YAML: special characters are not allowed (U+0007)"},
            {"name: h\ngroups:\n  - id: !x%20 \"7\"\n", ":3: YAML: Tag must not contain leading or trailing spaces."},
        };
        for (String[] c : cases) {
            Path y = Files.writeString(dir.resolve("h.yaml"), c[0]);
            Cli r = Cli.run("check", "--host", y.toString(), "--guest", "qemu-virt", "--ram", "4G");
            assertEquals(2, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains(y + c[1]), r.err());
        }
    }

    private static final String LINE = "0x00000000c6010000 0x00000000c601ffff msi\n";

    @Test
    void specialFilesAreRefusedForEveryInputOption() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(p.waitFor() == 0, "mkfifo failed");
        Path host = Files.writeString(dir.resolve("reserved_regions"), LINE);
        for (Path special : List.of(fifo, Path.of("/dev/zero"))) {
            String s = special.toString();
            for (String[] args : List.of(
                    new String[] {"check", "--host", s, "--guest", "qemu-virt", "--ram", "1G"},
                    new String[] {"check", "--host", host.toString(), "--guest", s},
                    new String[] {"prove", "--class", s, "--guest", "qemu-virt", "--ram", "1G"},
                    new String[] {"prove", "--fleet", s, "--guest", "qemu-virt", "--ram", "1G"},
                    new String[] {"verify-proof", s, s})) {
                Cli r = assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> Cli.run(args));
                assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
                assertTrue(r.err().contains("not a regular file"), String.join(" ", args) + ": " + r.err());
            }
        }
    }

    @Test
    void anEmptyIommuGroupsFolderSaysTheIommuIsOff() throws Exception {
        Path sys = Files.createDirectories(dir.resolve("sys/kernel/iommu_groups")).getParent().getParent();
        for (Path p : List.of(sys, sys.resolve("kernel"), sys.resolve("kernel/iommu_groups"))) {
            Cli r = Cli.run("check", "--host", p.toString(), "--guest", "qemu-q35", "--ram", "1G");
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("the IOMMU is off or absent") && r.err().contains("intel_iommu=on"), r.err());
            assertFalse(r.err().contains("no iommu group found"), r.err());
        }
    }

    @Test
    void aFleetFolderSkipsDocumentationAndSaysSo() throws Exception {
        Path fleet = Files.createDirectories(dir.resolve("fleet"));
        Files.copy(Path.of(Cli.HOSTS, "hisilicon-d05.yaml"), fleet.resolve("hisilicon-d05.yaml"));
        Files.writeString(fleet.resolve("README"), "These are our arm64 servers.\n");
        Files.writeString(fleet.resolve("notes.txt"), "bought 2019\n");
        Cli r = Cli.run("prove", "--fleet", fleet.toString(), "--guest", "qemu-virt", "--ram", "1G");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("README: skipped") && r.err().contains("notes.txt: skipped"), r.err());
    }

    @Test
    void duplicateHostNamesNameBothFiles() throws Exception {
        Path fleet = Files.createDirectories(dir.resolve("fleet"));
        Path a = Files.copy(Path.of(Cli.HOSTS, "hisilicon-d05.yaml"), fleet.resolve("a.yaml"));
        Path b = Files.copy(Path.of(Cli.HOSTS, "hisilicon-d05.yaml"), fleet.resolve("b.yaml"));
        Cli r = Cli.run("prove", "--fleet", fleet.toString(), "--guest", "qemu-virt", "--ram", "1G");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(a.toString()) && r.err().contains(b.toString()), r.err());
        // both at the line of their name: key (line 4 of the shipped file), not line 0
        assertTrue(r.err().contains(b + ":4: host name 'hisilicon-d05' appears twice") && r.err().contains("here and in " + a + ":4 "),
                r.err());

        Path other = Files.createDirectories(dir.resolve("other"));
        Path c = Files.copy(Path.of(Cli.HOSTS, "hisilicon-d05.yaml"), other.resolve("c.yaml"));
        Files.delete(b);
        Cli two = Cli.run("prove", "--fleet", fleet.toString(), "--fleet", other.toString(), "--guest", "qemu-virt", "--ram", "1G");
        assertEquals(2, two.exit(), two.err());
        assertTrue(two.err().contains(a.toString()) && two.err().contains(c.toString()), two.err());
    }

    @Test
    void aGroupFileThatIsADirectorySaysSo() throws Exception {
        Files.createDirectories(dir.resolve("g7"));
        Path y = Files.writeString(dir.resolve("h.yaml"), "groups:\n  - id: \"7\"\n    file: g7\n");
        Cli r = Cli.run("check", "--host", y.toString(), "--guest", "qemu-virt", "--ram", "1G");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(y + ":3: ") && r.err().contains("is a directory"), r.err());
    }

    @Test
    void verifyProofOnABinaryFileSaysNotATextFile() throws Exception {
        byte[] junk = new byte[3000];
        new java.util.Random(11).nextBytes(junk);
        Path bin = Files.write(dir.resolve("junk.bin"), junk);
        Path cnf = Files.writeString(dir.resolve("f.cnf"), "p cnf 1 2\n1 0\n-1 0\n");
        Path drup = Files.writeString(dir.resolve("f.drup"), "0\n");
        for (String[] args : List.of(new String[] {"verify-proof", bin.toString(), drup.toString()},
                new String[] {"verify-proof", cnf.toString(), bin.toString()})) {
            Cli r = Cli.run(args);
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains(bin + ": not a text file"), r.err());
            assertFalse(r.err().contains("Input length"), r.err());
        }
    }

    @Test
    void usageMessagesSpeakPlainly() {
        Cli top = Cli.run("--bogus");
        assertEquals(2, top.exit());
        assertTrue(top.err().contains("Try 'iovacheck --help'."), top.err());
        Cli sub = Cli.run("check", "--bogus");
        assertTrue(sub.err().contains("Try 'iovacheck check --help'."), sub.err());
        Cli t = Cli.run("check", "--timeout", "soon", "--host", "h", "--guest", "qemu-virt");
        assertEquals(2, t.exit());
        assertTrue(t.err().contains("'soon' is not a whole number"), t.err());
        assertFalse(t.err().contains("is not a long"), t.err());
    }
}
