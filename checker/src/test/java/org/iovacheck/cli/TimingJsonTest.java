package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** check's JSON says where the run's time went: the phases add up within the whole, the engines' own times within theirs. */
class TimingJsonTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void phasesAreNonNegativeAndFitInsideTheWholeAndTheEnginesInsideTheirPhase() {
        Cli r = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--host", Cli.HOSTS + "amd-epyc.yaml", "--guest", "qemu-virt",
                "--ram", "4G", "--format", "json");
        assertEquals(1, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        JsonNode t = j.get("timing");
        double reading = t.get("reading-millis").asDouble();
        double resolving = t.get("resolving-millis").asDouble();
        double engines = t.get("engines-millis").asDouble();
        double whole = t.get("since-start-millis").asDouble();
        for (double d : List.of(reading, resolving, engines)) {
            assertTrue(d >= 0, t.toString());
        }
        assertTrue(reading > 0, "reading two YAML host files takes time: " + t);
        assertTrue(reading + resolving + engines <= whole + 0.01, "the phases lie within the run: " + t);
        double ownTimes = 0;
        for (JsonNode e : j.get("engines")) {
            ownTimes += e.get("millis").asDouble();
        }
        assertEquals(4, j.get("engines").size(), "interval and sat on each of two hosts");
        assertTrue(ownTimes <= engines + 0.01, "every engine's own call lies within the engines phase: " + ownTimes + " vs " + t);
        assertTrue(ownTimes > 0, t.toString());
    }

    @Test
    void textOutputHasNoTimingSection() {
        Cli r = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--ram", "2144M");
        assertEquals(0, r.exit(), r.err());
        assertTrue(!r.out().contains("timing") && r.out().contains("engines: interval=SAFE ("), r.out());
    }
}
