package org.iovacheck.model;

/**
 * Immutable; facts about a host that decide parts of a guest's layout under KVM: the CPU vendor (null when unknown), the CPU's
 * physical address bits and the IOMMU's input address width (0 when unknown), each with where it came from.
 */
public record HostCpu(Boolean amd, String vendorWhy, int physBits, String physBitsWhy, int iommuBits) {
    public static final HostCpu UNKNOWN = new HostCpu(null, null, 0, null, 0);
}
