package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Issue 13 end to end: firmware-placed BARs, DEGRADED, the smallest fix and its confirming check (r/VFIO 2026-01-13, R10). */
class FirmwareBarsCommandTest {
    static final String RAPTOR = Cli.HOSTS + "intel-raptorlake-39bit.yaml";

    @TempDir
    Path dir;

    static String[] args(String... a) {
        return a;
    }

    @Test
    void sixteenGibBarAbove2To39IsAP2pFailureUnderOvmfAndPhysBits46() {
        Cli r = Cli.run("check", "--host", RAPTOR, "--guest", "qemu-q35", "--set", "firmware=ovmf", "--set", "phys-bits=46",
                "--device", "gpu:bar0=16M,bar1=16G", "--p2p");
        assertEquals(4, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("verdict: DEGRADED"), r.out());
        assertTrue(r.out().contains("- device-bar 'gpu.bar1' 0x0000380000000000-0x00003803ffffffff"), r.out());
        assertTrue(r.out().contains("hits outside-aperture 0x0000008000000000-0xffffffffffffffff"), r.out());
        assertTrue(r.out().contains("severity: starts; peer-to-peer to this BAR fails"), r.out());
        assertTrue(r.out().contains("hint: least firmware change that makes it safe: libvirt <maxphysaddr mode='passthrough' limit='39'/>"), r.out());
        Cli limited = Cli.run("check", "--host", RAPTOR, "--guest", "qemu-q35", "--set", "firmware=ovmf", "--set", "phys-bits=46",
                "--set", "phys-bits-limit=39", "--device", "gpu:bar0=16M,bar1=16G", "--p2p");
        assertEquals(0, limited.exit(), limited.out());
        assertTrue(limited.out().contains("0x0000007000000000-0x00000073ffffffff  gpu.bar1"), limited.out());
    }

