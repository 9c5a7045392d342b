package org.iovacheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.iovacheck.model.Backend;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.ParamRegion;
import org.iovacheck.model.PlatformClass;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/** For-all over a class against enumeration of every host of the class at an 8-bit width (every base, size, presence, aperture). */
class ProveOracleTest {
    private static final RegionType[] TYPES = {RegionType.RESERVED, RegionType.MSI_HW, RegionType.BRIDGE_WINDOW, RegionType.DIRECT,
            RegionType.DIRECT_RELAXABLE};

    @Test
    void forAllMatchesEnumerationOfEveryHost() {
        long seed = Seeds.seed("ProveOracleTest");
        Random rnd = new Random(seed);
        List<Engine> engines = Engines.select("default");
        int proven = 0;
        int refuted = 0;
        for (int iter = 0; iter < 1500; iter++) {
            String ctx = "seed " + seed + " iteration " + iter;
            List<ParamRegion> regions = new ArrayList<>();
            int n = 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                RegionType t = TYPES[rnd.nextInt(rnd.nextInt(6) == 0 ? TYPES.length : 3)];
                long align = 1L << rnd.nextInt(4);
                long sMin = 1 + rnd.nextInt(12);
                long sMax = sMin + rnd.nextInt(3);
                long bMin = rnd.nextInt((int) (256 - sMax));
                long bMax = Math.min(255 - (sMax - 1), bMin + rnd.nextInt(40));
                if (bMin / align * align < bMin && (bMin / align + 1) * align > bMax) {
                    bMax = Math.min(255 - (sMax - 1), (bMin / align + 1) * align);
                    if ((bMin / align + 1) * align > bMax) {
                        bMin = bMin / align * align;
                    }
                }
                regions.add(new ParamRegion("r" + i, t, "" + rnd.nextInt(2), bMin, bMax, align, sMin, sMax, rnd.nextBoolean(), Source.BUILTIN));
            }
            int apMin = 5 + rnd.nextInt(5);
            int apMax = Math.min(9, apMin + rnd.nextInt(2));
            RelaxablePolicy policy = rnd.nextBoolean() ? RelaxablePolicy.KERNEL : RelaxablePolicy.STRICT;
            PlatformClass c = new PlatformClass("c", "", regions, apMin, apMax, Backend.VFIO_TYPE1, policy, Source.BUILTIN);
            List<GuestRegion> guest = new ArrayList<>();
            BitSet mapped = new BitSet();
            int ng = 1 + rnd.nextInt(2);
            int at = rnd.nextInt(128);
            for (int i = 0; i < ng && at < 256; i++) {
                int len = 1 + rnd.nextInt(64);
                int last = Math.min(255, at + len - 1);
                guest.add(new GuestRegion("g" + i, GuestKind.RAM, new Range(at, last)));
                mapped.set(at, last + 1);
                at = last + 2 + rnd.nextInt(64);
            }

            boolean someHostBad = enumerate(c, 0, new BitSet(), false, mapped);
            ProveOutcome o = ProveRunner.forAll(c, guest, engines, Budget.unlimited());
            assertEquals(someHostBad ? Verdict.COUNTEREXAMPLE : Verdict.PROVEN, o.verdict(), ctx + " class " + regions + " ap " + apMin + ".." + apMax);
            if (someHostBad) {
                refuted++;
                assertNotNull(o.counterexample(), ctx);
                for (var g : o.counterexample().groups()) {
                    for (ReservedRegion r : g.regions()) {
                        assertTrue(memberOfClass(c, r.name(), r.range()), ctx + ": " + r + " is not a host of the class");
                    }
                }
            } else {
                proven++;
            }
        }
        assertTrue(proven > 100 && refuted > 100, "both outcomes exercised: " + proven + " proven, " + refuted + " refuted");
    }

    private static boolean memberOfClass(PlatformClass c, String name, Range r) {
        for (ParamRegion p : c.regions()) {
            if (p.name().equals(name)) {
                long size = r.last() - r.first() + 1;
                return r.first() >= p.baseMin() && r.first() <= p.baseMax() && r.first() % p.align() == 0
                        && size >= p.sizeMin() && size <= p.sizeMax();
            }
        }
        return false;
    }

    /** True when some choice for regions i.. (with the addresses already excluded) gives a host on which the guest is unsafe. */
    private static boolean enumerate(PlatformClass c, int i, BitSet excluded, boolean blocked, BitSet mapped) {
        if (i == c.regions().size()) {
            if (blocked) {
                return true;
            }
            for (int bits = c.apertureMinBits(); bits <= c.apertureMaxBits(); bits++) {
                BitSet all = (BitSet) excluded.clone();
                if (bits < 9) {
                    all.set(1 << bits, 512);
                }
                if (all.intersects(mapped)) {
                    return true;
                }
            }
            return false;
        }
        ParamRegion p = c.regions().get(i);
        if (p.optional() && enumerate(c, i + 1, excluded, blocked, mapped)) {
            return true;
        }
        for (long b = p.baseMin(); b <= p.baseMax(); b++) {
            if (b % p.align() != 0) {
                continue;
            }
            for (long s = p.sizeMin(); s <= p.sizeMax(); s++) {
                BitSet next = (BitSet) excluded.clone();
                boolean counts = p.type() != RegionType.DIRECT_RELAXABLE || c.relaxable() == RelaxablePolicy.STRICT;
                if (counts) {
                    next.set((int) b, (int) (b + s));
                }
                if (enumerate(c, i + 1, next, blocked || p.type() == RegionType.DIRECT, mapped)) {
                    return true;
                }
            }
        }
        return false;
    }
}
