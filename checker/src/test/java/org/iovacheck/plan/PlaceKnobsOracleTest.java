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
import org.iovacheck.preset.Knob;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.Presets;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * place --ram with the preset's knob left free (q35/pc max-ram-below-4g, also with maxmem, slots and an AMD vCPU; xen-hvm
 * mmio-hole) against every knob value judged pair by pair: FOUND exactly when some value (or the VMM's own) is safe, with
 * settings that are, and INFEASIBLE with a blocking set that alone blocks every value. -Diovacheck.soak=N multiplies the cases.
 */
class PlaceKnobsOracleTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    void placeOverEveryKnobValueEqualsBruteForce() throws Exception {
        long seed = Seeds.seed("PlaceKnobsOracleTest");
        Random rnd = new Random(seed);
        long cases = 60 * Long.getLong("iovacheck.soak", 1);
        int found = 0;
        int infeasible = 0;
        for (long iter = 0; iter < cases; iter++) {
            Preset p = Presets.byName(List.of("qemu-q35", "qemu-pc", "xen-hvm").get(rnd.nextInt(3))).orElseThrow();
            Knob knob = p.knobs().get(0);
            Map<String, String> s = new LinkedHashMap<>();
            long ram = (1 + rnd.nextInt(24)) * (256 * MIB);
            if (!p.name().equals("xen-hvm") && rnd.nextBoolean()) {
                s.put("maxmem", Long.toString(ram + rnd.nextInt(8) * GIB));
                if (rnd.nextBoolean() && Long.parseLong(s.get("maxmem")) > ram) {
                    s.put("slots", Integer.toString(1 + rnd.nextInt(2)));
                }
                if (rnd.nextBoolean()) {
                    s.put("amd", "on");
                    s.put("pci-hole64-size", Long.toString((1000 + rnd.nextInt(10)) * GIB));
                    s.put("phys-bits", "41");
                }
            }
            List<ReservedRegion> ex = new ArrayList<>();
            for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
                long base = rnd.nextBoolean() ? ((long) rnd.nextInt(64) << 26) : (1L << 32) + ((long) rnd.nextInt(64) << 27);
                ex.add(new ReservedRegion(Range.ofSize(base, (1 + rnd.nextInt(64)) * MIB), RegionType.RESERVED, "1", "w" + i, Source.BUILTIN));
            }
            Map<String, String> c = new LinkedHashMap<>(s);
            c.put("ram", Long.toString(ram));
            boolean any = PairwiseOracle.safe(p, c, ex);
            for (long v = 0; v < knob.count() && !any; v++) {
                c.put(knob.key(), Long.toUnsignedString(knob.value(v)));
                any = PairwiseOracle.safe(p, c, ex);
            }
            Target t = new Target(ex, List.of(), false, Engines.select("interval"), Engines.select("interval"), Budget.unlimited());
            PlanResult r = Planner.place(p, s, ram, t);
            String ctx = "seed " + seed + " case " + iter + " " + p.name() + " ram " + ram + " " + s + " " + ex + " -> " + r.verdict() + " " + r.evidence();
            if (any) {
                assertEquals(Verdict.FOUND, r.verdict(), ctx);
                assertTrue(PairwiseOracle.safe(p, r.settings(), ex), ctx + ": the settings found must be safe");
                found++;
            } else {
                assertEquals(Verdict.INFEASIBLE, r.verdict(), ctx);
                assertTrue(ex.containsAll(r.blocking()) && !r.blocking().isEmpty(), ctx);
                Map<String, String> b = new LinkedHashMap<>(s);
                b.put("ram", Long.toString(ram));
                boolean blocked = !PairwiseOracle.safe(p, b, r.blocking());
                for (long v = 0; v < knob.count() && blocked; v++) {
                    b.put(knob.key(), Long.toUnsignedString(knob.value(v)));
                    blocked = !PairwiseOracle.safe(p, b, r.blocking());
                }
                assertTrue(blocked, ctx + ": the blocking set alone must block every value");
                infeasible++;
            }
        }
        assertTrue(found > 0 && infeasible > 0, found + " found, " + infeasible + " infeasible");
        System.out.println("PlaceKnobsOracleTest: " + cases + " cases (" + found + " found, " + infeasible + " infeasible), 0 disagreements");
    }
}
