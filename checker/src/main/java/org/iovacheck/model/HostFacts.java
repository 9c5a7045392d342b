package org.iovacheck.model;

import java.util.List;

/**
 * Immutable; what a host is besides its IOMMU groups, as {@code collect} reads it: CPU vendor ({@code GenuineIntel},
 * {@code AuthenticAMD}, ...; null unknown) and physical address bits from /proc/cpuinfo (0 unknown), kernel release (null
 * unknown), whether iommufd ({@code /dev/iommu}) and VFIO ({@code /dev/vfio/vfio}) are available, interrupt isolation, and the
 * PCI host-bridge windows of /proc/iomem (recorded, not excluded: see docs/live-host.md).
 */
public record HostFacts(String cpuVendor, int physBits, String kernelRelease, Known iommufd, Known vfio, InterruptIsolation interrupts,
                        List<BridgeWindow> hostBridgeWindows) {
    public static final HostFacts NONE = new HostFacts(null, 0, null, Known.UNKNOWN, Known.UNKNOWN, InterruptIsolation.UNKNOWN, List.of());

    public HostFacts {
        hostBridgeWindows = List.copyOf(hostBridgeWindows);
        if (interrupts == null) {
            interrupts = InterruptIsolation.UNKNOWN;
        }
    }

    public boolean isAmd() {
        return "AuthenticAMD".equals(cpuVendor);
    }

    /** Equal to {@link #NONE}: nothing known (compared field by field; the record's equals links slowly on first use). */
    public boolean isEmpty() {
        return cpuVendor == null && physBits == 0 && kernelRelease == null && iommufd == Known.UNKNOWN && vfio == Known.UNKNOWN
                && interrupts.isolated() == Known.UNKNOWN && interrupts.evidence() == null && interrupts.allowUnsafeType1() == Known.UNKNOWN
                && interrupts.allowUnsafeIommufd() == Known.UNKNOWN && hostBridgeWindows.isEmpty();
    }
}
