package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** explain on the error lines of /work/shared/reference/users-2026-12.md and kernel-and-vmm-facts.md, with the expected diagnosis. */
class ExplainCommandTest {
    static final String RAPTOR = Cli.HOSTS + "intel-raptorlake-39bit.yaml";

    private static Cli explain(String line, String host, String... more) {
        String[] a = new String[4 + more.length];
        a[0] = "explain";
        a[1] = line;
        a[2] = "--host";
        a[3] = host;
        System.arraycopy(more, 0, a, 4, more.length);
        Cli r = Cli.run(a);
        assertEquals(0, r.exit(), r.out() + r.err());
        return r;
    }

    @Test
    void r10BarBeyondThe39BitApertureNamesTheApertureAndTheMaxphysaddrFix() {
        Cli r = explain("vfio_container_dma_map(0x55da3da99aa0, 0x382800000000, 0x400000000, 0x7fb440000000) = -22 (Invalid argument)", RAPTOR);
        assertTrue(r.out().contains("IOVA 0x0000382800000000-0x0000382bffffffff (16G)"), r.out());
        assertTrue(r.out().contains("host:    intel-raptorlake-39bit: beyond the IOMMU aperture (39-bit IOMMU input address width"), r.out());
        assertTrue(r.out().contains("OVMF's 64-bit PCI MMIO window for 46 physical address bits"), r.out());
        assertTrue(r.out().contains("<maxphysaddr mode='passthrough' limit='39'/>"), r.out());
        assertTrue(r.out().contains("host-phys-bits-limit=39"), r.out());
    }

    @Test
    void rows3And4OlderVfioDmaMapSpellingWithElidedPointers() {
        Cli r3 = explain("vfio_container_dma_map(…, 0x380000000000, 0x1000000, …) = -22", RAPTOR);
        assertTrue(r3.out().contains("beyond the IOMMU aperture"), r3.out());
        Cli r4 = explain("qemu: vfio_dma_map(0x5581, 0x380000000000, 0x10000000, 0x7f00) = -22 (Invalid argument)", RAPTOR);
        assertTrue(r4.out().contains("limit='39'"), r4.out());
    }

    @Test
    void aGuestConfigurationNamesTheRegionAndAnswersInItsSyntax() {
        Cli r = explain("vfio_container_dma_map(0x1, 0xfd00000000, 0x80000000, 0x2) = -22 (Invalid argument)", ConfigCommandTest.EPYC,
                "--guest", ConfigCommandTest.GUESTS + "q35-amd-1100g.xml");
        assertTrue(r.out().contains("host:    amd-epyc: meets reserved 0x000000fd00000000-0x000000ffffffffff of group 12"), r.out());
        assertTrue(r.out().contains("guest:   the address is in guest ram 'ram-above-4g'"), r.out());
        assertTrue(r.out().contains("machine type 7.1 or newer moves above-4G RAM"), r.out());
    }

    @Test
    void row7VIommuAwBits() {
        Cli r = explain("qemu-system-x86_64: -device vfio-pci,host=0000:01:00.0: Failed to set vIOMMU: aw-bits 48 > host aw-bits 39", RAPTOR,
                "--guest", ConfigCommandTest.GUESTS + "q35-hotplug-ovmf-numa.xml");
        assertTrue(r.out().contains("<iommu model='intel'><driver aw_bits='39'/></iommu>"), r.out());
        assertTrue(r.out().contains("host:    intel-raptorlake-39bit: IOMMU input width 39 bits"), r.out());
    }

    @Test
    void row11FirmwareOneToOneNamesTheDirectRegionsAndSaysNoLayoutHelps() {
        Cli r = explain("vfio-pci 0000:04:00.1: Firmware has requested this device have a 1:1 IOMMU mapping, rejecting configuring the device"
                + " without a 1:1 mapping. Contact your platform vendor.", Cli.HOSTS + "hp-dl388p-rmrr.yaml");
        assertTrue(r.out().contains("no guest layout can help"), r.out());
        assertTrue(r.out().contains("direct"), r.out());
        Cli g = explain("EAL: cannot add vfio group to container, error 22 (Invalid argument)", Cli.HOSTS + "hp-dl388p-rmrr.yaml");
        assertTrue(g.out().contains("VFIO_GROUP_SET_CONTAINER failed with EINVAL (-22)"), g.out());
        Cli rmrr = explain("vfio-pci 0000:04:00.1: DMAR: Device is ineligible for IOMMU domain attach due to platform RMRR requirement."
                + "  Contact your platform vendor.", Cli.HOSTS + "hp-dl388p-rmrr.yaml");
        assertTrue(rmrr.out().contains("device_is_rmrr_locked"), rmrr.out());
    }

    @Test
    void rows14And15AndR15AreNotLayoutProblems() {
        Cli eexist = explain("VfioMapRegion(DmaMap(IommuDmaMap(Error(17))))", RAPTOR);
        assertTrue(eexist.out().contains("EEXIST") && eexist.out().contains("not a host reserved range"), eexist.out());
        Cli efault = explain("IOMMU_IOAS_MAP failed: Bad address, PCI BAR?", RAPTOR);
        assertTrue(efault.out().contains("EFAULT") && efault.out().contains("not a guest layout problem"), efault.out());
        Cli enomem = explain("VFIO_MAP_DMA failed: Cannot allocate memory", RAPTOR);
        assertTrue(enomem.out().contains("RLIMIT_MEMLOCK") && enomem.out().contains("not a guest layout problem"), enomem.out());
        Cli ch = explain("VfioDmaMap(IommuDmaMap(Error(14)))", RAPTOR);
        assertTrue(ch.out().contains("EFAULT"), ch.out());
        Cli enospc = explain("vfio_container_dma_map(0x1, 0x100000, 0x1000, 0x2) = -28 (No space left on device)", RAPTOR);
        assertTrue(enospc.out().contains("dma_entry_limit"), enospc.out());
    }

    @Test
    void row2EinvalWithoutAnAddressPointsToCheck() {
        Cli r = explain("VFIO_MAP_DMA failed: -22", RAPTOR);
        assertTrue(r.out().contains("the line gives no address"), r.out());
        assertTrue(r.out().contains("iovacheck check --host"), r.out());
    }

    @Test
    void anUnknownLineIsAnInputError() {
        Cli r = Cli.run("explain", "kernel: everything is fine", "--host", RAPTOR);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not a line iovacheck knows"), r.err());
    }
}
