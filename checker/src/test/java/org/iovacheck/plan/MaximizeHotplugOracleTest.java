package org.iovacheck.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engines;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.Presets;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * place --maximize ram for qemu-virt with a memory hot-plug area (maxmem, slots), whose layouts do not nest, against a scan of
 * every size up to maxmem: the piecewise bisection finds the same largest safe RAM, or INFEASIBLE exactly when no size is safe.
 * -Diovacheck.soak=N multiplies the cases.
 */
class MaximizeHotplugOracleTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    void piecewiseBisectionEqualsAScanOfEverySize() throws Exception {
        long seed = Seeds.seed("MaximizeHotplugOracleTest");
        Random rnd = new Random(seed);
        Preset virt = Presets.byName("qemu-virt").orElseThrow();
        long granule = 128 * MIB;
        int found = 0;
        int infeasible = 0;
        long cases = 300 * Long.getLong("iovacheck.soak", 1);
        for (long iter = 0; iter < cases; iter++) {
            List<ReservedRegion> ex = new ArrayList<>();
            int n = rnd.nextInt(5);
            for (int i = 0; i < n; i++) {
                long base = rnd.nextBoolean() ? (long) rnd.nextInt(48 * 16) * (GIB / 16) + rnd.nextInt(64) * MIB
                        : (2 + rnd.nextInt(46)) * GIB - (1 + rnd.nextInt(4)) * granule;
                ex.add(new ReservedRegion(Range.ofSize(base, (1 + rnd.nextInt(64)) * MIB), RegionType.RESERVED, "1", "w" + i, Source.BUILTIN));
            }
            Map<String, String> s = new LinkedHashMap<>();
            long maxmem = (1 + rnd.nextInt(40)) * GIB + (rnd.nextBoolean() ? 0 : rnd.nextInt(8) * granule);
            s.put("maxmem", Long.toString(maxmem));
            s.put("slots", Integer.toString(rnd.nextInt(4)));
            s.put("ipa-bits", Integer.toString(36 + rnd.nextInt(3)));
            long best = 0;
            for (long ram = maxmem - maxmem % granule; ram >= granule && best == 0; ram -= granule) {
                Map<String, String> c = new LinkedHashMap<>(s);
                c.put("ram", Long.toString(ram));
                if (PairwiseOracle.safe(virt, c, ex)) {
                    best = ram;
                }
            }
            Target t = new Target(ex, List.of(), false, Engines.select("interval"), Engines.select("interval,sat"), Budget.unlimited());
            PlanResult r = Planner.maximize(virt, s, granule, t);
            String ctx = "seed " + seed + " iter " + iter + " " + s + " " + ex + " -> " + r.verdict() + " " + r.evidence() + r.limits();
            if (best == 0) {
                assertEquals(Verdict.INFEASIBLE, r.verdict(), ctx);
                infeasible++;
            } else {
                assertEquals(Verdict.FOUND, r.verdict(), ctx);
                assertEquals(best, r.ram(), ctx);
                found++;
            }
        }
        System.out.println("MaximizeHotplugOracleTest: " + cases + " cases (" + found + " found, " + infeasible + " infeasible), 0 disagreements");
    }
}
