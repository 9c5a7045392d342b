package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PlaceCommandTest {
    @TempDir
    Path dir;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void d05LargestVirtRamIs2144MAndOneMoreMiBHitsTheDoorbell() throws Exception {
        Cli r = Cli.run("place", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--maximize", "ram");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("options: -machine virt -m 2144M"), r.out());
        assertTrue(r.out().contains("one granule more: UNSAFE: ram would meet msi-hw 0x00000000c6010000-0x00000000c601ffff"), r.out());
    }

    @Test
    void everyShippedHostAndPresetMaximumIsConfirmedByCheckAndOneGranuleMoreIsNot() throws Exception {
        List<Path> hosts;
        try (var s = Files.list(Path.of(Cli.HOSTS))) {
            hosts = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        int found = 0;
        for (Path h : hosts) {
            for (Preset p : Presets.all()) {
                Cli r = Cli.run("place", "--host", h.toString(), "--guest", p.name(), "--maximize", "ram", "--format", "json");
                String ctx = h + " " + p.name() + ": " + r.out() + r.err();
                assertTrue(r.exit() == 0 || r.exit() == 1, ctx);
                JsonNode j = JSON.readTree(r.out());
                if (j.get("verdict").asString().equals("INFEASIBLE")) {
                    assertTrue(j.get("blocking").size() > 0 || j.get("limits").size() > 0, ctx);
                    continue;
                }
                assertEquals("FOUND", j.get("verdict").asString(), ctx);
                found++;
                long ram = Long.parseUnsignedLong(j.get("ram").asString().substring(2), 16);
                Cli ok = Cli.run(checkArgs(h, p, j, ram));
                assertEquals(0, ok.exit(), ctx + "\ncheck at the maximum: " + ok.out() + ok.err());
                JsonNode more = j.get("one-granule-more");
                if (more.has("refused")) {
                    Cli refused = Cli.run(checkArgs(h, p, j, ram + (1L << 20)));
                    assertEquals(2, refused.exit(), ctx + "\nthe VMM should refuse one MiB more: " + refused.out());
                } else {
                    Cli bad = Cli.run(checkArgs(h, p, j, ram + (1L << 20)));
                    assertEquals(1, bad.exit(), ctx + "\none MiB more should be unsafe: " + bad.out() + bad.err());
                }
            }
        }
        assertTrue(found > 50, "found " + found);
    }

    /** check with the RAM given and every other setting the place answer reports (e.g. a knob it turned). */
    private static String[] checkArgs(Path host, Preset p, JsonNode answer, long ram) {
        List<String> a = new java.util.ArrayList<>(List.of("check", "--host", host.toString(), "--guest", p.name(), "--ram", Long.toUnsignedString(ram)));
        for (var e : answer.get("settings").properties()) {
            if (!e.getKey().equals("ram")) {
                a.add("--set");
                a.add(e.getKey() + "=" + e.getValue().asString());
            }
        }
        return a.toArray(String[]::new);
    }

    @Test
    void kvmtoolBankIsMovedPastTheDoorbellAndConfirmed() {
        Cli r = Cli.run("place", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "kvmtool-arm64", "--ram", "4G");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("-m 4G@"), r.out());
        assertTrue(r.out().contains("sat: FOUND"), r.out());
    }

    @Test
    void q35OnAmdWithoutRelocationIsInfeasibleAndNamesTheHyperTransportHole() {
        Cli r = Cli.run("place", "--host", Cli.HOSTS + "amd-epyc.yaml", "--guest", "qemu-q35", "--ram", "1100G", "--set", "phys-bits=48",
                "--set", "machine=7.0", "--set", "amd=on");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("reserved 0x000000fd00000000-0x000000ffffffffff"), r.out());
        Cli ok = Cli.run("place", "--host", Cli.HOSTS + "amd-epyc.yaml", "--guest", "qemu-q35", "--ram", "1100G", "--set", "phys-bits=48",
                "--set", "amd=on");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
    }

    @Test
    void q35LowersMaxRamBelow4gUnderAnRmrrLikeRange() throws Exception {
        Path host = Files.writeString(dir.resolve("rmrr.yaml"),
                "groups:\n  - id: \"1\"\n    reserved-regions: |\n      0x0000000070000000 0x00000000700fffff reserved\n");
        Cli r = Cli.run("place", "--host", host.toString(), "--guest", "qemu-q35", "--ram", "4G");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("max-ram-below-4g=1792M"), r.out());
    }

    @Test
    void placeNeedsAPresetAndAtMostOneGoal() {
        Cli dflt = Cli.run("place", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt");
        assertEquals(0, dflt.exit(), dflt.out() + dflt.err());
        assertTrue(dflt.out().contains("RAM 128M"), "without a goal, the preset's default RAM: " + dflt.out());
        assertEquals(2, Cli.run("place", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--ram", "1G", "--maximize", "ram").exit());
        Cli f = Cli.run("place", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "../models/hosts/x86-nic-duyck.yaml", "--ram", "1G");
        assertEquals(2, f.exit());
        assertTrue(f.err().contains("not a preset"), f.err());
        Cli g = Cli.run("place", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--maximize", "ram", "--granule", "3M");
        assertEquals(2, g.exit());
    }
}
