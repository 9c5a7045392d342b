package org.iovacheck.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Presets whose VMM takes RAM in whole MiB (crosvm, Firecracker, Xen) maximised with a granule below 1 MiB: the answer is the
 * largest safe whole-MiB size found by a scan of every MiB, not the first size accepted (before the fix, 4K gave 1M where
 * 2030M was safe). -Diovacheck.soak=N multiplies the cases.
 */
class WholeMibGranuleTest {
    private static final long MIB = 1L << 20;

    @Test
    void aGranuleBelowOneMibStillFindsTheLargestWholeMib() throws Exception {
        long seed = Seeds.seed("WholeMibGranuleTest");
        Random rnd = new Random(seed);
        long top = 8192 * MIB;
        long cases = 0;
        for (long round = 0; round < 2 * Long.getLong("iovacheck.soak", 1); round++) {
            for (String name : List.of("crosvm-aarch64", "crosvm-x86_64", "firecracker-aarch64", "firecracker-x86_64", "xen-arm", "xen-hvm")) {
                Preset p = Presets.byName(name).orElseThrow();
                long at = (256 + rnd.nextInt(6 * 1024 - 256)) * MIB + rnd.nextInt(256) * 4096L;
                List<ReservedRegion> ex = List.of(new ReservedRegion(Range.ofSize(at, (1 + rnd.nextInt(16)) * 4096L), RegionType.RESERVED, "1", "w",
                        Source.BUILTIN));
                // xen-hvm's mmio-hole knob is fixed at its default: the knob is the subject of other oracles
                Map<String, String> s = name.equals("xen-hvm") ? Map.of("mmio-hole", "256M") : Map.of();
                long best = 0;
                for (long ram = top; ram >= MIB && best == 0; ram -= MIB) {
                    Map<String, String> c = new java.util.HashMap<>(s);
                    c.put("ram", Long.toString(ram));
                    if (PairwiseOracle.safe(p, c, ex)) {
                        best = ram;
                    }
                }
                long granule = List.of(4096L, 64 * 1024L, 512 * 1024L).get(rnd.nextInt(3));
                Target t = new Target(ex, List.of(), false, Engines.select("interval"), Engines.select("interval"), Budget.unlimited());
                PlanResult r = Planner.maximize(p, s, granule, t);
                String ctx = "seed " + seed + " " + name + " granule " + granule + " " + ex + " -> " + r.verdict() + " " + Long.toUnsignedString(r.ram()) + " " + r.evidence();
                if (best == 0) {
                    assertEquals(Verdict.INFEASIBLE, r.verdict(), ctx);
                } else if (best == top) {
                    assertEquals(Verdict.FOUND, r.verdict(), ctx);
                    assertTrue(Long.compareUnsigned(top, r.ram()) <= 0, ctx + ": the scan's top is safe, so the largest is at least that");
                } else {
                    assertEquals(Verdict.FOUND, r.verdict(), ctx);
                    assertEquals(best, r.ram(), ctx);
                }
                cases++;
            }
        }
        System.out.println("WholeMibGranuleTest: " + cases + " cases, 0 disagreements");
    }
}
