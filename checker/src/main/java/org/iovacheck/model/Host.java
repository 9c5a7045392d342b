package org.iovacheck.model;

import java.util.List;

/** Immutable; one host as read: groups with raw regions, plus what sysfs hides (aperture, bridge windows, backend, policies). */
public record Host(String name, List<Group> groups, Aperture aperture, List<BridgeWindow> bridgeWindows,
                   Backend backend, RelaxablePolicy relaxable, List<MsiOverride> msiOverrides, Source source) {
    public Host {
        groups = List.copyOf(groups);
        bridgeWindows = List.copyOf(bridgeWindows);
        msiOverrides = List.copyOf(msiOverrides);
    }

    public static Host ofGroups(String name, List<Group> groups, Source source) {
        return new Host(name, groups, Aperture.full(), List.of(), Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, List.of(), source);
    }
}
