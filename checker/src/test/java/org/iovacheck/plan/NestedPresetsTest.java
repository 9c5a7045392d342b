package org.iovacheck.plan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.preset.Presets;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/** Every preset that claims its layouts nest as RAM grows (which licenses bisection in place) is held to it, also with an AMD vCPU (the 1 TiB relocation is a break). */
class NestedPresetsTest {
    @Test
    void nestedClaimsHoldForRandomRamPairs() {
        long seed = Seeds.seed("NestedPresetsTest");
        Random rnd = new Random(seed);
        int compared = 0;
        List<Map<String, String>> variants = List.of(Map.of(), Map.of("amd", "on", "phys-bits", "48"),
                Map.of("amd", "on", "phys-bits", "44", "pci-hole64-size", "1T"));
        for (Preset p : Presets.all()) {
          for (Map<String, String> s : variants) {
            if (!s.isEmpty() && !p.takesKey("amd") || !p.nestedInRam(s)) {
                continue;
            }
            for (int i = 0; i < 300; i++) {
                long r1 = (1L + rnd.nextInt(1 << (rnd.nextInt(21) + 1))) << 20;
                long r2 = r1 + ((long) rnd.nextInt(1 << (rnd.nextInt(21) + 1)) << 20);
                if (sameSide(p.ramBreaks(s), r1, r2)) {
                    continue;
                }
                GuestLayout a = layout(p, r1, s);
                GuestLayout b = layout(p, r2, s);
                if (a == null || b == null) {
                    continue;
                }
                for (GuestRegion g : a.mapped(false)) {
                    assertTrue(covered(g.range(), b.mapped(false)), "seed " + seed + ": " + p.name() + " maps " + g + " at RAM "
                            + Long.toHexString(r1) + " but not at the larger " + Long.toHexString(r2));
                }
                compared++;
            }
          }
        }
        assertTrue(compared > 500, "compared " + compared + " pairs");
    }

    /** True when a break lies between the two sizes: nesting is claimed only within a piece. */
    private static boolean sameSide(List<Long> breaks, long r1, long r2) {
        for (long b : breaks) {
            if (Long.compareUnsigned(r1, b) < 0 && Long.compareUnsigned(b, r2) <= 0) {
                return true;
            }
        }
        return false;
    }

    private static GuestLayout layout(Preset p, long ram, Map<String, String> s) {
        try {
            Map<String, String> m = new java.util.LinkedHashMap<>(s);
            m.put("ram", Long.toUnsignedString(ram));
            return p.layout(new PresetArgs(m));
        } catch (InputException | ArithmeticException e) {
            return null;
        }
    }

    private static boolean covered(Range r, List<GuestRegion> by) {
        List<Range> rs = new ArrayList<>();
        for (GuestRegion g : by) {
            rs.add(g.range());
        }
        rs.sort(null);
        long next = r.first();
        for (Range x : rs) {
            if (U64.lt(next, x.first())) {
                continue;
            }
            if (U64.le(next, x.last())) {
                if (U64.le(r.last(), x.last())) {
                    return true;
                }
                next = x.last() + 1;
            }
        }
        return false;
    }
}
