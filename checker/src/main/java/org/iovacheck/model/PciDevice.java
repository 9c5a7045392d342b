package org.iovacheck.model;

import java.util.List;

/**
 * Immutable; one device of an IOMMU group: its PCI address ({@code 0000:01:00.0}; a platform device's sysfs name otherwise),
 * {@code vendor:device} ids in lower-case hex without 0x ({@code 10de:2684}; null when not PCI), class ({@code 0x030000}),
 * bound driver (null when none) and its memory and I/O resources (BARs) in host physical addresses.
 */
public record PciDevice(String address, String id, String pciClass, String driver, List<PciBar> bars) {
    public PciDevice {
        bars = List.copyOf(bars);
    }
}
