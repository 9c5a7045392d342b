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
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * place --maximize ram --p2p with max-ram-below-4g left free (q35 and pc, no firmware: QEMU's 32-bit and 64-bit PCI holes are
 * mapped, and the 64-bit one moves up with RAM), against brute force over every RAM size in 1 GiB steps up to 2^phys-bits
 * (phys-bits 33 or 34) and every max-ram-below-4g (not given, and every MiB from 1M to 4G), pair by pair. Sometimes with an
 * ivshmem-plain device (its BAR is RAM, placed by SeaBIOS); sometimes xen-hvm with mmio-hole free (every MiB from 256M to
 * 3840M) below an aperture of 2^33 or 2^34. -Diovacheck.soak=N multiplies the cases.
 */
class MaximizeP2pOracleTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final long SOAK = Long.getLong("iovacheck.soak", 1);

    @Test
    void p2pWithTheKnobFreeEqualsBruteForce() throws Exception {
        long seed = Seeds.seed("MaximizeP2pOracleTest");
        Random rnd = new Random(seed);
        long cases = 4 * SOAK;
        int found = 0;
        int infeasible = 0;
        int xens = 0;
        for (long iter = 0; iter < cases; iter++) {
            boolean xen = rnd.nextInt(4) == 0;
            xens += xen ? 1 : 0;
            Preset p = Presets.byName(xen ? "xen-hvm" : rnd.nextBoolean() ? "qemu-q35" : "qemu-pc").orElseThrow();
            int phys = 33 + rnd.nextInt(2);
            Map<String, String> s = new LinkedHashMap<>();
            List<ReservedRegion> ex = new ArrayList<>();
            if (xen) {
                // xen-hvm has no phys-bits check: the aperture ends the RAM sizes worth judging (RAM is contiguous from 4 GiB)
                ex.add(new ReservedRegion(Range.ofSize(1L << phys, -(1L << phys)), RegionType.RESERVED, "1", "aperture", Source.BUILTIN));
            } else {
                s.put("phys-bits", Integer.toString(phys));
                s.put("pci-hole64-size", rnd.nextBoolean() ? "1G" : "2G");
                if (rnd.nextInt(3) == 0) {
                    s.put("ivshmem", (64 << rnd.nextInt(4)) + "M");
                }
            }
            String key = xen ? "mmio-hole" : "max-ram-below-4g";
            long kMin = xen ? 256 * MIB : MIB;
            long kMax = xen ? 3840 * MIB : 1L << 32;
            int n = 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                long low = rnd.nextInt(4) == 0 ? 1L << 31 : 1L << 32;
                long base = low + Math.floorMod(rnd.nextLong(), ((1L << phys) - low) / MIB) * MIB;
                ex.add(new ReservedRegion(Range.ofSize(base, (1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 2048)) * MIB), RegionType.RESERVED, "1",
                        "w" + i, Source.BUILTIN));
            }
            long best = 0;
            for (long r = 1L << phys; r >= GIB && best == 0; r -= GIB) {
                if (safe(p, s, key, null, r, ex)) {
                    best = r;
                }
                for (long m = kMin; m <= kMax && best == 0; m += MIB) {
                    if (safe(p, s, key, m, r, ex)) {
                        best = r;
                    }
                }
            }
            Target t = new Target(ex, List.of(), true, Engines.select("interval"), Engines.select("interval"), Budget.unlimited());
            PlanResult m = Planner.maximize(p, s, GIB, t);
            String ctx = "seed " + seed + " case " + iter + ": " + p.name() + " " + s + " windows " + ex;
            if (best == 0) {
                assertEquals(Verdict.INFEASIBLE, m.verdict(), ctx + " " + m.evidence() + " " + m.limits());
                infeasible++;
            } else {
                assertEquals(Verdict.FOUND, m.verdict(), ctx + " expected " + best / MIB + "M: " + m.evidence() + " " + m.limits());
                assertEquals(best, m.ram(), ctx + " " + m.settings() + " " + m.evidence());
                String k = m.settings().get(key);
                assertTrue(safe(p, s, key, k == null ? null : new PresetArgs(m.settings()).size(key, 0), best, ex), ctx
                        + ": the reported settings " + m.settings() + " must be safe");
                found++;
            }
        }
        System.out.println("MaximizeP2pOracleTest: " + cases + " cases (" + xens + " xen-hvm; " + found + " found, " + infeasible + " infeasible); 0 disagreements");
    }

    private static boolean safe(Preset p, Map<String, String> settings, String key, Long knob, long ram, List<ReservedRegion> ex) {
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.put("ram", Long.toString(ram));
        if (knob != null) {
            s.put(key, Long.toString(knob));
        }
        GuestLayout l;
        try {
            l = p.layout(new PresetArgs(s));
        } catch (InputException | ArithmeticException e) {
            return false;
        }
        for (GuestRegion g : l.mapped(true)) {
            for (ReservedRegion w : ex) {
                if (Long.compareUnsigned(g.range().first(), w.range().last()) <= 0 && Long.compareUnsigned(w.range().first(), g.range().last()) <= 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
