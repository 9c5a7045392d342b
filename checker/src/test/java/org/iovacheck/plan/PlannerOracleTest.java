package org.iovacheck.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * place against brute force: the largest safe RAM by scanning every granule (presets with a fixed RAM base and no knobs;
 * MaximizeKnobsOracleTest turns knobs, MovableBanksOracleTest moves bases), and the knob search's blocking sets are minimal.
 */
class PlannerOracleTest {
    private static final long MIB = 1L << 20;

    private static Target target(List<ReservedRegion> ex) {
        return new Target(ex, List.of(), false, Engines.select("interval"), Engines.select("interval"), Budget.unlimited());
    }

    private static boolean safe(Preset p, Map<String, String> s, List<ReservedRegion> ex) {
        return PairwiseOracle.safe(p, s, ex);
    }

    @Test
    void maximizeEqualsTheLargestSafeRamFoundByScanning() throws Exception {
        long seed = Seeds.seed("PlannerOracleTest.maximize");
        Random rnd = new Random(seed);
        long granule = 512 * MIB;
        for (String name : List.of("qemu-virt", "crosvm-aarch64", "xen-arm", "firecracker-x86_64")) {
            Preset p = Presets.byName(name).orElseThrow();
            for (int iter = 0; iter < 12; iter++) {
                List<ReservedRegion> ex = new ArrayList<>();
                int n = 1 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    long base = (long) rnd.nextInt(64) << 28;
                    ex.add(new ReservedRegion(Range.ofSize(base, (1 + rnd.nextInt(16)) * MIB), RegionType.RESERVED, "1", "w" + i, Source.BUILTIN));
                }
                Map<String, String> s = new LinkedHashMap<>();
                if (name.startsWith("qemu-virt") || name.equals("crosvm-aarch64")) {
                    s.put("ipa-bits", "36");
                }
                PlanResult r = Planner.maximize(p, s, granule, target(ex));
                long limit = 1100L << 30;
                long best = 0;
                for (long ram = granule; ram <= limit; ram += granule) {
                    Map<String, String> c = new LinkedHashMap<>(s);
                    c.put("ram", Long.toString(ram));
                    if (safe(p, c, ex)) {
                        best = ram;
                    }
                }
                String ctx = "seed " + seed + " " + name + " " + ex;
                if (best == 0) {
                    assertEquals(Verdict.INFEASIBLE, r.verdict(), ctx);
                } else if (Long.compareUnsigned(r.ram(), limit) > 0) {
                    assertEquals(Verdict.FOUND, r.verdict(), ctx);
                    assertEquals(limit, best, ctx + ": beyond the scanned sizes, every scanned size up to the limit must be safe too");
                } else {
                    assertEquals(Verdict.FOUND, r.verdict(), ctx);
                    assertEquals(best, r.ram(), ctx);
                }
            }
        }
    }

    @Test
    void knobSearchFindsASafeSettingWhenOneExistsAndBlockingSetsAreMinimal() throws Exception {
        long seed = Seeds.seed("PlannerOracleTest.knobs");
        Random rnd = new Random(seed);
        Preset q35 = Presets.byName("qemu-q35").orElseThrow();
        int infeasible = 0;
        for (int iter = 0; iter < 30; iter++) {
            List<ReservedRegion> ex = new ArrayList<>();
            int n = 1 + rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                long base = rnd.nextBoolean() ? ((long) rnd.nextInt(32) << 26) : (1L << 32) + ((long) rnd.nextInt(64) << 28);
                ex.add(new ReservedRegion(Range.ofSize(base, (1 + rnd.nextInt(64)) * MIB), RegionType.RESERVED, "1", "w" + i, Source.BUILTIN));
            }
            long ram = (1 + rnd.nextInt(16)) * (256 * MIB);
            PlanResult r = Planner.place(q35, Map.of(), ram, target(ex));
            String ctx = "seed " + seed + " ram " + ram + " " + ex;
            if (r.verdict() == Verdict.FOUND) {
                assertTrue(safe(q35, r.settings(), ex), ctx);
            } else {
                assertEquals(Verdict.INFEASIBLE, r.verdict(), ctx);
                infeasible++;
                for (long low = MIB; low <= (1L << 32); low += MIB) {
                    assertTrue(!safe(q35, Map.of("ram", Long.toString(ram), "max-ram-below-4g", Long.toString(low)), ex), ctx + " low " + low);
                }
                for (ReservedRegion w : r.blocking()) {
                    List<ReservedRegion> fewer = new ArrayList<>(r.blocking());
                    fewer.remove(w);
                    PlanResult again = Planner.place(q35, Map.of(), ram, target(fewer));
                    assertEquals(Verdict.FOUND, again.verdict(), ctx + ": the blocking set is not minimal without " + w);
                }
                PlanResult blockedAlone = Planner.place(q35, Map.of(), ram, target(r.blocking()));
                assertEquals(Verdict.INFEASIBLE, blockedAlone.verdict(), ctx + ": the blocking set alone must block");
            }
        }
        System.out.println("PlannerOracleTest.knobs: 30 cases (" + infeasible + " infeasible), 0 disagreements");
    }
}
