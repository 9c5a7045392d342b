package org.iovacheck.model;

import java.util.List;

/**
 * Immutable; one host as read: groups with raw regions, plus what sysfs hides (aperture, bridge windows, backend, policies),
 * the IOMMU units its groups sit behind (each with its own width) and host facts (CPU, kernel, interrupt isolation).
 */
public record Host(String name, List<Group> groups, Aperture aperture, List<BridgeWindow> bridgeWindows,
                   Backend backend, RelaxablePolicy relaxable, List<MsiOverride> msiOverrides, Source source,
                   List<IommuUnit> units, HostFacts facts) {
    public Host {
        groups = List.copyOf(groups);
        bridgeWindows = List.copyOf(bridgeWindows);
        msiOverrides = List.copyOf(msiOverrides);
        units = List.copyOf(units);
        if (facts == null) {
            facts = HostFacts.NONE;
        }
    }

    /** A host without IOMMU units or facts (hand-written files, fleets, classes). */
    public Host(String name, List<Group> groups, Aperture aperture, List<BridgeWindow> bridgeWindows,
                Backend backend, RelaxablePolicy relaxable, List<MsiOverride> msiOverrides, Source source) {
        this(name, groups, aperture, bridgeWindows, backend, relaxable, msiOverrides, source, List.of(), HostFacts.NONE);
    }

    public static Host ofGroups(String name, List<Group> groups, Source source) {
        return new Host(name, groups, Aperture.full(), List.of(), Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, List.of(), source);
    }

    /** The unit of this name, or null. */
    public IommuUnit unit(String unitName) {
        for (IommuUnit u : units) {
            if (u.name().equals(unitName)) {
                return u;
            }
        }
        return null;
    }
}
