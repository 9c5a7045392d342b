package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every answer carries a receipt: version from the build, input hashes, engines, certificates, a reproducing command. */
class ReceiptTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String D05 = Cli.HOSTS + "hisilicon-d05.yaml";

    @TempDir
    Path dir;

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    /** The output without timings (the engines' and the run's), the only part allowed to differ between runs. */
    private static String untimed(String s) {
        return s.replaceAll("\"([a-z-]+-)?millis\" : [0-9.E-]+", "\"$1millis\" : T").replaceAll("<td class=\"time\">[0-9.]+</td>", "<td class=\"time\">T</td>");
    }

    @Test
    void checkJsonCarriesTheReceiptAndTheSameInputGivesTheSameBytes() throws Exception {
        Cli r = Cli.run("check", "--host", D05, "--guest", "qemu-virt", "--ram", "4G", "--format", "json", "--proof", dir.resolve("p").toString());
        assertEquals(1, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(3, j.get("schema").asInt());
        JsonNode rc = j.get("receipt");
        String version = rc.get("version").asString();
        assertTrue(version.matches("[0-9]+\\.[0-9]+\\.[0-9]+.*"), "the build's version, not 'development': " + version);
        assertEquals("iovacheck " + version, Cli.run("--version").out().strip());
        assertEquals(1, rc.get("inputs").size(), rc.toString());
        assertEquals(D05, rc.get("inputs").get(0).get("path").asString());
        assertEquals(sha256(Path.of(D05)), rc.get("inputs").get(0).get("sha256").asString());
        assertEquals(List.of("interval: UNSAFE on hisilicon-d05", "sat: UNSAFE on hisilicon-d05"),
                JSON.convertValue(rc.get("engines"), List.class));
        assertEquals(2, rc.get("certificates").size(), "the CNF and the DRUP proof written: " + rc);
        for (JsonNode c : rc.get("certificates")) {
            Path p = Path.of(c.get("path").asString());
            assertTrue(p.startsWith(dir.resolve("p")), p.toString());
            assertEquals(sha256(p), c.get("sha256").asString());
        }
        String reproduce = rc.get("reproduce").asString();
        assertEquals("iovacheck check --host " + D05 + " --guest qemu-virt --ram 4G --format json", reproduce, "output options left out");

        // the reproducing command, run, gives the same answer, byte for byte apart from timings and the proofs' listing
        Cli again = Cli.run(reproduce.substring("iovacheck ".length()).split(" "));
        assertEquals(1, again.exit());
        JsonNode ja = JSON.readTree(again.out());
        assertEquals(j.get("conflicts"), ja.get("conflicts"));
        Cli third = Cli.run(reproduce.substring("iovacheck ".length()).split(" "));
        assertEquals(untimed(again.out()), untimed(third.out()));
        assertNotEquals(again.out().indexOf("millis"), -1, "timings are there, and only they were masked");
    }

    @Test
    void htmlPagesAreTheSameBytesApartFromTimingsAndCarryTheReceipt() throws Exception {
        Path page = dir.resolve("page.html");
        String[] args = {"check", "--host", D05, "--guest", "qemu-virt", "--ram", "4G", "--html", page.toString()};
        assertEquals(1, Cli.run(args).exit());
        String first = Files.readString(page);
        Files.delete(page);
        assertEquals(1, Cli.run(args).exit());
        String second = Files.readString(page);
        assertEquals(untimed(first), untimed(second));
        assertTrue(first.contains("<h2>Receipt</h2>"), first);
        assertTrue(first.contains(sha256(Path.of(D05))), "the input's SHA-256 is on the page");
        assertFalse(first.contains("development"));
    }

    @Test
    void placeProveAndHotaddAnswersCarryReceiptsToo() throws Exception {
        Cli place = Cli.run("place", "--host", D05, "--guest", "qemu-virt", "--maximize", "ram", "--format", "json");
        JsonNode p = JSON.readTree(place.out()).get("receipt");
        assertEquals(sha256(Path.of(D05)), p.get("inputs").get(0).get("sha256").asString());
        assertTrue(p.get("engines").size() >= 1, p.toString());
        assertEquals("iovacheck place --host " + D05 + " --guest qemu-virt --maximize ram --format json", p.get("reproduce").asString());

        Path cls = Path.of("../models/platforms/bypass-doorbell.yaml");
        Cli prove = Cli.run("prove", "--class", cls.toString(), "--guest", "qemu-virt", "--ram", "1G", "--format", "json");
        JsonNode q = JSON.readTree(prove.out()).get("receipt");
        assertEquals(cls.toString(), q.get("inputs").get(0).get("path").asString());
        assertEquals(sha256(cls), q.get("inputs").get(0).get("sha256").asString());
        assertTrue(q.get("engines").size() >= 1, q.toString());
    }
}
