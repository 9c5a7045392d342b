package org.iovacheck.model;

/**
 * Immutable; whether the host isolates device MSIs (interrupt remapping on x86, an isolating MSI controller such as the GICv3 ITS on
 * arm), the evidence read, and the {@code allow_unsafe_interrupts} module parameters of vfio_iommu_type1 and iommufd. Without
 * isolation and without the parameter both backends refuse to attach a group or device with -EPERM
 * (drivers/vfio/vfio_iommu_type1.c vfio_iommu_type1_attach_group; drivers/iommu/iommufd/device.c iommufd_device_setup_msi).
 */
public record InterruptIsolation(Known isolated, String evidence, Known allowUnsafeType1, Known allowUnsafeIommufd) {
    public static final InterruptIsolation UNKNOWN = new InterruptIsolation(Known.UNKNOWN, null, Known.UNKNOWN, Known.UNKNOWN);

    /** True when the facts say the backend refuses to attach: no isolation and the backend's parameter not set. */
    public boolean refuses(Backend backend) {
        Known allow = backend == Backend.IOMMUFD ? allowUnsafeIommufd : allowUnsafeType1;
        return isolated == Known.NO && allow != Known.YES;
    }
}
