package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 10: four questions that answered INFEASIBLE because the maximisation judged RAM only at the preset's default base.
 * Each has a safe layout at another base; the expected largest RAM is worked out by hand from the window and the limits, and
 * the answer is re-checked with check (SAFE) and one MiB more at the same base (UNSAFE or refused).
 */
class WholeFreedomRegressionTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    private Path host(String name, String line) throws Exception {
        Path h = dir.resolve(name);
        Files.writeString(h, line + "\n");
        return h;
    }

    private static long hex(JsonNode n) {
        return Long.parseUnsignedLong(n.asString().substring(2), 16);
    }

    /** A 1 MiB MSI window at 0x80000000 (kvmtool's default base): from 0x80200000 (2 MiB-aligned) to 2^40 is free. */
    @Test
    void kvmtoolMaximizeMovesTheBasePastAWindowAtTheDefaultBase() throws Exception {
        Path h = host("h", "0x0000000080000000 0x00000000800fffff msi");
        Cli r = Cli.run("place", "--host", h.toString(), "--guest", "kvmtool-arm64", "--maximize", "ram", "--format", "json");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals("FOUND", j.get("verdict").asString());
        assertEquals((1L << 40) - 0x80200000L, hex(j.get("ram")), r.out());
        Cli ok = Cli.run("check", "--host", h.toString(), "--guest", "kvmtool-arm64", "--ram", Long.toString((1L << 40) - 0x80200000L),
                "--set", "base=0x80200000");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        Cli text = Cli.run("place", "--host", h.toString(), "--guest", "kvmtool-arm64", "--maximize", "ram");
        assertTrue(text.out().contains("-m 1046526M@2050M"), text.out());
        Cli fleet = Cli.run("prove", "--fleet", h.toString(), "--guest", "kvmtool-arm64", "--one-layout");
        assertEquals(0, fleet.exit(), fleet.out() + fleet.err());
        assertTrue(fleet.out().contains("FOUND, RAM 1046526M: -c 1 -m 1046526M@2050M"), fleet.out());
    }

    /** A doorbell anywhere in [2 GiB, 0xfff0000000] (64 KiB), aperture 40 bits: the only room is [0xfff0200000, 2^40), 254 MiB. */
    @Test
    void classOneLayoutFindsTheRoomAboveEveryDoorbellPosition() throws Exception {
        Path c = dir.resolve("c.yaml");
        Files.writeString(c, String.join("\n", "name: doorbell-anywhere", "description: \"doorbell anywhere in [2 GiB, 1 TiB)\"",
                "backend: vfio-type1", "aperture-bits: {min: 40, max: 40}", "regions:", "  - name: its-doorbell", "    type: msi-hw",
                "    group: \"0\"", "    base: {min: 0x80000000, max: 0xfff0000000, align: 64K}", "    size: 64K", ""));
        Cli r = Cli.run("prove", "--class", c.toString(), "--guest", "kvmtool-arm64", "--one-layout");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("FOUND, RAM 254M: -c 1 -m 254M@1048322M"), r.out());
        Cli ram = Cli.run("prove", "--class", c.toString(), "--guest", "kvmtool-arm64", "--ram", "254M", "--set", "base=0xfff0200000");
        assertEquals(0, ram.exit(), ram.out() + ram.err());
        Cli more = Cli.run("prove", "--class", c.toString(), "--guest", "kvmtool-arm64", "--one-layout", "--ram", "255M");
        assertEquals(1, more.exit(), more.out() + more.err());
    }

    /** The free guest with one bank below 2^32 and a 1 MiB window at its default base: 0x40200000..2^32 is free, 3070 MiB. */
    @Test
    void freeGuestOneBankMovesPastAWindowAtTheDefaultBase() throws Exception {
        Path h = host("h2", "0x0000000040000000 0x00000000400fffff msi");
        Cli r = Cli.run("place", "--host", h.toString(), "--guest", "free", "--maximize", "ram", "--banks", "1", "--align", "2M",
                "--ipa-bits", "32", "--format", "json");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals((1L << 32) - 0x40200000L, hex(j.get("ram")), r.out());
        Cli ok = Cli.run("check", "--host", h.toString(), "--guest", "free", "--ram", "3070M", "--set", "ipa-bits=32", "--set", "bank0=0x40200000");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        Cli more = Cli.run("place", "--host", h.toString(), "--guest", "free", "--ram", (3070 + 2) + "M", "--banks", "1", "--ipa-bits", "32");
        assertEquals(1, more.exit(), more.out() + more.err());
        assertEquals(3070 * MIB, (1L << 32) - 0x40200000L);
    }

    /**
     * The same host with the bank count left free: two gaps, [0, 1 GiB) and [0x40200000, 4 GiB) (3070 MiB). K banks of L fit when
     * floor(1024/L) + floor(3070/L) >= K (L in 2 MiB steps); 4 x 1022 MiB = 4088 MiB is the most (5 x 766, 3 x 1024 and 2 x 1534
     * give less; 4 x 1024 does not fit, since 3070 < 3 x 1024).
     */
    @Test
    void freeGuestWithTheBankCountFreeUsesBothGaps() throws Exception {
        Path h = host("h2", "0x0000000040000000 0x00000000400fffff msi");
        Cli r = Cli.run("place", "--host", h.toString(), "--guest", "free", "--maximize", "ram", "--ipa-bits", "32", "--format", "json");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(4088 * MIB, hex(j.get("ram")), r.out());
        Cli two = Cli.run("place", "--host", h.toString(), "--guest", "free", "--ram", "4G", "--ipa-bits", "32");
        assertEquals(1, two.exit(), two.out() + two.err());
        Cli three = Cli.run("place", "--host", h.toString(), "--guest", "free", "--ram", "3G", "--ipa-bits", "32");
        assertEquals(0, three.exit(), three.out() + three.err());
        assertTrue(three.out().contains("banks=3"), three.out());
    }

    /** place --proof DIR writes the sat engine's refutations behind a maximum: one of them says one MiB more fits at no base. */
    @Test
    void placeProofWritesTheRefutationOneStepAboveTheMaximum() throws Exception {
        Path h = host("h", "0x0000000080000000 0x00000000800fffff msi");
        Path out = dir.resolve("proofs");
        Cli r = Cli.run("place", "--host", h.toString(), "--guest", "kvmtool-arm64", "--maximize", "ram", "--proof", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        boolean above = false;
        try (var files = Files.list(out)) {
            for (Path cnf : files.filter(f -> f.toString().endsWith(".cnf")).sorted().toList()) {
                String first = Files.readAllLines(cnf).get(0);
                above |= first.contains("no aligned block fits (place 1046527 MiB aligned to 2^21");
                Path drup = Path.of(cnf.toString().replace(".cnf", ".drup"));
                Cli v = Cli.run("verify-proof", cnf.toString(), drup.toString());
                assertEquals(0, v.exit(), cnf + ": " + v.out() + v.err());
            }
        }
        assertTrue(above, "no refutation of 1046527 MiB at every base among the proofs written");
        Cli noSat = Cli.run("place", "--host", h.toString(), "--guest", "kvmtool-arm64", "--maximize", "ram", "--engine", "interval",
                "--proof", dir.resolve("p2").toString());
        assertEquals(2, noSat.exit(), noSat.out() + noSat.err());
    }
}
