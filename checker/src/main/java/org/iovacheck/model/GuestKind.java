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
    /** PCI BAR window: mapped only for peer-to-peer (--p2p). */
    BAR("bar");

    private final String label;

    GuestKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean dmaMapped(boolean p2p) {
        return switch (this) {
            case RAM, HOTPLUG, ROM -> true;
            case BAR -> p2p;
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
