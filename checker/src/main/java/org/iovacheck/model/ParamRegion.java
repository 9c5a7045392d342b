package org.iovacheck.model;

/**
 * Immutable; a host region of a platform class whose base may be any multiple of {@code align} in [baseMin, baseMax], whose
 * size lies in [sizeMin, sizeMax], and which may be absent when {@code optional}. A fixed region has baseMin == baseMax and
 * sizeMin == sizeMax. Bridge windows and software/hardware MSI are given by their type directly.
 */
public record ParamRegion(String name, RegionType type, String group, long baseMin, long baseMax, long align,
                          long sizeMin, long sizeMax, boolean optional, Source source) {
    public ParamRegion {
        if (type == RegionType.MSI || type == RegionType.OUTSIDE_APERTURE) {
            throw new IllegalArgumentException("a class region has a decided type, not " + type.label());
        }
        if (align == 0 || (align & (align - 1)) != 0) {
            throw new IllegalArgumentException("alignment must be a power of two");
        }
        if (U64.lt(baseMax, baseMin) || U64.lt(sizeMax, sizeMin) || sizeMin == 0) {
            throw new IllegalArgumentException("empty base or size range");
        }
    }

    /** The smallest allowed base (the first multiple of align at or above baseMin); throws if there is none. */
    public long firstBase() {
        long y = Long.divideUnsigned(baseMin, align) + (Long.remainderUnsigned(baseMin, align) == 0 ? 0 : 1);
        long b = y * align;
        if ((y != 0 && Long.divideUnsigned(b, align) != y) || U64.lt(baseMax, b)) {
            throw new IllegalArgumentException("no multiple of " + U64.shortHex(align) + " in [" + U64.shortHex(baseMin) + ", " + U64.shortHex(baseMax) + "]");
        }
        return b;
    }

    public boolean isFixed() {
        return baseMin == baseMax && sizeMin == sizeMax && !optional;
    }
}
