package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CheckCommandTest {
    @TempDir
    Path dir;

    @Test
    void d05DoorbellConflictAtFourGigAndSafeJustBelow() {
        Cli unsafe = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--ram", "4G");
        assertEquals(1, unsafe.exit(), unsafe.err());
        assertTrue(unsafe.out().startsWith("verdict: UNSAFE"), unsafe.out());
        assertTrue(unsafe.out().contains("hits msi-hw 0x00000000c6010000-0x00000000c601ffff (group 7"), unsafe.out());
        assertTrue(unsafe.out().contains("overlap 0x00000000c6010000-0x00000000c601ffff (64 KiB)"), unsafe.out());

        Cli safe = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--ram", "2144M");
        assertEquals(0, safe.exit(), safe.err());
        assertTrue(safe.out().startsWith("verdict: SAFE"), safe.out());

        Cli edge = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--ram", "0x86010000");
        assertEquals(0, edge.exit(), "RAM ending exactly below the doorbell is safe: " + edge.out());
        Cli over = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--ram", "0x86010001");
        assertEquals(1, over.exit(), "one byte more reaches the doorbell: " + over.out());
    }

    @Test
    void jsonFollowsTheDocumentedSchema() throws Exception {
        Cli r = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--ram", "4G", "--format", "json");
        assertEquals(1, r.exit());
        JsonNode j = JsonMapper.builder().build().readTree(r.out());
        assertEquals(3, j.get("schema").asInt());
        assertEquals("UNSAFE", j.get("verdict").asString());
        JsonNode c = j.get("conflicts").get(0);
        assertEquals("will-not-start", c.get("severity").asString());
        assertEquals(0, j.get("guest").get("bars").size());
        assertEquals("ram", c.get("guest").get("name").asString());
        assertEquals("ram", c.get("guest").get("kind").asString());
        assertEquals("0x0000000040000000", c.get("guest").get("first").asString());
        assertEquals("0x000000013fffffff", c.get("guest").get("last").asString());
        assertEquals("msi-hw", c.get("reserved").get("type").asString());
        assertEquals("7", c.get("reserved").get("group").asString());
        assertEquals("0x00000000c6010000", c.get("reserved").get("first").asString());
        assertEquals("0x00000000c601ffff", c.get("overlap").get("last").asString());
        assertTrue(c.get("consequence").asString().contains("spurious"));
        JsonNode e = j.get("engines").get(0);
        assertEquals("interval", e.get("name").asString());
        assertEquals("UNSAFE", e.get("verdict").asString());
        assertTrue(e.get("millis").isNumber());
        assertTrue(j.get("notes").isArray() && j.get("notes").size() > 0);
        for (String k : new String[] {"schema", "command", "verdict", "guest", "conflicts", "blockers", "hosts", "engines", "notes"}) {
            assertTrue(j.has(k), "missing " + k);
        }
    }

    @Test
    void directRegionMeansNoLayoutWhateverTheGuest() {
        Cli r = Cli.run("check", "--host", Cli.HOSTS + "hp-dl388p-rmrr.yaml", "--guest", "qemu-virt", "--ram", "1G");
        assertEquals(1, r.exit());
        assertTrue(r.out().startsWith("verdict: NO_LAYOUT"), r.out());
        assertTrue(r.out().contains("NO LAYOUT: direct"), r.out());
    }

    @Test
    void movedSoftwareWindowInsideVirtRam() {
        Cli r = Cli.run("check", "--host", Cli.HOSTS + "arm64-dt-msi-moved.yaml", "--guest", "qemu-virt", "--ram", "2G");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("hits msi-sw 0x00000000a0000000-0x00000000a00fffff"), r.out());
        assertTrue(r.out().contains("(host file,"), r.out());
    }

    @Test
    void apertureFromTheHostFileCatchesHighBars() throws Exception {
        Path layout = Files.writeString(dir.resolve("g.layout"), "0x0 0x7fffffff ram\n0x382800000000 0x382bffffffff bar gpu\n");
        Cli noP2p = Cli.run("check", "--host", Cli.HOSTS + "intel-raptorlake-39bit.yaml", "--guest", layout.toString());
        assertEquals(0, noP2p.exit(), noP2p.out());
        Cli p2p = Cli.run("check", "--host", Cli.HOSTS + "intel-raptorlake-39bit.yaml", "--guest", layout.toString(), "--p2p");
        assertEquals(4, p2p.exit(), p2p.out());
        assertTrue(p2p.out().startsWith("verdict: DEGRADED"), p2p.out());
        assertTrue(p2p.out().contains("hits outside-aperture 0x0000008000000000-0xffffffffffffffff"), p2p.out());
    }

    @Test
    void severalHostsEachReported() {
        Cli r = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--host", Cli.HOSTS + "lx2160a-rmr.yaml",
                "--guest", "qemu-virt", "--ram", "4G");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("hisilicon-d05") && r.out().contains("lx2160a-rmr"), r.out());
        assertTrue(r.out().contains("direct-relaxable region(s) ignored"), r.out());
    }

    @Test
    void badInputExitsTwoWithFileAndLineAndNoStackTrace() throws Exception {
        Path bad = Files.writeString(dir.resolve("reserved_regions"), "0x0000000008000000 0x00000000080fffff msi\n0x2 0x1 msi\n");
        Cli r = Cli.run("check", "--host", bad.toString(), "--guest", "qemu-virt");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(bad + ":2: first address 0x2 is above last address 0x1"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());

        Cli preset = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-nope");
        assertEquals(2, preset.exit());
        assertTrue(preset.err().contains("neither a preset"), preset.err());

        Cli key = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--set", "colour=blue");
        assertEquals(2, key.exit());
        assertTrue(key.err().contains("has no parameter 'colour'"), key.err());

        Cli size = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--ram", "4Q");
        assertEquals(2, size.exit());
        assertTrue(size.err().contains("not a size"), size.err());

        Cli missing = Cli.run("check", "--guest", "qemu-virt");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("--host"), missing.err());

        Cli engine = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--engine", "z3");
        assertEquals(2, engine.exit());
        assertTrue(engine.err().contains("unknown engine 'z3'"), engine.err());

        Cli tooBig = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--ram", "2T");
        assertEquals(2, tooBig.exit());
        assertTrue(tooBig.err().contains("addressing limited to 40 bits"), tooBig.err());
    }

    @Test
    void everyShippedHostLoadsAndChecks() throws Exception {
        try (var s = Files.list(Path.of(Cli.HOSTS))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Cli r = Cli.run("check", "--host", p.toString(), "--guest", "qemu-virt", "--ram", "1G");
                assertTrue(r.exit() == 0 || r.exit() == 1, p + ": " + r.err() + r.out());
            }
        }
    }
}
