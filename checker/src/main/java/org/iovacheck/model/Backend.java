package org.iovacheck.model;

/**
 * How the host gives devices to guests: VFIO legacy type1 containers (group-merged regions), iommufd (per device), or Xen
 * passthrough (no VFIO: the hypervisor maps the guest's p2m for the device and identity-maps its RMRR/RDM ranges in the guest).
 */
public enum Backend {
    VFIO_TYPE1("vfio-type1"),
    IOMMUFD("iommufd"),
    XEN("xen");

    private final String label;

    Backend(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Backend fromLabel(String s) {
        for (Backend b : values()) {
            if (b.label.equals(s)) {
                return b;
            }
        }
        return null;
    }
}
