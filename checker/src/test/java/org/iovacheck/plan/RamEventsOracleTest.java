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
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.preset.Presets;
import org.iovacheck.preset.RamPieces;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * The exact event-point search of q35/pc layouts with maxmem ({@link RamEvents}: the AMD move to 1 TiB, slots, phys-bits
 * refusals, --p2p, old machines) against a scan of every size up to maxmem with a pairwise overlap test, directly and through
 * place --maximize; RAM scaled to 256 MiB granules so every size is judged. -Diovacheck.soak=N multiplies the cases.
 */
class RamEventsOracleTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final long TIB = 1L << 40;

    @Test
    void eventSearchEqualsAScanOfEverySize() throws Exception {
        long seed = Seeds.seed("RamEventsOracleTest");
        Random rnd = new Random(seed);
        long cases = 1500 * Long.getLong("iovacheck.soak", 1);
        long granule = 256 * MIB;
        int found = 0;
        int infeasible = 0;
        int relocated = 0;
        int viaPlace = 0;
        for (long iter = 0; iter < cases; iter++) {
            Preset p = Presets.byName(rnd.nextBoolean() ? "qemu-q35" : "qemu-pc").orElseThrow();
            boolean amd = rnd.nextInt(3) != 0;
            boolean p2p = rnd.nextInt(4) == 0;
            long maxmem = (1 + rnd.nextInt(14)) * GIB + (rnd.nextBoolean() ? 0 : rnd.nextInt(4) * granule);
            Map<String, String> s = new LinkedHashMap<>();
            s.put("maxmem", Long.toString(maxmem));
            s.put("slots", Integer.toString(rnd.nextInt(3)));
            if (amd) {
                s.put("amd", "on");
                // a 64-bit hole reaching near the HyperTransport hole at 1012 GiB: QEMU moves RAM to 1 TiB at some sizes only
                s.put("pci-hole64-size", Long.toString((990 + rnd.nextInt(20)) * GIB));
                s.put("phys-bits", Integer.toString(40 + rnd.nextInt(3)));
            } else {
                s.put("phys-bits", Integer.toString(34 + rnd.nextInt(4)));
            }
            if (rnd.nextInt(5) == 0) {
                s.put("machine", List.of("2.4", "2.11", "7.0", "6.2").get(rnd.nextInt(4)));
            }
            if (rnd.nextBoolean()) {
                s.put("max-ram-below-4g", Long.toString(List.of(4 * GIB, 2 * GIB, 3 * GIB, 0xe0000000L, (512 + rnd.nextInt(3072)) * MIB).get(rnd.nextInt(5))));
            }
            List<ReservedRegion> ex = new ArrayList<>();
            int n = rnd.nextInt(5);
            for (int i = 0; i < n; i++) {
                long at = rnd.nextInt(3) == 0 ? TIB : 0;
                long base = at + (long) rnd.nextInt(36 * 16) * (GIB / 16) + rnd.nextInt(64) * MIB;
                ex.add(new ReservedRegion(Range.ofSize(base, (1 + rnd.nextInt(128)) * MIB), RegionType.RESERVED, "1", "w" + i, Source.BUILTIN));
            }
            if (rnd.nextInt(4) == 0) {
                ex.add(new ReservedRegion(Range.ofSize(0xfee00000L, MIB), RegionType.MSI, "1", "msi", Source.BUILTIN));
            }
            long cap = p.ramCeiling(s) - Long.remainderUnsigned(p.ramCeiling(s), granule);
            long best = 0;
            boolean moved = false;
            for (long ram = cap; ram >= granule && best == 0; ram -= granule) {
                Map<String, String> c = new LinkedHashMap<>(s);
                c.put("ram", Long.toString(ram));
                GuestLayout l = layout(p, c);
                moved |= l != null && l.regions().stream().anyMatch(g -> g.name().equals("ram-above-4g") && g.range().first() == TIB);
                if (l != null && clear(l.mapped(p2p), ex)) {
                    best = ram;
                }
            }
            relocated += moved ? 1 : 0;
            Target t = new Target(ex, List.of(), p2p, Engines.select("interval"), Engines.select("interval"), Budget.unlimited());
            RamPieces pieces = p.affinePieces(s).orElseThrow();
            RamBisection.Largest l = RamEvents.largest(p, s, granule, cap, pieces, 0, t);
            String ctx = "seed " + seed + " case " + iter + " " + p.name() + " p2p " + p2p + " " + s + " " + ex + " -> " + l;
            if (best == 0) {
                assertEquals(Verdict.INFEASIBLE, l.verdict(), ctx);
                infeasible++;
            } else {
                assertEquals(Verdict.FOUND, l.verdict(), ctx);
                assertEquals(best, l.ram(), ctx);
                found++;
                if (best > granule) {
                    long above = (rnd.nextInt((int) (best / granule))) * granule;
                    RamBisection.Largest b = RamEvents.largest(p, s, granule, cap, pieces, above, t);
                    assertEquals(best, b.ram(), "above " + above + ": " + ctx);
                    RamBisection.Largest none = RamEvents.largest(p, s, granule, cap, pieces, best, t);
                    assertEquals(Verdict.INFEASIBLE, none.verdict(), "above the best: " + ctx);
                }
            }
            if (iter % 10 == 0 && (amd || p2p) && s.containsKey("max-ram-below-4g")) {
                PlanResult r = Planner.maximize(p, s, granule, t);
                assertEquals(best == 0 ? Verdict.INFEASIBLE : Verdict.FOUND, r.verdict(), ctx + " place: " + r.evidence() + r.limits());
                if (best != 0) {
                    assertEquals(best, r.ram(), ctx + " place: " + r.evidence());
                }
                viaPlace++;
            }
        }
        assertTrue(relocated > 0 && found > 0 && infeasible > 0, "the cases must cover the AMD move, FOUND and INFEASIBLE");
        System.out.println("RamEventsOracleTest: " + cases + " cases (" + found + " found, " + infeasible + " infeasible, " + relocated
                + " with the AMD move to 1 TiB, " + viaPlace + " also through place --maximize), 0 disagreements");
    }

    private static GuestLayout layout(Preset p, Map<String, String> s) {
        try {
            return p.layout(new PresetArgs(s));
        } catch (InputException | ArithmeticException e) {
            return null;
        }
    }

    private static boolean clear(List<GuestRegion> mapped, List<ReservedRegion> ex) {
        for (GuestRegion g : mapped) {
            for (ReservedRegion w : ex) {
                if (Long.compareUnsigned(g.range().first(), w.range().last()) <= 0 && Long.compareUnsigned(w.range().first(), g.range().last()) <= 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
