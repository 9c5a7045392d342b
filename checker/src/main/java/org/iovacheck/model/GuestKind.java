package org.iovacheck.model;

/** What a guest-physical range holds; decides whether the VMM DMA-maps it for an assigned device. */
public enum GuestKind {
    /** Guest RAM: mapped at start. */
    RAM("ram"),
    /** Memory hot-plug area: mapped when populated; a failure then aborts a QEMU VM. */
    HOTPLUG("hotplug"),
    /** RAM-backed ROM (firmware image): mapped read-only. */
    ROM("rom"),
    /** Emulated device MMIO: never mapped. */
    MMIO("mmio"),
    /** PCI BAR window (where a VMM or firmware may put BARs): mapped only for peer-to-peer (--p2p, or --p2p-windows with devices). */
    BAR("bar"),
    /** One BAR of an assigned device, where the guest firmware placed it: mapped only for peer-to-peer; a failed map only costs P2P. */
    DEVICE_BAR("device-bar"),
    /** The shared-memory BAR of an ivshmem device: RAM-backed, so the VMM maps it like RAM and a failed map is fatal. */
    IVSHMEM("ivshmem");

    private final String label;

    GuestKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean dmaMapped(boolean p2p) {
        return switch (this) {
            case RAM, HOTPLUG, ROM, IVSHMEM -> true;
            case BAR, DEVICE_BAR -> p2p;
            case MMIO -> false;
        };
    }

    public static GuestKind fromLabel(String s) {
        for (GuestKind k : values()) {
            if (k.label.equals(s)) {
                return k;
            }
        }
        return null;
    }
}
