package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HotaddCommandTest {
    @TempDir
    Path dir;

    private Path base() throws Exception {
        return Files.writeString(dir.resolve("base.yaml"),
                "name: base\ngroups:\n  - id: \"1\"\n    reserved-regions: |\n      0x0000000008000000 0x00000000080fffff msi\n");
    }

    @Test
    void refusesADoorbellInMappedRamAcceptsOneThatAvoidsIt() throws Exception {
        Path hit = Files.writeString(dir.resolve("hit"), "0x00000000c6010000 0x00000000c601ffff msi\n");
        Cli r = Cli.run("hotadd", "--host", base().toString(), "--running", "qemu-virt", "--ram", "4G", "--device", hit.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("verdict: REFUSE"), r.out());
        assertTrue(r.out().contains("VFIO_GROUP_SET_CONTAINER: EINVAL"), r.out());

        Cli small = Cli.run("hotadd", "--host", base().toString(), "--running", "qemu-virt", "--ram", "2G", "--device", hit.toString());
        assertEquals(0, small.exit(), small.out() + small.err());
        assertTrue(small.out().startsWith("verdict: ACCEPT"), small.out());
    }

    @Test
    void iommufdRefusalSaysEaddrinuse() throws Exception {
        Path host = Files.writeString(dir.resolve("fd.yaml"),
                "backend: iommufd\ngroups:\n  - id: \"1\"\n    reserved-regions: \"0x0000000008000000 0x00000000080fffff msi\"\n");
        Path hit = Files.writeString(dir.resolve("hit"), "0x0000000080000000 0x000000008000ffff reserved\n");
        Cli r = Cli.run("hotadd", "--host", host.toString(), "--running", "qemu-virt", "--ram", "4G", "--device", hit.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("EADDRINUSE"), r.out());
    }

    @Test
    void hotplugRangesThatWouldFailAreListedAndTheRestRemainsPluggable() throws Exception {
        Path dev = Files.writeString(dir.resolve("dev"), "0x0000000200000000 0x00000002000fffff reserved\n");
        Cli r = Cli.run("hotadd", "--host", base().toString(), "--running", "qemu-virt", "--ram", "4G", "--set", "maxmem=12G",
                "--set", "slots=2", "--device", dev.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode c = JsonMapper.builder().build().readTree(r.out()).get("candidates").get(0);
        assertEquals("ACCEPT", c.get("verdict").asString());
        assertEquals("0x0000000200000000", c.get("hotplug-failures").get(0).get("overlap").get("first").asString());
        assertEquals(2, c.get("hotplug-pluggable").size());
        assertEquals("0x0000000140000000", c.get("hotplug-pluggable").get(0).get("first").asString());
        assertEquals("0x00000001ffffffff", c.get("hotplug-pluggable").get(0).get("last").asString());
        assertEquals("0x0000000200100000", c.get("hotplug-pluggable").get(1).get("first").asString());
        assertEquals("0x00000003bfffffff", c.get("hotplug-pluggable").get(1).get("last").asString());
    }

    @Test
    void candidatesAreEachJudgedAndADirectRegionRefuses() throws Exception {
        Path cands = Files.createDirectories(dir.resolve("cands"));
        Files.writeString(cands.resolve("a-ok"), "0x0000000008000000 0x00000000080fffff msi\n");
        Files.writeString(cands.resolve("b-rmrr"), "0x00000000000e0000 0x00000000000fffff direct\n");
        Path grp = Files.createDirectories(cands.resolve("c-group"));
        Files.writeString(grp.resolve("reserved_regions"), "0x0000000008000000 0x00000000080fffff msi\n");
        Cli r = Cli.run("hotadd", "--host", base().toString(), "--running", "qemu-virt", "--ram", "1G", "--candidates", cands.toString(),
                "--format", "json");
        assertEquals(1, r.exit(), r.out() + r.err());
        JsonNode j = JsonMapper.builder().build().readTree(r.out());
        assertEquals("REFUSE", j.get("verdict").asString());
        assertEquals("ACCEPT", j.get("candidates").get(0).get("verdict").asString());
        assertEquals("REFUSE", j.get("candidates").get(1).get("verdict").asString());
        assertEquals("direct", j.get("candidates").get(1).get("blockers").get(0).get("reserved").get("type").asString());
        assertEquals("ACCEPT", j.get("candidates").get(2).get("verdict").asString());
    }

    @Test
    void needsExactlyOneOfDeviceOrCandidates() throws Exception {
        Cli none = Cli.run("hotadd", "--host", base().toString(), "--running", "qemu-virt");
        assertEquals(2, none.exit());
        Cli empty = Cli.run("hotadd", "--host", base().toString(), "--running", "qemu-virt", "--candidates",
                Files.createDirectories(dir.resolve("none")).toString());
        assertEquals(2, empty.exit());
        assertTrue(empty.err().contains("no candidate devices"), empty.err());
    }
}
