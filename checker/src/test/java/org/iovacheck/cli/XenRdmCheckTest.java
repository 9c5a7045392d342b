package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 4: an Intel RMRR at 0xbdf6e000 and a 4 GiB xen-hvm guest. The numbers follow libxl__domain_device_construct_rdm
 * (tools/libs/light/libxl_dm.c) by hand: memory 4096 MiB less 8 MiB cirrus video RAM = 0xff800000 of guest RAM, low RAM up to
 * 0xf0000000; the RDM starts above rdm_mem_boundary (2 GiB), so low RAM ends at 0xbdf6e000 rounded down to 2 MiB = 0xbde00000
 * and 0xf0000000 - 0xbde00000 = 0x32200000 more goes above 4 GiB: high RAM 0x100000000-0x1419fffff.
 */
class XenRdmCheckTest {
    private static final String HOST = Cli.HOSTS + "intel-rmrr-xen.yaml";

    @Test
    void withoutTheRdmTheDefaultLayoutCoversTheRmrr() {
        Cli r = Cli.run("check", "--host", HOST, "--guest", "xen-hvm", "--ram", "4G");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("UNSAFE"), r.out());
        assertTrue(r.out().contains("bdf6e000"), r.out());
    }

    @Test
    void libxlsRelocatedLayoutIsSafe() {
        Cli r = Cli.run("check", "--host", HOST, "--guest", "xen-hvm", "--ram", "4G", "--set", "rdm=0xbdf6e000-0xbdf84fff");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("SAFE"), r.out());
        Cli layout = Cli.run("check", "--host", HOST, "--guest", "xen-hvm", "--ram", "4G", "--set", "rdm=0xbdf6e000-0xbdf84fff",
                "--format", "json");
        assertTrue(layout.out().contains("0xbddfffff") || layout.out().contains("0x00000000bddfffff"), layout.out());
        assertTrue(layout.out().contains("0x1419fffff") || layout.out().contains("0x00000001419fffff"), layout.out());
    }

    @Test
    void belowTheBoundaryStrictRefusesAndRelaxedIsUnsafe() {
        Cli strict = Cli.run("check", "--host", HOST, "--guest", "xen-hvm", "--ram", "4G", "--set", "rdm=0xbdf6e000-0xbdf84fff",
                "--set", "rdm-mem-boundary=3G");
        assertEquals(2, strict.exit(), strict.out() + strict.err());
        assertTrue(strict.err().contains("RDM conflict at 0xbdf6e000"), strict.err());
        Cli relaxed = Cli.run("check", "--host", HOST, "--guest", "xen-hvm", "--ram", "4G", "--set", "rdm=0xbdf6e000-0xbdf84fff",
                "--set", "rdm-mem-boundary=3G", "--set", "rdm-policy=relaxed");
        assertEquals(1, relaxed.exit(), relaxed.out() + relaxed.err());
    }

    @Test
    void vfioStillCannotAssignTheDevice() {
        Cli r = Cli.run("check", "--host", Cli.HOSTS + "hp-dl388p-rmrr.yaml", "--guest", "qemu-q35", "--ram", "4G");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("NO_LAYOUT"), r.out());
    }
}
