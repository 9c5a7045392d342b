package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** place with the free guest (issue 4): several movable banks placed at once on the shipped D05 host, and their refusals. */
class PlaceBanksCommandTest {
    @TempDir
    Path dir;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String D05 = Cli.HOSTS + "hisilicon-d05.yaml";

    @Test
    void sixteenBanksOfFourGiBSkipBothDoorbellsAndEveryEngineAgrees() throws Exception {
        Cli r = Cli.run("place", "--guest", "free", "--ram", "64G", "--set", "banks=16", "--set", "align=1G", "--host", D05);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("bank0=0x100000000 bank1=0x200000000"), r.out());
        assertTrue(r.out().contains("bank15=0x1000000000"), r.out());
        assertTrue(r.out().contains("interval: FOUND") && r.out().contains("sat: FOUND"), r.out());
        assertTrue(r.out().contains("-> SAFE (interval SAFE"), r.out());

        Cli j = Cli.run("place", "--guest", "free", "--ram", "64G", "--banks", "16", "--align", "1G", "--host", D05, "--format", "json");
        assertEquals(0, j.exit(), j.out() + j.err());
        JsonNode root = JSON.readTree(j.out());
        List<String> args = new ArrayList<>(List.of("check", "--host", D05, "--guest", "free", "--ram", "64G"));
        root.get("settings").properties().forEach(e -> {
            if (!e.getKey().equals("ram")) {
                args.add("--set");
                args.add(e.getKey() + "=" + e.getValue().asString());
            }
        });
        Cli check = Cli.run(args.toArray(new String[0]));
        assertEquals(0, check.exit(), "the settings place reports must check SAFE: " + args + "\n" + check.out() + check.err());
    }

    @Test
    void aSmallIpaSpaceIsInfeasibleAndNamesTheDoorbellAndTheLimit() {
        Cli r = Cli.run("place", "--guest", "free", "--ram", "64G", "--banks", "16", "--align", "1G", "--ipa-bits", "36", "--host", D05);
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("msi-hw 0x00000000c6010000-0x00000000c601ffff"), r.out());
        assertTrue(r.out().contains("limit: banks may not end above 0xfffffffff"), r.out());
        assertTrue(r.out().contains("sat: INFEASIBLE") && r.out().contains("DRUP proof verified"), r.out());
        assertTrue(!r.out().contains("0x0000000008000000-0x00000000080fffff"), "the software MSI window is not needed to block: " + r.out());
    }

    @Test
    void theGuestsOwnMmioWindowsFromAFileAreAvoided() throws Exception {
        Path mmio = Files.writeString(dir.resolve("mmio.layout"),
                "0x0 0x3fffffff mmio low-devices\n0x100000000 0x17fffffff bar pcie-window\n0x200000000 0x2ffffffff ram ignored\n");
        Cli r = Cli.run("place", "--guest", "free", "--ram", "6G", "--banks", "3", "--align", "1G", "--set", "mmio=" + mmio, "--host", D05);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("bank0=0x40000000 bank1=0x180000000 bank2=0x200000000"), r.out());
        assertTrue(r.out().contains("--set bank0=0x40000000 --set bank1=0x180000000 --set bank2=0x200000000 --set mmio=" + mmio), r.out());
        assertTrue(r.out().contains("sat: FOUND"), r.out());
    }

    @Test
    void badBankSettingsAreInputErrors() {
        Cli odd = Cli.run("place", "--guest", "free", "--ram", "10G", "--banks", "3", "--align", "1G", "--host", D05);
        assertEquals(2, odd.exit(), odd.out() + odd.err());
        assertTrue(odd.err().contains("not a multiple of banks x align = 3 x 1G = 3G"), odd.err());
        Cli twice = Cli.run("place", "--guest", "free", "--ram", "4G", "--banks", "2", "--set", "banks=2", "--host", D05);
        assertEquals(2, twice.exit());
        assertTrue(twice.err().contains("given both by --banks and by --set banks="), twice.err());
        Cli other = Cli.run("place", "--guest", "qemu-virt", "--ram", "4G", "--banks", "2", "--host", D05);
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("preset qemu-virt has no parameter 'banks'"), other.err());
        Cli align = Cli.run("place", "--guest", "free", "--ram", "6G", "--banks", "2", "--align", "3M", "--host", D05);
        assertEquals(2, align.exit());
        assertTrue(align.err().contains("not a power of two"), align.err());
        Cli missing = Cli.run("place", "--guest", "free", "--ram", "4G", "--set", "mmio=/no/such/file", "--host", D05);
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("/no/such/file"), missing.err());
    }

    @Test
    void givenBasesAreCheckedNotSearched() {
        Cli r = Cli.run("place", "--guest", "free", "--ram", "4G", "--banks", "2", "--align", "1G", "--set", "bank0=0x80000000",
                "--set", "bank1=0x100000000", "--host", D05);
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("0x00000000c6010000"), r.out());
        Cli overlap = Cli.run("check", "--guest", "free", "--ram", "4G", "--set", "banks=2", "--set", "bank0=0x80000000",
                "--set", "bank1=0xc0000000", "--host", D05);
        assertEquals(2, overlap.exit(), overlap.out() + overlap.err());
        assertTrue(overlap.err().contains("overlaps bank0"), overlap.err());
        Cli extra = Cli.run("check", "--guest", "free", "--ram", "4G", "--set", "banks=2", "--set", "bank2=0x80000000", "--host", D05);
        assertEquals(2, extra.exit());
        assertTrue(extra.err().contains("there are only 2 bank(s)"), extra.err());
    }
}
