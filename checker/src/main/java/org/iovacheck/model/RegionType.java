package org.iovacheck.model;

import java.util.Optional;

/** What a host range is and how the kernel treats it; sysfs names where the kernel has one. */
public enum RegionType {
    /** Must stay identity-mapped (RMRR, IORT RMR): the device cannot be assigned at all. */
    DIRECT("direct", "identity-mapped region"),
    /** Identity mapping advertised but relaxable: ignored by VFIO and iommufd, refused by kvmtool. */
    DIRECT_RELAXABLE("direct-relaxable", "relaxable identity-mapped region"),
    /** Never map or give to a device (e.g. AMD HyperTransport range, old kernels' PCI windows). */
    RESERVED("reserved", "reserved range"),
    /** An {@code msi} line as sysfs prints it, before it is decided hardware or software. */
    MSI("msi", "MSI region (kind undecided)"),
    /** Hardware MSI doorbell that bypasses the IOMMU (kernel IOMMU_RESV_MSI). */
    MSI_HW("msi-hw", "bypass MSI doorbell"),
    /** Software MSI window where the kernel maps the remapped doorbell (kernel IOMMU_RESV_SW_MSI). */
    MSI_SW("msi-sw", "remappable MSI doorbell window"),
    /** PCI host-bridge or switch window routed peer-to-peer or aborted before the IOMMU (not in current sysfs). */
    BRIDGE_WINDOW("bridge-window", "PCI bridge window (P2P/abort)"),
    /** Addresses the IOMMU cannot translate: outside its input width or the valid IOVA ranges. */
    OUTSIDE_APERTURE("outside-aperture", "outside the IOMMU aperture");

    private final String label;
    private final String description;

    RegionType(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** Name used in files, text and JSON. */
    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** The types a sysfs reserved_regions line may carry. */
    public static Optional<RegionType> fromSysfs(String s) {
        return switch (s) {
            case "direct" -> Optional.of(DIRECT);
            case "direct-relaxable" -> Optional.of(DIRECT_RELAXABLE);
            case "reserved" -> Optional.of(RESERVED);
            case "msi" -> Optional.of(MSI);
            default -> Optional.empty();
        };
    }

    public static Optional<RegionType> fromLabel(String s) {
        for (RegionType t : values()) {
            if (t.label.equals(s)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
