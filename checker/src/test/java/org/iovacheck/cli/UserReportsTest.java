package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The user reports of the shared reference (users-2026-12.md, section 2) that iovacheck can now reproduce offline: the IOVA
 * and size in each report's error line is where the model puts the BAR, and the verdict says what the report saw.
 */
class UserReportsTest {
    static final String RAPTOR = Cli.HOSTS + "intel-raptorlake-39bit.yaml";

    static Cli ovmf46(String device, boolean p2p) {
        return p2p ? Cli.run("check", "--host", RAPTOR, "--guest", "qemu-q35", "--set", "firmware=ovmf", "--set", "phys-bits=46", "--device", device, "--p2p")
                : Cli.run("check", "--host", RAPTOR, "--guest", "qemu-q35", "--set", "firmware=ovmf", "--set", "phys-bits=46", "--device", device);
    }

    @Test
    void row3I915VfBarAt0x380000000000() {
        // strongtz/i915-sriov-dkms#359: vfio_container_dma_map(..., 0x380000000000, 0x1000000, ...) = -22 (a 16 MiB 64-bit VF BAR 0)
        Cli r = ovmf46("vf:bar0=16M", true);
        assertEquals(4, r.exit(), r.out());
        assertTrue(r.out().contains("- device-bar 'vf.bar0' 0x0000380000000000-0x0000380000ffffff"), r.out());
    }

    @Test
    void row4And6At0x380000000000() {
        // bpg/terraform-provider-proxmox#1353: vfio_dma_map(..., 0x380000000000, 0x10000000, ...) = -22 (256 MiB)
        Cli r = ovmf46("dev:bar0=256M", true);
        assertEquals(4, r.exit(), r.out());
        assertTrue(r.out().contains("- device-bar 'dev.bar0' 0x0000380000000000-0x000038000fffffff"), r.out());
    }

    @Test
    void row2LookingGlassIvshmemIsFatal() {
        // gnif/LookingGlass#1184: the ivshmem BAR above 2^39 (VFIO_MAP_DMA failed: -22); RAM-backed, so mapped with or without --p2p
        Cli r = ovmf46("kvmfr:ivshmem=256M", false);
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("- ivshmem 'kvmfr.bar2' 0x0000380000000000-0x000038000fffffff"), r.out());
    }

    @Test
    void row13SeaBiosHighWindowIsOnlyAWarning() {
        // kata-containers#12861: 0xe0e00000000 under SeaBIOS ("red herring" per the maintainer): SeaBIOS 1.17 puts the window at
        // 2^44 - 2^41 = 0xe0000000000 with -cpu host on a 46-bit host; the map failure costs peer-to-peer only
        Cli r = Cli.run("check", "--host", RAPTOR, "--guest", "qemu-q35", "--ram", "8G", "--set", "firmware=seabios", "--set", "phys-bits=46",
                "--device", "gpu:bar1=16G", "--p2p");
        assertEquals(4, r.exit(), r.out());
        assertTrue(r.out().contains("- device-bar 'gpu.bar1' 0x00000e0000000000-0x00000e03ffffffff"), r.out());
    }
}
