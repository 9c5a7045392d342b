package org.iovacheck.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
import org.iovacheck.preset.Knob;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.Presets;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * place --maximize ram with free knobs against brute force over every (knob value, RAM size) pair: the answer is the largest
 * RAM any setting makes safe, its reported setting is one that does, and the VMM's own value is kept when nothing beats it.
 */
class MaximizeKnobsOracleTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    void maximizeOverKnobsEqualsBruteForce() throws Exception {
        long seed = Seeds.seed("MaximizeKnobsOracleTest");
        Random rnd = new Random(seed);
        long granule = GIB;
        long limit = 40 * GIB;
        int turned = 0;
        for (String name : List.of("qemu-q35", "qemu-pc", "xen-hvm")) {
            Preset p = Presets.byName(name).orElseThrow();
            Knob knob = p.knobs().get(0);
            for (int iter = 0; iter < 6; iter++) {
                List<ReservedRegion> ex = new ArrayList<>();
                int low = 1 + rnd.nextInt(3);
                for (int i = 0; i < low; i++) {
                    long base = (long) (4 + rnd.nextInt(60)) << 26;
                    ex.add(window(base, (1 + rnd.nextInt(32)) * MIB, "low" + i));
                }
                ex.add(window((long) (8 + rnd.nextInt(32)) * GIB + rnd.nextInt(1024) * MIB, MIB, "high"));
                long bestDefaultRam = 0;
                for (long ram = limit; ram >= granule && bestDefaultRam == 0; ram -= granule) {
                    if (PairwiseOracle.safe(p, Map.of("ram", Long.toString(ram)), ex)) {
                        bestDefaultRam = ram;
                    }
                }
                long best = bestDefaultRam;
                for (long ram = limit; ram > bestDefaultRam && best == bestDefaultRam; ram -= granule) {
                    for (long v = 0; v < knob.count() && best == bestDefaultRam; v++) {
                        if (PairwiseOracle.safe(p, Map.of("ram", Long.toString(ram), knob.key(), Long.toUnsignedString(knob.value(v))), ex)) {
                            best = ram;
                        }
                    }
                }
                Target t = new Target(ex, List.of(), false, Engines.select("interval"), Engines.select("interval,sat"), Budget.unlimited());
                PlanResult r = Planner.maximize(p, Map.of(), granule, t);
                String ctx = "seed " + seed + " " + name + " " + ex;
                if (best == 0) {
                    assertEquals(Verdict.INFEASIBLE, r.verdict(), ctx);
                    continue;
                }
                assertEquals(Verdict.FOUND, r.verdict(), ctx + " " + r.evidence());
                assertEquals(best, r.ram(), ctx + " " + r.evidence());
                assertTrue(PairwiseOracle.safe(p, r.settings(), ex), ctx + ": the reported settings must be safe");
                if (best == bestDefaultRam) {
                    assertTrue(!r.settings().containsKey(knob.key()), ctx + ": nothing beats the VMM's own value, so it is kept");
                } else {
                    turned++;
                    assertTrue(r.settings().containsKey(knob.key()), ctx + ": the knob must be set to reach " + best);
                }
            }
        }
        System.out.println("MaximizeKnobsOracleTest.knobs: 18 cases (" + turned + " where turning the knob gave more RAM), 0 disagreements");
    }

    /**
     * q35/pc with maxmem (some with the AMD move to 1 TiB) and max-ram-below-4g free: the exact event search per knob value
     * (RamEvents, branch and bound over the values) against every (knob value, RAM size) pair. -Diovacheck.soak=N multiplies.
     */
    @Test
    void maximizeHotplugOverTheKnobEqualsBruteForce() throws Exception {
        long seed = Seeds.seed("MaximizeKnobsOracleTest.hotplug");
        Random rnd = new Random(seed);
        long granule = GIB;
        long cases = 4 * Long.getLong("iovacheck.soak", 1);
        int turned = 0;
        int infeasible = 0;
        for (long iter = 0; iter < cases; iter++) {
            Preset p = Presets.byName(rnd.nextBoolean() ? "qemu-q35" : "qemu-pc").orElseThrow();
            Knob knob = p.knobs().get(0);
            Map<String, String> s = new java.util.LinkedHashMap<>();
            long maxmem = (2 + rnd.nextInt(6)) * GIB;
            s.put("maxmem", Long.toString(maxmem));
            s.put("slots", Integer.toString(rnd.nextInt(2)));
            if (rnd.nextBoolean()) {
                s.put("amd", "on");
                s.put("pci-hole64-size", Long.toString((1000 + rnd.nextInt(6)) * GIB));
                s.put("phys-bits", "41");
            }
            List<ReservedRegion> ex = new ArrayList<>();
            for (int i = 0; i < 1 + rnd.nextInt(3); i++) {
                ex.add(window((long) (4 + rnd.nextInt(60)) << 26, (1 + rnd.nextInt(32)) * MIB, "low" + i));
            }
            ex.add(window((long) (4 + rnd.nextInt(12)) * GIB + rnd.nextInt(1024) * MIB, MIB, "high"));
            long cap = p.ramCeiling(s) - p.ramCeiling(s) % granule;
            long best = 0;
            long bestDefault = 0;
            for (long ram = cap; ram >= granule && best == 0; ram -= granule) {
                Map<String, String> c = new java.util.LinkedHashMap<>(s);
                c.put("ram", Long.toString(ram));
                if (PairwiseOracle.safe(p, c, ex)) {
                    best = ram;
                    bestDefault = ram;
                }
                for (long v = 0; v < knob.count() && best == 0; v++) {
                    c.put(knob.key(), Long.toUnsignedString(knob.value(v)));
                    if (PairwiseOracle.safe(p, c, ex)) {
                        best = ram;
                    }
                }
            }
            Target t = new Target(ex, List.of(), false, Engines.select("interval"), Engines.select("interval"), Budget.unlimited());
            PlanResult r = Planner.maximize(p, s, granule, t);
            String ctx = "seed " + seed + " case " + iter + " " + p.name() + " " + s + " " + ex + " -> " + r.verdict() + " " + r.evidence() + r.limits();
            if (best == 0) {
                assertEquals(Verdict.INFEASIBLE, r.verdict(), ctx);
                infeasible++;
                continue;
            }
            assertEquals(Verdict.FOUND, r.verdict(), ctx);
            assertEquals(best, r.ram(), ctx);
            assertTrue(PairwiseOracle.safe(p, r.settings(), ex), ctx + ": the reported settings must be safe");
            turned += best != bestDefault ? 1 : 0;
        }
        System.out.println("MaximizeKnobsOracleTest.hotplug: " + cases + " cases (" + turned + " where turning the knob gave more RAM, "
                + infeasible + " infeasible), 0 disagreements");
    }

    private static ReservedRegion window(long base, long size, String name) {
        return new ReservedRegion(Range.ofSize(base, size), RegionType.RESERVED, "1", name, Source.BUILTIN);
    }
}
