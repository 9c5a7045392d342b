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
import org.iovacheck.model.Aperture;
import org.iovacheck.model.Backend;
import org.iovacheck.model.ClassQuestions;
import org.iovacheck.model.Group;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.ParamRegion;
import org.iovacheck.model.PlatformClass;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.ResolvedHost;
import org.iovacheck.model.Source;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.Presets;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * prove --one-layout and --each-host with kvmtool-arm64 (ipa-bits 32, every base moves) over random fleets and small classes,
 * against the exhaustive kvmtool oracle of {@link MovableBanksOracleTest}: the fleet memory map is the largest size some base
 * holds against every host's windows at once; each host's answer is its own largest size. Class positions are enumerated by
 * the test itself (every base of every region, nested loops), not by ClassQuestions. -Diovacheck.soak=N multiplies the cases.
 */
class MovableBanksFleetOracleTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final long SOAK = Long.getLong("iovacheck.soak", 1);
    private static final Map<String, String> S = Map.of("ipa-bits", "32");

    private static Host host(String name, List<ReservedRegion> ex) {
        return new Host(name, List.of(new Group("1", ex, Source.BUILTIN)), Aperture.full(), List.of(), Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL,
                List.of(), Source.BUILTIN);
    }

    /** Some 2 MiB-aligned base in [2 GiB, 4 GiB) holds {@code ram} bytes clear of every range (every base tried). */
    private static boolean fits(List<ReservedRegion> ex, long ram) {
        for (long base = 2 * GIB; base + ram <= (1L << 32); base += 2 * MIB) {
            if (!MovableBanksOracleTest.meets(base, base + ram - 1, ex)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void fleetsOneLayoutAndEachHost() throws Exception {
        long seed = Seeds.seed("MovableBanksFleetOracleTest.fleets");
        Random rnd = new Random(seed);
        Preset kvm = Presets.byName("kvmtool-arm64").orElseThrow();
        long cases = 600 * SOAK;
        int oneFound = 0;
        int eachProven = 0;
        for (long iter = 0; iter < cases; iter++) {
            long granule = MIB << (6 + rnd.nextInt(4));
            int n = 1 + rnd.nextInt(3);
            List<Host> hosts = new ArrayList<>();
            List<ResolvedHost> resolved = new ArrayList<>();
            List<ReservedRegion> union = new ArrayList<>();
            List<Long> each = new ArrayList<>();
            for (int h = 0; h < n; h++) {
                List<ReservedRegion> ex = MovableBanksOracleTest.windows(rnd, 2 * GIB - 256 * MIB, 2 * GIB + 512 * MIB, 3);
                ex.add(MovableBanksOracleTest.window(0x8000000L, MIB, "sw-msi"));
                if (rnd.nextInt(3) == 0) {
                    long hole = (1 + rnd.nextInt(16)) * 64 * MIB;
                    long at = 2 * GIB + rnd.nextInt(16) * 128 * MIB;
                    ex.add(MovableBanksOracleTest.window(2 * GIB, at - 2 * GIB + 1, "below-" + h));
                    if (at + hole < (1L << 32)) {
                        ex.add(MovableBanksOracleTest.window(at + hole, (1L << 32) - at - hole, "above-" + h));
                    }
                }
                hosts.add(host("h" + h, ex));
                resolved.add(HostSemantics.resolve(hosts.get(h), false));
                union.addAll(ex);
                each.add(MovableBanksOracleTest.kvmtoolBest(ex, granule));
            }
            String ctx = "seed " + seed + " case " + iter + " granule " + granule + " " + union;
            long best = MovableBanksOracleTest.kvmtoolBest(union, granule);
            PlanResult one = ProvePlans.oneLayout(kvm, S, null, granule, resolved, false, Engines.select("interval"), Engines.select("interval"),
                    Budget.unlimited());
            assertEquals(best == 0 ? Verdict.INFEASIBLE : Verdict.FOUND, one.verdict(), ctx + " " + one.evidence());
            if (best != 0) {
                assertEquals(best, one.ram(), ctx);
                assertTrue(PairwiseOracle.safe(kvm, one.settings(), union), ctx);
                oneFound++;
            }
            List<ProvePlans.HostPlan> plans = ProvePlans.eachHost(kvm, S, null, granule, hosts, false, Engines.select("interval"),
                    Engines.select("interval"), Budget.unlimited(), i -> { });
            for (int h = 0; h < plans.size(); h++) {
                long e = each.get(h);
                assertEquals(e == 0 ? Verdict.INFEASIBLE : Verdict.FOUND, plans.get(h).plan().verdict(), ctx + " host " + h);
                if (e != 0) {
                    assertEquals(e, plans.get(h).plan().ram(), ctx + " host " + h);
                }
            }
            boolean all = each.stream().allMatch(e -> e != 0);
            assertEquals(all, plans.size() == n && plans.get(n - 1).plan().verdict() == Verdict.FOUND, ctx);
            eachProven += all ? 1 : 0;
        }
        System.out.println("MovableBanksFleetOracleTest.fleets: " + cases + " cases (" + oneFound + " one-layout found, " + eachProven
                + " each-host proven), 0 disagreements");
        assertTrue(oneFound > 0 && oneFound < cases && eachProven > 0, oneFound + " / " + eachProven);
    }

    @Test
    void classesOneLayoutAndEachHost() throws Exception {
        long seed = Seeds.seed("MovableBanksFleetOracleTest.classes");
        Random rnd = new Random(seed);
        Preset kvm = Presets.byName("kvmtool-arm64").orElseThrow();
        long cases = 300 * SOAK;
        int oneFound = 0;
        int eachProven = 0;
        int refinedCounter = 0;
        for (long iter = 0; iter < cases; iter++) {
            long granule = MIB << (6 + rnd.nextInt(4));
            List<ParamRegion> rs = new ArrayList<>();
            int n = 1 + rnd.nextInt(2);
            for (int i = 0; i < n; i++) {
                long align = MIB << (7 + rnd.nextInt(4));
                long min = org.iovacheck.model.U64.alignUp(2 * GIB - 256 * MIB, align) + align * rnd.nextInt((int) (GIB / align));
                long max = min + align * rnd.nextInt(1 + (int) (GIB / align));
                long size = rnd.nextInt(4) == 0 ? (64 + rnd.nextInt(960)) * MIB : (1 + rnd.nextInt(8)) * MIB;
                rs.add(new ParamRegion("r" + i, RegionType.MSI_HW, "0", min, max, align, size, size, false, Source.BUILTIN));
            }
            PlatformClass c = new PlatformClass("c", "", rs, 40, 40, Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, Source.BUILTIN);
            String ctx = "seed " + seed + " case " + iter + " granule " + granule + " " + rs;
            List<List<ReservedRegion>> positions = new ArrayList<>();
            for (ParamRegion r : rs) {
                List<ReservedRegion> ps = new ArrayList<>();
                for (long b = r.baseMin(); b <= r.baseMax(); b += r.align()) {
                    ps.add(MovableBanksOracleTest.window(b, r.sizeMax(), r.name() + "@" + Long.toHexString(b)));
                }
                positions.add(ps);
            }
            List<ReservedRegion> union = new ArrayList<>();
            positions.forEach(union::addAll);
            long best = MovableBanksOracleTest.kvmtoolBest(union, granule);
            Target t = new Target(ClassQuestions.coverage(c, 2_000_000), List.of(), false, Engines.select("interval"), Engines.select("interval"),
                    Budget.unlimited());
            PlanResult one = Planner.maximize(kvm, S, granule, t);
            assertEquals(best == 0 ? Verdict.INFEASIBLE : Verdict.FOUND, one.verdict(), ctx + " " + one.evidence());
            if (best != 0) {
                assertEquals(best, one.ram(), ctx);
                oneFound++;
            }
            boolean all = true;
            List<Host> hosts = new ArrayList<>();
            for (ReservedRegion a : positions.get(0)) {
                for (ReservedRegion b : n > 1 ? positions.get(1) : List.<ReservedRegion>of(a)) {
                    List<ReservedRegion> ex = n > 1 ? List.of(a, b) : List.of(a);
                    all &= MovableBanksOracleTest.kvmtoolBest(ex, granule) != 0;
                    hosts.add(host("p" + hosts.size(), ex));
                }
            }
            List<ProvePlans.HostPlan> plans = ProvePlans.eachHost(kvm, S, null, granule, hosts, false, Engines.select("interval"),
                    Engines.select("interval"), Budget.unlimited(), i -> { });
            boolean proven = plans.size() == hosts.size() && plans.stream().allMatch(p -> p.plan().verdict() == Verdict.FOUND);
            assertEquals(all, proven, ctx);
            ClassEachHost.Outcome refined = ClassEachHost.decide(c, kvm, S, null, granule, false, Engines.select("interval"),
                    Engines.select("interval"), Budget.unlimited());
            assertEquals(all ? Verdict.PROVEN : Verdict.COUNTEREXAMPLE, refined.verdict(), ctx + " refinement: " + refined.note());
            long ram = (1 + rnd.nextInt(24)) * 64 * MIB;
            boolean allFit = true;
            for (Host h : hosts) {
                List<ReservedRegion> ex = HostSemantics.resolve(h).exclusions();
                allFit &= fits(ex, ram);
            }
            ClassEachHost.Outcome withRam = ClassEachHost.decide(c, kvm, S, ram, granule, false, Engines.select("interval"),
                    Engines.select("interval"), Budget.unlimited());
            assertEquals(allFit ? Verdict.PROVEN : Verdict.COUNTEREXAMPLE, withRam.verdict(), ctx + " ram " + ram + " refinement: " + withRam.note());
            if (!allFit) {
                assertTrue(!fits(HostSemantics.resolve(withRam.counterexample()).exclusions(), ram), ctx + ": the counterexample host has room");
            }
            refinedCounter += withRam.verdict() == Verdict.COUNTEREXAMPLE ? 1 : 0;
            eachProven += proven ? 1 : 0;
        }
        System.out.println("MovableBanksFleetOracleTest.classes: " + cases + " cases (" + oneFound + " one-layout found, " + eachProven
                + " each-host proven; refinement against enumeration with a fixed RAM: " + refinedCounter + " counterexamples), 0 disagreements");
        assertTrue(oneFound > 0 && eachProven > 0, oneFound + " / " + eachProven);
    }
}
