package org.iovacheck.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engine;
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
 * place --maximize and place --ram for presets whose RAM moves, against exhaustive enumeration at a small scale: kvmtool-arm64
 * with ipa-bits 32 (every 2 MiB-aligned base of [2 GiB, 4 GiB), 1024 bases, and every size in granule steps) and the free
 * guest with ipa-bits 32 and 128 MiB or 256 MiB alignment (16 or 32 slots: every bank count, every bank length, every set of
 * bases, by a memoised search over slots). The oracles share no code with the planner; the answers are also re-judged at the
 * preset level (PairwiseOracle), including every base one granule above the kvmtool maximum. -Diovacheck.soak=N multiplies
 * the case counts (a soak run: N = 1000 for millions).
 */
class MovableBanksOracleTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final long FOUR_GIB = 1L << 32;
    private static final long SOAK = Long.getLong("iovacheck.soak", 1);

    static Target target(List<ReservedRegion> ex, boolean sat) {
        List<Engine> confirm = Engines.select(sat ? "interval,sat" : "interval");
        return new Target(ex, List.of(), false, Engines.select("interval"), confirm, Budget.unlimited());
    }

    static ReservedRegion window(long base, long size, String name) {
        return new ReservedRegion(Range.ofSize(base, size), RegionType.RESERVED, "1", name, Source.BUILTIN);
    }

    static boolean meets(long first, long last, List<ReservedRegion> ex) {
        for (ReservedRegion w : ex) {
            if (Long.compareUnsigned(first, w.range().last()) <= 0 && Long.compareUnsigned(w.range().first(), last) <= 0) {
                return true;
            }
        }
        return false;
    }

    /** kvmtool, ipa-bits 32: the largest size in granule steps that some 2 MiB-aligned base in [2 GiB, 4 GiB) holds; 0 if none. */
    static long kvmtoolBest(List<ReservedRegion> ex, long granule) {
        for (long size = 2 * GIB - 2 * GIB % granule; size >= granule; size -= granule) {
            for (long base = 2 * GIB; base + size <= FOUR_GIB; base += 2 * MIB) {
                if (!meets(base, base + size - 1, ex)) {
                    return size;
                }
            }
        }
        return 0;
    }

    static List<ReservedRegion> windows(Random rnd, long lo, long span, int max) {
        List<ReservedRegion> ex = new ArrayList<>();
        int n = rnd.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            long base = lo + (rnd.nextBoolean() ? (long) rnd.nextInt((int) (span / MIB)) * MIB : (long) rnd.nextInt((int) (span / (64 * MIB))) * 64 * MIB);
            long size = rnd.nextInt(4) == 0 ? (1 + rnd.nextInt(512)) * MIB : (1 + rnd.nextInt(4)) * MIB;
            ex.add(window(base, size, "w" + i));
        }
        return ex;
    }

    @Test
    void kvmtoolEveryBaseAndSize() throws Exception {
        long seed = Seeds.seed("MovableBanksOracleTest.kvmtool");
        Random rnd = new Random(seed);
        Preset kvm = Presets.byName("kvmtool-arm64").orElseThrow();
        long cases = 600 * SOAK;
        int found = 0;
        int infeasible = 0;
        int placed = 0;
        for (long iter = 0; iter < cases; iter++) {
            long granule = MIB << (6 + rnd.nextInt(4));
            List<ReservedRegion> ex = windows(rnd, 2 * GIB - 256 * MIB, 2 * GIB + 512 * MIB, 6);
            if (rnd.nextInt(8) == 0) {
                ex.add(window(2 * GIB, 2 * GIB - (rnd.nextInt(3) * 2 + 1) * MIB, "nearly-all"));
            }
            Map<String, String> s = Map.of("ipa-bits", "32");
            boolean sat = iter % 50 == 0;
            String ctx = "seed " + seed + " case " + iter + " granule " + granule + " " + ex;
            long best = kvmtoolBest(ex, granule);
            PlanResult r = Planner.maximize(kvm, s, granule, target(ex, sat));
            if (best == 0) {
                assertEquals(Verdict.INFEASIBLE, r.verdict(), ctx + " " + r.evidence());
                infeasible++;
                if (iter % 8 == 0) {
                    for (long base = 2 * GIB; base + granule <= FOUR_GIB; base += 2 * MIB) {
                        assertFalse(PairwiseOracle.safe(kvm, Map.of("ipa-bits", "32", "ram", Long.toString(granule), "base", Long.toString(base)), ex), ctx);
                    }
                }
            } else {
                assertEquals(Verdict.FOUND, r.verdict(), ctx + " " + r.evidence());
                assertEquals(best, r.ram(), ctx + " " + r.evidence());
                assertTrue(PairwiseOracle.safe(kvm, r.settings(), ex), ctx + ": the reported setting is not safe");
                found++;
                if (iter % 8 == 0 && best + granule <= 2 * GIB) {
                    for (long base = 2 * GIB; base + best + granule <= FOUR_GIB; base += 2 * MIB) {
                        assertFalse(PairwiseOracle.safe(kvm, Map.of("ipa-bits", "32", "ram", Long.toString(best + granule), "base", Long.toString(base)), ex),
                                ctx + ": one granule more is safe at " + Long.toHexString(base));
                    }
                }
            }
            long ram = (1 + rnd.nextInt(32)) * 64 * MIB;
            PlanResult p = Planner.place(kvm, s, ram, target(ex, sat));
            boolean fits = false;
            for (long base = 2 * GIB; base + ram <= FOUR_GIB && !fits; base += 2 * MIB) {
                fits = !meets(base, base + ram - 1, ex);
            }
            assertEquals(fits ? Verdict.FOUND : Verdict.INFEASIBLE, p.verdict(), ctx + " place " + ram);
            if (fits) {
                assertTrue(PairwiseOracle.safe(kvm, p.settings(), ex), ctx + " place " + ram);
                placed++;
            }
        }
        System.out.println("MovableBanksOracleTest.kvmtool: " + cases + " cases (" + found + " found, " + infeasible + " infeasible; place --ram: "
                + placed + " found), 0 disagreements");
        assertTrue(found > cases / 10 && infeasible > 0, found + " found, " + infeasible + " infeasible");
    }

    /** Can {@code need} banks of {@code units} slots each fit in the free slots at or above slot x (memoised over x and need). */
    static boolean fit(boolean[] free, int x, int need, int units, Map<Long, Boolean> memo) {
        if (need == 0) {
            return true;
        }
        if (x + units > free.length) {
            return false;
        }
        long key = ((long) x << 32) | need;
        Boolean m = memo.get(key);
        if (m != null) {
            return m;
        }
        boolean ok = true;
        for (int i = x; i < x + units && ok; i++) {
            ok = free[i];
        }
        boolean res = (ok && fit(free, x + units, need - 1, units, memo)) || fit(free, x + 1, need, units, memo);
        memo.put(key, res);
        return res;
    }

    /** Bank bases are multiples of align, so a bank covers whole align-slots: a slot is free when no window meets it. */
    static boolean[] slots(List<ReservedRegion> ex, long align) {
        boolean[] free = new boolean[(int) (FOUR_GIB / align)];
        for (int i = 0; i < free.length; i++) {
            free[i] = !meets(i * align, (i + 1) * align - 1, ex);
        }
        return free;
    }

    /** The free guest's largest total RAM over every count 1..256 and every length (a multiple of align, total a multiple of granule). */
    static long[] freeBest(boolean[] free, long align, long granule, int onlyCount) {
        long best = 0;
        long bestK = 0;
        for (int k = onlyCount == 0 ? 1 : onlyCount; k <= (onlyCount == 0 ? 256 : onlyCount); k++) {
            for (int units = free.length / k; units >= 1; units--) {
                long total = (long) k * units * align;
                if (total % granule != 0 || total <= best) {
                    continue;
                }
                if (fit(free, 0, k, units, new HashMap<>())) {
                    best = total;
                    bestK = k;
                    break;
                }
            }
        }
        return new long[] {best, bestK};
    }

    @Test
    void freeGuestEveryCountLengthAndBases() throws Exception {
        long seed = Seeds.seed("MovableBanksOracleTest.free");
        Random rnd = new Random(seed);
        Preset free = Presets.byName("free").orElseThrow();
        long cases = 600 * SOAK;
        int found = 0;
        int infeasible = 0;
        int multi = 0;
        for (long iter = 0; iter < cases; iter++) {
            long align = rnd.nextBoolean() ? 256 * MIB : 128 * MIB;
            long granule = MIB << rnd.nextInt(11);
            List<ReservedRegion> ex = windows(rnd, 0, FOUR_GIB, rnd.nextInt(5) == 0 ? 48 : 2 + rnd.nextInt(9));
            int onlyCount = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(4) : 0;
            Map<String, String> s = new LinkedHashMap<>(Map.of("ipa-bits", "32", "align", Long.toString(align)));
            if (onlyCount != 0) {
                s.put("banks", Integer.toString(onlyCount));
            }
            boolean sat = iter % 50 == 0;
            String ctx = "seed " + seed + " case " + iter + " " + s + " granule " + granule + " " + ex;
            boolean[] slots = slots(ex, align);
            long[] best = freeBest(slots, align, granule, onlyCount);
            PlanResult r = Planner.maximize(free, s, granule, target(ex, sat));
            if (best[0] == 0) {
                assertEquals(Verdict.INFEASIBLE, r.verdict(), ctx + " " + r.evidence());
                infeasible++;
            } else {
                assertEquals(Verdict.FOUND, r.verdict(), ctx + " " + r.evidence() + r.limits());
                assertEquals(best[0], r.ram(), ctx + " " + r.evidence());
                assertTrue(PairwiseOracle.safe(free, r.settings(), ex), ctx + ": the reported setting is not safe");
                found++;
                multi += best[1] > 1 ? 1 : 0;
            }
            int k = onlyCount != 0 ? onlyCount : 1 + rnd.nextInt(6);
            long ram = k * align * (1 + rnd.nextInt(4));
            PlanResult p = Planner.place(free, s, ram, target(ex, sat));
            boolean fits = false;
            for (int c = onlyCount == 0 ? 1 : onlyCount; c <= (onlyCount == 0 ? 256 : onlyCount) && !fits; c++) {
                if (ram % c == 0 && (ram / c) % align == 0) {
                    fits = fit(slots, 0, c, (int) (ram / c / align), new HashMap<>());
                }
            }
            assertEquals(fits ? Verdict.FOUND : Verdict.INFEASIBLE, p.verdict(), ctx + " place " + ram + " " + p.evidence());
            if (fits) {
                assertTrue(PairwiseOracle.safe(free, p.settings(), ex), ctx + " place " + ram);
            }
        }
        System.out.println("MovableBanksOracleTest.free: " + cases + " cases (" + found + " found, " + multi + " with several banks, " + infeasible
                + " infeasible), 0 disagreements");
        assertTrue(found > cases / 10 && infeasible > 0 && multi > 0, found + " found, " + infeasible + " infeasible, " + multi + " multi");
    }
}
