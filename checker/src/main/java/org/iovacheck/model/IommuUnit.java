package org.iovacheck.model;

/**
 * Immutable; one IOMMU unit ({@code /sys/class/iommu/<name>}): its kind, the input address width of the domains VFIO and
 * iommufd get from it ({@code widthBits}, 0 when unknown) and how that width was found ({@code from}: file, value, kernel function).
 */
public record IommuUnit(String name, IommuKind kind, int widthBits, String from, Source source) {
    public IommuUnit {
        if (widthBits < 0 || widthBits > 64) {
            throw new IllegalArgumentException("IOMMU width out of range: " + widthBits);
        }
    }

    public boolean widthKnown() {
        return widthBits > 0;
    }

    /** The aperture of the unit's domains: [0, 2^width - 1]; the full 64-bit space when the width is unknown. */
    public Aperture aperture() {
        return widthKnown() && widthBits < 64
                ? new Aperture(java.util.List.of(new Range(0, U64.maskBits(widthBits))), widthBits + "-bit input width of IOMMU unit " + name + " (" + kind.label() + ")")
                : Aperture.full();
    }
}
