package org.iovacheck.model;

/**
 * What one conflict costs, by what the VMM does when the DMA map fails (QEMU hw/vfio/listener.c vfio_listener_region_add;
 * docs/model.md, "Severity"): the VM does not start, it aborts when memory is hot-plugged, it starts but DMA is silently
 * misrouted, or it starts and only peer-to-peer to a BAR fails.
 */
public enum Severity {
    /** RAM, ROM or an ivshmem BAR (RAM-backed) cannot be mapped: the device's realize fails, the VM does not start. */
    WILL_NOT_START("will not start"),
    /** A hot-plug area: the map fails when memory is plugged and QEMU aborts the VM (hw_error). */
    ABORTS_AT_HOTPLUG("aborts at memory hot-plug"),
    /** A bridge window the kernel does not know: the map succeeds and DMA there is routed elsewhere. */
    DATA_LOSS("starts; DMA there is silently misrouted"),
    /** An assigned device's BAR (a ram_device region): QEMU reports the failed map and goes on; peer-to-peer to it fails. */
    P2P_FAILS("starts; peer-to-peer to this BAR fails");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Severity of(Conflict c) {
        GuestKind k = c.guest().kind();
        if (k == GuestKind.BAR || k == GuestKind.DEVICE_BAR) {
            return P2P_FAILS;
        }
        if (c.reserved().type() == RegionType.BRIDGE_WINDOW) {
            return DATA_LOSS;
        }
        return k == GuestKind.HOTPLUG ? ABORTS_AT_HOTPLUG : WILL_NOT_START;
    }
}
