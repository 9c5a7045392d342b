package org.iovacheck.format.config;

import java.util.List;

/**
 * Immutable; what a configuration says about firmware, shared-memory devices, a virtual IOMMU and memory devices, recorded
 * for the models that use them (the firmware BAR model, the vIOMMU check) and reported in notes until they exist.
 *
 * @param firmware      "ovmf", "seabios" or null when the configuration does not say (QEMU's default is SeaBIOS on x86)
 * @param shmem         shared-memory devices (ivshmem) as "name size-in-bytes"
 * @param viommu        the vIOMMU model (intel, smmuv3, virtio, amd) or null
 * @param viommuAwBits  the vIOMMU's address width (aw-bits / aw_bits) or 0 when not given
 * @param memoryDevices memory devices (pc-dimm, nvdimm, virtio-mem) with their size in bytes and base (0 when not given)
 */
public record ConfigFacts(String firmware, List<String> shmem, String viommu, int viommuAwBits, List<MemoryDevice> memoryDevices) {
    public ConfigFacts {
        shmem = List.copyOf(shmem);
        memoryDevices = List.copyOf(memoryDevices);
    }

    /** Immutable; one memory device: its model, size in bytes and guest-physical base (0 when the VMM chooses it). */
    public record MemoryDevice(String model, long size, long base) {
    }
}
