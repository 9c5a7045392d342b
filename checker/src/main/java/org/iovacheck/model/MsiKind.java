package org.iovacheck.model;

/** What an {@code msi} line really is; sysfs prints both as {@code msi}. */
public enum MsiKind {
    HARDWARE("hardware", RegionType.MSI_HW),
    SOFTWARE("software", RegionType.MSI_SW);

    private final String label;
    private final RegionType type;

    MsiKind(String label, RegionType type) {
        this.label = label;
        this.type = type;
    }

    public String label() {
        return label;
    }

    public RegionType type() {
        return type;
    }

    public static MsiKind fromLabel(String s) {
        for (MsiKind k : values()) {
            if (k.label.equals(s)) {
                return k;
            }
        }
        return null;
    }
}
