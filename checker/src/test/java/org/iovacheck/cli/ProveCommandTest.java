package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProveCommandTest {
    static final String CLASSES = "../models/platforms/";

    @TempDir
    Path dir;

    @Test
    void bypassDoorbellClassProvesSmallVirtGuestsAndRefutesLargeOnesWithAReplayableHost() throws Exception {
        Cli ok = Cli.run("prove", "--class", CLASSES + "bypass-doorbell.yaml", "--guest", "qemu-virt", "--ram", "1G");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().startsWith("verdict: PROVEN"), ok.out());

        Cli bad = Cli.run("prove", "--class", CLASSES + "bypass-doorbell.yaml", "--guest", "qemu-virt", "--ram", "1025M",
                "--save-counterexample", dir.toString());
        assertEquals(1, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.out().contains("msi-hw 0x0000000080000000-0x000000008000ffff"), bad.out());
        Path saved;
        try (var s = Files.list(dir)) {
            saved = s.findFirst().orElseThrow();
        }
        Cli replay = Cli.run("check", "--host", saved.resolve("host.yaml").toString(), "--guest", saved.resolve("guest.layout").toString());
        assertEquals(1, replay.exit(), replay.out() + replay.err());
        assertTrue(replay.out().contains("hits msi-hw 0x0000000080000000-0x000000008000ffff"), replay.out());

        Cli again = Cli.run("prove", "--class", CLASSES + "bypass-doorbell.yaml", "--guest", "qemu-virt", "--ram", "1025M",
                "--save-counterexample", dir.toString());
        assertEquals(1, again.exit(), "saving the same counterexample twice reuses the identical files: " + again.err());
    }

    /** Regression: a one-byte region at any address has 2^64 positions; counting them divided by zero (exit 70, internal error). */
    @Test
    void aRegionAtEveryAddressHasTwoToThe64Hosts() throws Exception {
        Path c = Files.writeString(dir.resolve("every-byte.yaml"), "name: every-byte\ndescription: one reserved byte anywhere\nbackend: vfio-type1\n"
                + "regions:\n  - name: anywhere\n    type: reserved\n    group: \"0\"\n    base: {min: 0, max: 0xffffffffffffffff, align: 1}\n    size: 1\n");
        Cli all = Cli.run("prove", "--class", c.toString(), "--guest", "qemu-q35", "--ram", "1G");
        assertEquals(1, all.exit(), all.out() + all.err());
        assertTrue(all.out().startsWith("verdict: COUNTEREXAMPLE"), all.out());
        Cli each = Cli.run("prove", "--class", c.toString(), "--guest", "qemu-q35", "--ram", "1G", "--each-host");
        assertEquals(1, each.exit(), each.out() + each.err());
        assertTrue(each.out().contains("the class has 18446744073709551616 hosts"), each.out());
    }

    @Test
    void remappableWindowAnywhereBelowFourGigRefutesEveryVirtGuest() {
        Cli r = Cli.run("prove", "--class", CLASSES + "remappable-doorbell.yaml", "--guest", "qemu-virt", "--ram", "128M");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("[COUNTEREXAMPLE] sw-msi-window"), r.out());
    }

    @Test
    void p2pClassWithQ35LikeLayout() throws Exception {
        Path low = Files.writeString(dir.resolve("low.layout"), "0x0 0xbfffffff ram\n");
        Cli ok = Cli.run("prove", "--class", CLASSES + "p2p-abort.yaml", "--guest", low.toString());
        assertEquals(0, ok.exit(), ok.out());
        Path high = Files.writeString(dir.resolve("high.layout"), "0x0 0xbfffffff ram\n0x10000000000 0x1003fffffff ram\n");
        Cli bad = Cli.run("prove", "--class", CLASSES + "p2p-abort.yaml", "--guest", high.toString());
        assertEquals(1, bad.exit(), bad.out());
        assertTrue(bad.out().contains("bridge-window-64"), bad.out());
    }

    @Test
    void classFileErrorsNameTheLine() throws Exception {
        Path f = Files.writeString(dir.resolve("c.yaml"), "regions:\n  - type: msi\n    base: 0x0\n    size: 1M\n");
        Cli r = Cli.run("prove", "--class", f.toString(), "--guest", "qemu-virt");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(f + ":2: unknown class region type 'msi'"), r.err());
        Path g = Files.writeString(dir.resolve("d.yaml"), "regions:\n  - type: reserved\n    base: {min: 0x11, max: 0x1f, align: 32}\n    size: 1\n");
        Cli r2 = Cli.run("prove", "--class", g.toString(), "--guest", "qemu-virt");
        assertEquals(2, r2.exit());
        assertTrue(r2.err().contains("no multiple of 0x20"), r2.err());
    }

    @Test
    void armFleetMemoryMapIsTheLargestVirtRamBelowTheMovedWindow() {
        Cli r = Cli.run("prove", "--fleet", "../models/fleets/arm64-servers", "--guest", "qemu-virt", "--one-layout");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("-machine virt -m 1536M"), r.out());
        assertTrue(r.out().contains("one granule more meets msi-sw 0x00000000a0000000-0x00000000a00fffff (arm64-dt-msi-moved)"), r.out());
        assertTrue(r.out().contains("re-proved safe on every host"), r.out());
    }

    @Test
    void wholeReferenceFleetNamesTheHostWhoseRmrrForbidsEveryLayout() {
        Cli r = Cli.run("prove", "--fleet", "../models/hosts", "--guest", "qemu-virt", "--ram", "1G");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("host hp-dl388p-rmrr"), r.out());
        Cli one = Cli.run("prove", "--fleet", "../models/hosts", "--guest", "qemu-virt", "--one-layout");
        assertEquals(1, one.exit(), one.out());
        assertTrue(one.out().startsWith("verdict: INFEASIBLE"), one.out());
    }

    @Test
    void classOneLayoutAndEachHost() {
        Cli one = Cli.run("prove", "--class", CLASSES + "bypass-doorbell.yaml", "--guest", "qemu-virt", "--one-layout");
        assertEquals(0, one.exit(), one.out());
        assertTrue(one.out().contains("-machine virt -m 1G"), one.out());
        Cli each = Cli.run("prove", "--class", CLASSES + "bypass-doorbell.yaml", "--guest", "kvmtool-arm64", "--ram", "1G", "--each-host",
                "--set", "ipa-bits=36", "--engine", "interval");
        assertEquals(0, each.exit(), each.out());
        assertTrue(each.out().startsWith("verdict: PROVEN"), each.out());
    }

    @Test
    void eachHostCounterexampleWhenTheBankCannotEscapeTheDoorbell() throws Exception {
        Cli r = Cli.run("prove", "--class", CLASSES + "bypass-doorbell.yaml", "--guest", "kvmtool-arm64", "--ram", "2G", "--each-host",
                "--set", "ipa-bits=32", "--save-counterexample", dir.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("verdict: COUNTEREXAMPLE"), r.out());
        assertTrue(r.out().contains("INFEASIBLE"), r.out());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }
}
