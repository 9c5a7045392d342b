package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prove --each-host over a class with far more than 100,000 position combinations (two 64 KiB doorbells anywhere in
 * [2 GiB, 1 TiB) and a 1 GiB bridge window anywhere in [4 GiB, 1 TiB): about 2.9e17 hosts) is decided, not UNKNOWN.
 */
class EachHostRefinementTest {
    @TempDir
    Path dir;

    private Path cls(String bridgeMin, String bridgeMax) throws Exception {
        Path c = dir.resolve("two-doorbells-bridge.yaml");
        Files.writeString(c, String.join("\n", "name: two-doorbells-bridge", "description: \"two doorbells and a bridge window\"",
                "backend: vfio-type1", "aperture-bits: {min: 40, max: 48}", "regions:",
                "  - name: doorbell-a", "    type: msi-hw", "    group: \"0\"", "    base: {min: 0x80000000, max: 0xffffff0000, align: 64K}", "    size: 64K",
                "  - name: doorbell-b", "    type: msi-hw", "    group: \"0\"", "    base: {min: 0x80000000, max: 0xffffff0000, align: 64K}", "    size: 64K",
                "  - name: bridge", "    type: bridge-window", "    group: \"0\"", "    base: {min: " + bridgeMin + ", max: " + bridgeMax + ", align: 1G}",
                "    size: 1G", ""));
        return c;
    }

    /**
     * kvmtool with 4 GiB: each region position meets only layouts near it; four layouts far
     * enough apart that no region position meets two of them leave every host one of them, so the answer is PROVEN.
     */
    @Test
    void twoDoorbellsAndABridgeWindowOver40BitsAreProvenForKvmtool() throws Exception {
        long t0 = System.nanoTime();
        Cli r = Cli.run("prove", "--class", cls("0x100000000", "0xffc0000000").toString(), "--guest", "kvmtool-arm64", "--ram", "4G", "--each-host");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("verdict: PROVEN"), r.out());
        assertTrue(r.out().contains("every one of the 285984069601198080 position combinations admits one of these"), r.out());
        assertTrue(seconds < 60, "took " + seconds + " s");
    }

    /**
     * With ipa-bits 32, kvmtool's RAM lies in [2 GiB, 4 GiB); a bridge window at 2 GiB leaves 1 GiB above it, so 1536M has no
     * base on that host: COUNTEREXAMPLE, and the saved host replays as INFEASIBLE with place.
     */
    @Test
    void aBridgeWindowThatLeavesTooLittleRoomIsACounterexample() throws Exception {
        Path save = dir.resolve("cx");
        Cli r = Cli.run("prove", "--class", cls("0x80000000", "0xc0000000").toString(), "--guest", "kvmtool-arm64", "--ram", "1536M",
                "--set", "ipa-bits=32", "--each-host", "--save-counterexample", save.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("verdict: COUNTEREXAMPLE"), r.out());
        Path host;
        try (var s = Files.walk(save)) {
            host = s.filter(p -> p.getFileName().toString().equals("host.yaml")).findFirst().orElseThrow();
        }
        Cli again = Cli.run("place", "--host", host.toString(), "--guest", "kvmtool-arm64", "--ram", "1536M", "--set", "ipa-bits=32");
        assertEquals(1, again.exit(), again.out() + again.err());
        Cli qemu = Cli.run("prove", "--class", cls("0x100000000", "0xffc0000000").toString(), "--guest", "qemu-virt", "--ram", "4G", "--each-host");
        assertEquals(1, qemu.exit(), qemu.out() + qemu.err());
    }
}
