package org.iovacheck.model;

/** The host's VFIO flavour: legacy type1 containers (group-merged regions) or iommufd (per device). */
public enum Backend {
    VFIO_TYPE1("vfio-type1"),
    IOMMUFD("iommufd");

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
