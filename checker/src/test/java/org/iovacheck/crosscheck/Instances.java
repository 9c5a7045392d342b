package org.iovacheck.crosscheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;

/** Seeded random guest regions and host windows, either within a small address width or spread over 64 bits with edge values. */
final class Instances {
    private static final RegionType[] TYPES = {RegionType.MSI_HW, RegionType.MSI_SW, RegionType.RESERVED, RegionType.DIRECT,
            RegionType.BRIDGE_WINDOW, RegionType.OUTSIDE_APERTURE};

    private Instances() {
    }

    static Source source() {
        return new Source("crosscheck", 0);
    }

    /** A value below 2^bits, biased towards 0, the top and powers of two. */
    static long value(Random rnd, int bits) {
        long mask = U64.maskBits(bits);
        return switch (rnd.nextInt(8)) {
            case 0 -> 0;
            case 1 -> mask;
            case 2 -> (1L << rnd.nextInt(bits)) & mask;
            case 3 -> ((1L << rnd.nextInt(bits)) - 1) & mask;
            case 4 -> (mask - rnd.nextInt(4)) & mask;
            default -> rnd.nextLong() & mask;
        };
    }

    static Range range(Random rnd, int bits) {
        long a = value(rnd, bits);
        long b = rnd.nextInt(3) == 0 ? U64.min(U64.maskBits(bits), a + rnd.nextInt(4)) : value(rnd, bits);
        return new Range(U64.min(a, b), U64.max(a, b));
    }

    static List<ReservedRegion> windows(Random rnd, int bits, int count) {
        List<ReservedRegion> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Range r = range(rnd, bits);
            if (i > 0 && rnd.nextInt(6) == 0) {
                r = out.get(rnd.nextInt(i)).range();
            }
            out.add(new ReservedRegion(r, TYPES[rnd.nextInt(TYPES.length)], rnd.nextBoolean() ? null : String.valueOf(rnd.nextInt(4)),
                    "w" + i, source()));
        }
        return out;
    }

    static List<GuestRegion> guests(Random rnd, int bits, int count) {
        List<GuestRegion> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new GuestRegion("g" + i, rnd.nextBoolean() ? GuestKind.RAM : GuestKind.HOTPLUG, range(rnd, bits)));
        }
        return out;
    }
}
