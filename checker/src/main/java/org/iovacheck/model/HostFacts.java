package org.iovacheck.model;

/**
 * Immutable; facts about a host that decide parts of a guest's layout under KVM: the CPU vendor (null when unknown), the CPU's
 * physical address bits and the IOMMU's input address width (0 when unknown), each with where it came from.
 */
public record HostFacts(Boolean amd, String vendorWhy, int physBits, String physBitsWhy, int iommuBits) {
    public static final HostFacts UNKNOWN = new HostFacts(null, null, 0, null, 0);
}
