package org.iovacheck.model;

import java.util.List;

/**
 * Immutable; a set of hosts described by parametric regions: every choice of base, size and presence of each region, and
 * every aperture width in [apertureMinBits, apertureMaxBits], is one host of the class.
 */
public record PlatformClass(String name, String description, List<ParamRegion> regions, int apertureMinBits, int apertureMaxBits,
                            Backend backend, RelaxablePolicy relaxable, Source source) {
    public PlatformClass {
        regions = List.copyOf(regions);
        if (apertureMinBits < 1 || apertureMaxBits > 64 || apertureMinBits > apertureMaxBits) {
            throw new IllegalArgumentException("aperture bits must satisfy 1 <= min <= max <= 64");
        }
    }
}
