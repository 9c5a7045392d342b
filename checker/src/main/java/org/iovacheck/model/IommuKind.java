package org.iovacheck.model;

/** The driver family of an IOMMU unit, as its {@code /sys/class/iommu/<unit>} entry shows it. */
public enum IommuKind {
    /** Intel VT-d ({@code intel-iommu/cap} and {@code ecap} present; drivers/iommu/intel). */
    INTEL_VTD("intel-vt-d"),
    /** AMD-Vi ({@code amd-iommu/features} present; drivers/iommu/amd). */
    AMD_VI("amd-vi"),
    /** Arm SMMUv3 (unit named {@code smmu3.<address>}; drivers/iommu/arm/arm-smmu-v3). */
    ARM_SMMU_V3("arm-smmu-v3"),
    /** Arm SMMU v1/v2 (unit named {@code smmu.<address>}; drivers/iommu/arm/arm-smmu). */
    ARM_SMMU("arm-smmu"),
    /** Anything else (virtio-iommu, s390, Apple DART, ...): the width is not read. */
    OTHER("other");

    private final String label;

    IommuKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static IommuKind fromLabel(String s) {
        for (IommuKind k : values()) {
            if (k.label.equals(s)) {
                return k;
            }
        }
        return null;
    }
}
