package org.iovacheck.model;

/** What goes wrong, in words, when a guest region of a kind meets an excluded host range of a type (Linux 6.12, QEMU 10.2). */
public final class Consequences {
    private Consequences() {
    }

    public static String of(Conflict c, Backend backend) {
        String when = switch (c.guest().kind()) {
            case HOTPLUG -> "when memory is hot-plugged here the DMA map fails and QEMU aborts the VM (\"vfio: DMA mapping failed, unable to continue\")";
            case BAR, DEVICE_BAR -> "the peer-to-peer map of this BAR fails but the VM starts (QEMU reports \"vfio_container_dma_map(...) = -22\""
                    + " and goes on: an error up to 9.2, since 10.0 a warning that PCI peer-to-peer transactions on BARs are not supported);"
                    + " P2P DMA to it does not work";
            case IVSHMEM -> "the ivshmem shared memory is RAM to VFIO, so its failed map is fatal: the VM fails to start ("
                    + mapCall(backend) + " returns EINVAL, \"memory listener initialization failed\")";
            default -> "the VM fails to start: " + mapCall(backend) + " returns EINVAL (-22)";
        };
        return switch (c.reserved().type()) {
            case MSI_HW -> "bypass MSI doorbell: device DMA writes to " + c.overlap()
                    + " become spurious interrupts and the data is lost; " + when;
            case MSI_SW -> "the kernel keeps this window free to map the MSI doorbell; " + when
                    + "; a device attached after the RAM is mapped is refused (" + attachError(backend) + ")";
            case RESERVED -> "reserved by the IOMMU driver (never mapped or given to a device); " + when;
            case DIRECT -> "identity-mapped firmware region; the device cannot be assigned at all";
            case DIRECT_RELAXABLE -> "relaxable identity-mapped region: kvmtool refuses it (\"reserved region would overlap RAM region\"); the kernel alone would ignore it";
            case BRIDGE_WINDOW -> "PCI bridge window: device DMA to " + c.overlap()
                    + " is routed peer-to-peer or aborted before the IOMMU; the kernel does not know and maps it, so data is silently lost";
            case OUTSIDE_APERTURE -> "beyond the IOMMU's valid IOVA ranges; " + when;
            case MSI -> "undecided MSI region; " + when;
        };
    }

    /** What happens when a group whose region meets an existing mapping is hot-added to the running VM. */
    public static String ofHotadd(Conflict c, Backend backend) {
        String refusal = backend == Backend.IOMMUFD
                ? "iommufd refuses to attach the device (EADDRINUSE: the reserved range meets an existing mapping)"
                : "the kernel refuses the group (VFIO_GROUP_SET_CONTAINER: EINVAL, vfio_iommu_resv_conflict)";
        String type = c.reserved().type() == RegionType.OUTSIDE_APERTURE
                ? "the mapping lies outside the new IOMMU's aperture (vfio_iommu_aper_conflict)"
                : c.reserved().type().description() + " of the new group meets mapped guest " + c.guest().kind().label();
        return type + "; " + refusal + "; QEMU then tries a new container whose replay fails the same way, and device_add fails";
    }

    private static String mapCall(Backend backend) {
        return backend == Backend.IOMMUFD ? "IOMMU_IOAS_MAP" : "VFIO_IOMMU_MAP_DMA";
    }

    private static String attachError(Backend backend) {
        return backend == Backend.IOMMUFD ? "iommufd attach: EADDRINUSE" : "VFIO_GROUP_SET_CONTAINER: EINVAL";
    }
}