    @Test
    void placeFindsTheLimitAndItsCheckConfirms() {
        Cli r = Cli.run("place", "--host", RAPTOR, "--guest", "qemu-q35", "--set", "firmware=ovmf", "--set", "phys-bits=46",
                "--device", "gpu:bar0=16M,bar1=16G", "--p2p");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("<maxphysaddr mode='passthrough' limit='39'/>"), r.out());
        assertTrue(r.out().contains("host-phys-bits-limit=39"), r.out());
        String line = r.out().lines().filter(l -> l.startsWith("confirm: iovacheck check ")).findFirst().orElseThrow();
        String cmd = line.substring("confirm: iovacheck ".length(), line.indexOf("  -> "));
        Cli again = Cli.run(cmd.split(" "));
        assertEquals(0, again.exit(), cmd + "\n" + again.out() + again.err());
        // limit 40 would be ignored by OVMF on Intel (classic window), but not once QEMU reports GuestPhysBits: not offered
        assertFalse(r.out().contains("limit='40'"), r.out());
        Cli forty = Cli.run("check", "--host", RAPTOR, "--guest", "qemu-q35", "--set", "firmware=ovmf", "--set", "phys-bits=46",
                "--set", "phys-bits-limit=40", "--set", "guest-phys-bits=40", "--device", "gpu:bar0=16M,bar1=16G", "--p2p");
        assertEquals(4, forty.exit(), forty.out());
    }

    @Test
    void placeWithTheLimitFixedFallsBackToTheOvmfWindowSize() {
        Cli r = Cli.run("place", "--host", RAPTOR, "--guest", "qemu-q35", "--set", "firmware=ovmf", "--set", "phys-bits=46",
                "--set", "phys-bits-limit=46", "--device", "gpu:bar0=16M,bar1=16G", "--p2p");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("-fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=16384"), r.out());
        Cli old = Cli.run("place", "--host", RAPTOR, "--guest", "qemu-q35", "--set", "firmware=ovmf", "--set", "firmware-version=202408",
                "--set", "phys-bits=46", "--set", "phys-bits-limit=46", "--device", "gpu:bar0=16M,bar1=16G", "--p2p");
        assertEquals(1, old.exit(), "before edk2-stable202505 the override loses to the dynamic window: " + old.out());
        assertTrue(old.out().contains("all 13 settings of x-pci-mmio64-mb judged"), old.out());
    }

    @Test
    void maximizeWithP2pTurnsTheFirmwareKnobs() {
        // 39-bit aperture: everything below 512 GiB. max-ram-below-4g=2G puts RAM at [4G, RAM + 2G). The 16 GiB BAR must sit
        // above RAM at a 16 GiB boundary below 512 GiB: with a fixed 16 GiB OVMF window (base = RAM end rounded up to 16 GiB)
        // that is 496G, so RAM + 2G <= 496G: 494G. Degrading the BAR below 4 GiB (X-PciMmio64Mb=0) cannot hold 16 GiB, and
        // OVMF's own windows (dynamic at 2^limit - 2^(limit-3), or classic 32 GiB) give less.
        Cli r = Cli.run("place", "--host", RAPTOR, "--guest", "qemu-q35", "--set", "firmware=ovmf", "--set", "phys-bits=46", "--set",
                "max-ram-below-4g=2G", "--device", "gpu:bar0=16M,bar1=16G", "--p2p", "--maximize", "ram");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("-m 494G") && r.out().contains("X-PciMmio64Mb,string=16384"), r.out());
        assertTrue(r.out().contains("all 195 settings of phys-bits-limit, x-pci-mmio64-mb judged"), r.out());
        assertTrue(r.out().contains("one granule more: UNSAFE: gpu.bar1"), r.out());
    }

    @Test
    void p2pNoLongerFlagsAWindowWithoutABar() throws Exception {
        Path host = Files.writeString(dir.resolve("h.yaml"), "name: hole64-reserved\naperture-bits: 48\ngroups:\n  - id: \"1\"\n"
                + "    reserved-regions: |\n      0x0000000200000000 0x00000002000fffff reserved\n");
        Cli windows = Cli.run("check", "--host", host.toString(), "--guest", "qemu-q35", "--p2p");
        assertEquals(4, windows.exit(), "without devices --p2p maps QEMU's pci-hole64: " + windows.out());
        Cli bars = Cli.run("check", "--host", host.toString(), "--guest", "qemu-q35", "--set", "firmware=ovmf", "--set", "phys-bits=46",
                "--device", "gpu:bar0=16M,bar1=16G", "--p2p");
        assertEquals(0, bars.exit(), bars.out());
        Cli old = Cli.run("check", "--host", host.toString(), "--guest", "qemu-q35", "--set", "firmware=ovmf", "--set", "phys-bits=46",
                "--device", "gpu:bar0=16M,bar1=16G", "--p2p-windows");
        assertEquals(4, old.exit(), old.out());
        assertTrue(old.out().contains("'pci-hole64'"), old.out());
    }

    @Test
    void ivshmemAboveTheApertureStopsTheVm() {
        Cli r = Cli.run("check", "--host", RAPTOR, "--guest", "qemu-q35", "--set", "firmware=ovmf", "--set", "phys-bits=46",
                "--device", "lg:ivshmem=256M");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("- ivshmem 'lg.bar2' 0x0000380000000000-0x000038000fffffff"), r.out());
        assertTrue(r.out().contains("severity: will not start"), r.out());
    }

    @Test
    void jsonAndHtmlCarryTheNewVerdict() throws Exception {
        Path html = dir.resolve("p.html");
        Cli r = Cli.run("check", "--host", RAPTOR, "--guest", "qemu-q35", "--set", "firmware=ovmf", "--set", "phys-bits=46",
                "--device", "gpu:bar1=16G", "--p2p", "--format", "json", "--html", html.toString());
        assertEquals(4, r.exit(), r.out() + r.err());
        JsonNode j = JsonMapper.builder().build().readTree(r.out());
        assertEquals(3, j.get("schema").asInt());
        assertEquals("DEGRADED", j.get("verdict").asString());
        assertEquals("DEGRADED", j.get("hosts").get(0).get("verdict").asString());
        assertEquals("p2p-fails", j.get("conflicts").get(0).get("severity").asString());
        assertEquals("gpu.bar1", j.get("guest").get("bars").get(0).get("name").asString());
        assertEquals("device-bar", j.get("guest").get("bars").get(0).get("kind").asString());
        assertTrue(Files.readString(html).contains("v-degraded\">DEGRADED"), "html");
    }

    @Test
    void badDevicesAreInputErrors() {
        List<String[]> bad = new ArrayList<>();
        bad.add(args("--set", "firmware=ovmf", "--device", "gpu:bar0=3M"));
        bad.add(args("--set", "firmware=ovmf", "--device", "gpu:bar6=1G"));
        bad.add(args("--set", "firmware=ovmf", "--device", "gpu:bar0=1G/64,bar1=1G"));
        bad.add(args("--set", "firmware=ovmf", "--device", "gpu:bar5=1G/64"));
        bad.add(args("--set", "firmware=ovmf", "--device", "gpu:bar0=1G", "--device", "gpu:bar2=1G"));
        bad.add(args("--device", "gpu:bar0=1G"));
        bad.add(args("--set", "firmware=seabios", "--set", "x-pci-mmio64-mb=1024"));
        bad.add(args("--set", "firmware=ovmf", "--set", "firmware-version=2021"));
        for (String[] b : bad) {
            List<String> a = new ArrayList<>(List.of("check", "--host", RAPTOR, "--guest", "qemu-q35"));
            a.addAll(Arrays.asList(b));
            Cli r = Cli.run(a.toArray(String[]::new));
            assertEquals(2, r.exit(), String.join(" ", b) + ": " + r.out() + r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }

    @Test
    void collectedDevicesByAddressOrGroup() throws Exception {
        Path host = Files.writeString(dir.resolve("c.yaml"), """
                name: raptor-collected
                aperture-bits: 39
                groups:
                  - id: '14'
                    reserved-regions: |
                      0x00000000fee00000 0x00000000feefffff msi
                    devices:
                      - address: '0000:01:00.0'
                        id: '10de:2c05'
                        class: '0x030000'
                        bars:
                          - index: 0
                            range: 0xa0000000-0xa0ffffff
                            flags: mem
                          - index: 1
                            range: 0x4000000000-0x43ffffffff
                            flags: mem64 prefetchable
                          - index: 3
                            range: 0x4400000000-0x4401ffffff
                            flags: mem64 prefetchable
                """);
        for (String dev : List.of("0000:01:00.0", "group:14")) {
            Cli r = Cli.run("check", "--host", host.toString(), "--guest", "qemu-q35", "--set", "firmware=ovmf", "--set", "phys-bits=46",
                    "--device", dev, "--p2p");
            assertEquals(4, r.exit(), dev + ": " + r.out() + r.err());
            // the recorded sizes and flags: a 32-bit BAR 0, 64-bit prefetchable BARs 1 (16 GiB) and 3 (32 MiB) placed largest first
            assertTrue(r.out().contains("0x0000380000000000-0x00003803ffffffff  0000-01-00-0.bar1"), r.out());
            assertTrue(r.out().contains("0x0000380400000000-0x0000380401ffffff  0000-01-00-0.bar3"), r.out());
            assertTrue(r.out().contains("0000-01-00-0.bar0 (anywhere in pci-hole)"), r.out());
        }
        Cli missing = Cli.run("check", "--host", host.toString(), "--guest", "qemu-q35", "--set", "firmware=ovmf", "--device", "0000:02:00.0");
        assertEquals(2, missing.exit(), missing.out());
        assertTrue(missing.err().contains("no host file given records this device"), missing.err());
    }
}
