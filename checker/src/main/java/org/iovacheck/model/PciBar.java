package org.iovacheck.model;

/**
 * Immutable; one assigned resource of a PCI device as its sysfs {@code resource} file lists it (drivers/pci/pci-sysfs.c
 * resource_show): {@code index} is the kernel's resource number (0-5 BARs, 6 expansion ROM, 7-12 SR-IOV VF BARs),
 * {@code range} the host physical addresses (inclusive), and the I/O, 64-bit and prefetchable flags (IORESOURCE_IO,
 * IORESOURCE_MEM_64, IORESOURCE_PREFETCH of include/linux/ioport.h).
 */
public record PciBar(int index, Range range, boolean io, boolean mem64, boolean prefetchable) {
    /** "BAR0".."BAR5", "ROM", "VF-BAR0".."VF-BAR5", or "resource N". */
    public String label() {
        if (index >= 0 && index <= 5) {
            return "BAR" + index;
        }
        if (index == 6) {
            return "ROM";
        }
        if (index >= 7 && index <= 12) {
            return "VF-BAR" + (index - 7);
        }
        return "resource " + index;
    }

    /** Size in bytes minus one (a BAR never spans all 64 bits, but the arithmetic stays unsigned). */
    public long sizeMinusOne() {
        return range.lengthMinusOne();
    }
}
