package org.iovacheck.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engines;
import org.iovacheck.engine.ProveRunner;
import org.iovacheck.engine.Verdict;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Backend;
import org.iovacheck.model.ClassQuestions;
import org.iovacheck.model.ParamRegion;
import org.iovacheck.model.PlatformClass;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.Source;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.preset.Presets;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/** The fleet memory map of a class (place against the class's coverage) against for-all proofs just below and above it. */
class ClassOneLayoutOracleTest {
    private static final long MIB = 1L << 20;

    @Test
    void largestRamForAllHostsIsProvenAndOneGranuleMoreIsRefuted() throws InputException {
        long seed = Seeds.seed("ClassOneLayoutOracleTest");
        Random rnd = new Random(seed);
        Preset virt = Presets.byName("qemu-virt").orElseThrow();
        long granule = 16 * MIB;
        for (int iter = 0; iter < 60; iter++) {
            List<ParamRegion> rs = new ArrayList<>();
            int n = 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                long align = MIB << rnd.nextInt(12);
                long size = (1 + rnd.nextInt(64)) * (MIB / 4);
                long min = org.iovacheck.model.U64.alignUp((1L << 30) + (long) rnd.nextInt(64) * (64 * MIB), align);
                long max = min + (long) rnd.nextInt(64) * (64 * MIB);
                rs.add(new ParamRegion("r" + i, RegionType.MSI_HW, "0", min, max, align, size, size, rnd.nextBoolean(), Source.BUILTIN));
            }
            PlatformClass c = new PlatformClass("c", "", rs, 40, 48, Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, Source.BUILTIN);
            String ctx = "seed " + seed + " iteration " + iter + " " + rs;
            List<org.iovacheck.model.ReservedRegion> cover;
            try {
                cover = ClassQuestions.coverage(c, 2_000_000);
            } catch (ClassQuestions.TooManyPositions e) {
                continue;
            }
            Target t = new Target(cover, List.of(), false, Engines.select("interval"), Engines.select("interval"), Budget.unlimited());
            PlanResult r = Planner.maximize(virt, Map.of(), granule, t);
            if (r.verdict() == Verdict.INFEASIBLE) {
                assertEquals(Verdict.COUNTEREXAMPLE, forAll(virt, c, granule), ctx);
                continue;
            }
            assertEquals(Verdict.FOUND, r.verdict(), ctx);
            assertEquals(Verdict.PROVEN, forAll(virt, c, r.ram()), ctx);
            assertEquals(Verdict.COUNTEREXAMPLE, forAll(virt, c, r.ram() + granule), ctx);
        }
    }

    private static Verdict forAll(Preset p, PlatformClass c, long ram) throws InputException {
        var l = p.layout(new PresetArgs(Map.of("ram", Long.toString(ram))));
        return ProveRunner.forAll(c, l.mapped(false), Engines.select("interval"), Budget.unlimited()).verdict();
    }
}
