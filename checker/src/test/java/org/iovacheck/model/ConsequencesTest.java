package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * docs/model.md, "The check" and "Severity": what each conflict costs in words, by guest kind, host type and backend
 * (QEMU hw/vfio/listener.c vfio_listener_region_add; VFIO_IOMMU_MAP_DMA / IOMMU_IOAS_MAP; the Xen p2m for Xen passthrough).
 */
class ConsequencesTest {
    static Conflict hit(GuestKind k, RegionType t) {
        ReservedRegion r = new ReservedRegion(new Range(0xfee00000L, 0xfeefffffL), t, "1", null, Source.BUILTIN);
        return Conflict.of(new GuestRegion("g", k, new Range(0xfee00000L, 0xfee00fffL)), r);
    }

    static void has(String text, String... parts) {
        for (String p : parts) {
            assertTrue(text.contains(p), "'" + p + "' missing from: " + text);
        }
    }

    @Test
    void theMapCallAndItsFailureDependOnTheBackend() {
        has(Consequences.of(hit(GuestKind.RAM, RegionType.RESERVED), Backend.VFIO_TYPE1),
                "reserved by the IOMMU driver", "the VM fails to start: VFIO_IOMMU_MAP_DMA returns EINVAL (-22)");
        has(Consequences.of(hit(GuestKind.ROM, RegionType.RESERVED), Backend.IOMMUFD), "the VM fails to start: IOMMU_IOAS_MAP returns EINVAL");
        has(Consequences.of(hit(GuestKind.RAM, RegionType.RESERVED), Backend.XEN), "the Xen p2m mapping for the device returns EINVAL");
        has(Consequences.of(hit(GuestKind.IVSHMEM, RegionType.OUTSIDE_APERTURE), Backend.IOMMUFD),
                "beyond the IOMMU's valid IOVA ranges", "ivshmem shared memory is RAM to VFIO", "IOMMU_IOAS_MAP returns EINVAL");
        has(Consequences.of(hit(GuestKind.HOTPLUG, RegionType.MSI_HW), Backend.VFIO_TYPE1),
                "bypass MSI doorbell", "spurious interrupts", "QEMU aborts the VM");
        has(Consequences.of(hit(GuestKind.DEVICE_BAR, RegionType.RESERVED), Backend.VFIO_TYPE1), "P2P DMA to it does not work");
        has(Consequences.of(hit(GuestKind.BAR, RegionType.RESERVED), Backend.VFIO_TYPE1), "P2P DMA to it does not work");
    }

    @Test
    void eachHostTypeSaysWhatTheRangeIs() {
        has(Consequences.of(hit(GuestKind.RAM, RegionType.MSI_SW), Backend.VFIO_TYPE1),
                "keeps this window free to map the MSI doorbell", "(VFIO_GROUP_SET_CONTAINER: EINVAL)");
        has(Consequences.of(hit(GuestKind.RAM, RegionType.MSI_SW), Backend.IOMMUFD), "(iommufd attach: EADDRINUSE)");
        has(Consequences.of(hit(GuestKind.RAM, RegionType.DIRECT), Backend.VFIO_TYPE1), "the device cannot be assigned at all");
        has(Consequences.of(hit(GuestKind.RAM, RegionType.DIRECT), Backend.XEN), "Xen identity-maps", "RDM conflict");
        has(Consequences.of(hit(GuestKind.RAM, RegionType.DIRECT_RELAXABLE), Backend.VFIO_TYPE1), "kvmtool refuses it");
        has(Consequences.of(hit(GuestKind.RAM, RegionType.BRIDGE_WINDOW), Backend.VFIO_TYPE1),
                "PCI bridge window", "routed peer-to-peer or aborted", "silently lost");
        has(Consequences.of(hit(GuestKind.RAM, RegionType.MSI), Backend.VFIO_TYPE1), "undecided MSI region; the VM fails to start");
        has(Consequences.of(hit(GuestKind.RAM, RegionType.MSI_HW), Backend.VFIO_TYPE1),
                "DMA writes to " + new Range(0xfee00000L, 0xfee00fffL) + " become spurious interrupts");
    }

    @Test
    void aHotAddIsRefusedByTheBackend() {
        has(Consequences.ofHotadd(hit(GuestKind.RAM, RegionType.RESERVED), Backend.IOMMUFD),
                "reserved range of the new group meets mapped guest ram", "EADDRINUSE", "device_add fails");
        has(Consequences.ofHotadd(hit(GuestKind.HOTPLUG, RegionType.RESERVED), Backend.VFIO_TYPE1),
                "mapped guest hotplug", "VFIO_GROUP_SET_CONTAINER: EINVAL, vfio_iommu_resv_conflict");
        has(Consequences.ofHotadd(hit(GuestKind.RAM, RegionType.OUTSIDE_APERTURE), Backend.VFIO_TYPE1),
                "outside the new IOMMU's aperture (vfio_iommu_aper_conflict)");
    }
}
