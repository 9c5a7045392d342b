package org.iovacheck.engine.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.CheckOutcome;
import org.iovacheck.engine.CheckRunner;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.Engines;
import org.iovacheck.engine.Verdict;
import org.iovacheck.engine.interval.IntervalEngine;
import org.iovacheck.format.HostLoader;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;
import org.iovacheck.preset.Guests;
import org.iovacheck.preset.PresetArgs;
import org.junit.jupiter.api.Test;

/** The alloy engine on real hosts and on the edge cases of the encoding, always compared with the interval engine. */
class AlloyEngineTest {
    private static final Path HOSTS = ModelFiles.DIR.getParent().resolve("hosts");
    private final AlloyEngine alloy = new AlloyEngine();

    private static CheckQuery real(String host, String ram, boolean p2p) throws Exception {
        GuestLayout g = Guests.resolve("qemu-virt", PresetArgs.of(ram, List.of()));
        return CheckQuery.of(HostSemantics.resolve(HostLoader.load(HOSTS.resolve(host + ".yaml"))), g, p2p);
    }

    private CheckAnswer agreeing(CheckQuery q) {
        CheckAnswer a = alloy.check(q, Budget.unlimited());
        CheckAnswer i = new IntervalEngine().check(q, Budget.unlimited());
        assertEquals(i.verdict(), a.verdict(), "verdict");
        assertEquals(i.conflicts(), a.conflicts(), "conflicts");
        return a;
    }

    private static ReservedRegion excl(long first, long last, RegionType t, String group) {
        return new ReservedRegion(new Range(first, last), t, group, null, new Source("test", 1));
    }

    private static GuestRegion guest(String name, GuestKind k, long first, long last) {
        return new GuestRegion(name, k, new Range(first, last));
    }

    @Test
    void d05DoorbellInsideFourGigabytesOfRam() throws Exception {
        CheckAnswer a = agreeing(real("hisilicon-d05", "4G", false));
        assertEquals(Verdict.UNSAFE, a.verdict());
        assertEquals(1, a.conflicts().size());
        assertEquals(RegionType.MSI_HW, a.conflicts().get(0).reserved().type());
        assertEquals(new Range(0xc6010000L, 0xc601ffffL), a.conflicts().get(0).overlap());
        assertEquals(1L, a.stats().counters().get("solver-calls"));
        assertTrue(a.evidence().get(0).startsWith("counterexample to assertion safeLayout"), a.evidence().toString());
    }

    @Test
    void d05BelowTheDoorbellIsSafeOnlyAfterBothSolverCalls() throws Exception {
        CheckAnswer a = agreeing(real("hisilicon-d05", "2G", false));
        assertEquals(Verdict.SAFE, a.verdict());
        assertTrue(a.conflicts().isEmpty());
        assertEquals(2L, a.stats().counters().get("solver-calls"));
        assertTrue(a.evidence().get(0).contains("check UNSAT, vacuity run SAT"), a.evidence().toString());
    }

    @Test
    void directRegionsMeanNoLayoutWithTheConflictsStillListed() throws Exception {
        CheckAnswer a = agreeing(real("hp-dl388p-rmrr", "4G", false));
        assertEquals(Verdict.NO_LAYOUT, a.verdict());
        assertFalse(a.conflicts().isEmpty(), "4 GiB from 1 GiB covers the interrupt window");
    }

    @Test
    void ramOverTheBridgeWindow() throws Exception {
        assertEquals(Verdict.SAFE, agreeing(real("x86-nic-duyck", "2G", false)).verdict());
        CheckAnswer a = agreeing(real("x86-nic-duyck", "4G", false));
        assertEquals(Verdict.UNSAFE, a.verdict());
        assertEquals(RegionType.BRIDGE_WINDOW, a.conflicts().get(0).reserved().type());
    }

    @Test
    void mappedBarsConflictLikeRam() {
        CheckQuery q = new CheckQuery(List.of(guest("pcie-mmio", GuestKind.BAR, 0x10000000L, 0x3efeffffL)),
                List.of(excl(0x20000000L, 0x20ffffffL, RegionType.BRIDGE_WINDOW, null)), List.of());
        CheckAnswer a = agreeing(q);
        assertEquals(Verdict.UNSAFE, a.verdict());
        assertEquals(GuestKind.BAR, a.conflicts().get(0).guest().kind());
    }

    @Test
    void theLastAddressAndTheWholeSpace() {
        CheckQuery q = new CheckQuery(
                List.of(guest("top", GuestKind.RAM, U64.MAX - 0xfffff, U64.MAX), guest("bottom", GuestKind.ROM, 0, 0)),
                List.of(excl(U64.MAX, U64.MAX, RegionType.OUTSIDE_APERTURE, null), excl(1, U64.MAX - 0x100000, RegionType.RESERVED, "g")),
                List.of());
        CheckAnswer a = agreeing(q);
        assertEquals(Verdict.UNSAFE, a.verdict());
        assertEquals(new Range(U64.MAX, U64.MAX), a.conflicts().get(0).overlap());
        assertEquals(1, a.conflicts().size(), "the ranges touch at the top but overlap only at the last address");
        assertEquals(Verdict.UNSAFE, agreeing(new CheckQuery(List.of(guest("all", GuestKind.RAM, 0, U64.MAX)),
                List.of(excl(0, 0, RegionType.MSI, "0")), List.of())).verdict());
    }

    @Test
    void adjacentRangesDoNotConflict() {
        CheckQuery q = new CheckQuery(List.of(guest("ram", GuestKind.RAM, 0x1000, 0x1fff)),
                List.of(excl(0x0, 0xfff, RegionType.MSI_SW, "1"), excl(0x2000, 0x2fff, RegionType.MSI_HW, "1")), List.of());
        assertEquals(Verdict.SAFE, agreeing(q).verdict());
    }

    @Test
    void relaxableRangesCountWhenTheQueryExcludesThem() {
        CheckQuery strict = new CheckQuery(List.of(guest("ram", GuestKind.RAM, 0x40000000L, 0x7fffffffL)),
                List.of(excl(0x1000000, 0x4fffffffL, RegionType.DIRECT_RELAXABLE, "3")), List.of());
        assertEquals(Verdict.UNSAFE, agreeing(strict).verdict());
    }

    @Test
    void blockersOutsideTheExclusionsStillMeanNoLayout() {
        ReservedRegion elsewhere = excl(0x5000, 0x5fff, RegionType.MSI_SW, "9");
        CheckQuery q = new CheckQuery(List.of(guest("ram", GuestKind.RAM, 0, 0xfff)), List.of(excl(0x800, 0x8ff, RegionType.RESERVED, "9")),
                List.of(new Blocker(elsewhere, "iommufd MSI mix")));
        CheckAnswer a = agreeing(q);
        assertEquals(Verdict.NO_LAYOUT, a.verdict());
        assertEquals(1, a.conflicts().size());
    }

    @Test
    void nothingMappedIsSafe() {
        assertEquals(Verdict.SAFE, agreeing(new CheckQuery(List.of(), List.of(excl(0, 9, RegionType.RESERVED, "1")), List.of())).verdict());
        assertEquals(Verdict.SAFE, agreeing(new CheckQuery(List.of(), List.of(), List.of())).verdict());
    }

    @Test
    void namesThatAreNotAlloyIdentifiersAreFine() {
        CheckQuery q = new CheckQuery(List.of(guest("ram bank #1 (é)", GuestKind.RAM, 0, 0xff), guest("", GuestKind.HOTPLUG, 0x100, 0x1ff)),
                List.of(excl(0x80, 0x180, RegionType.BRIDGE_WINDOW, "group with spaces")), List.of());
        assertEquals(2, agreeing(q).conflicts().size());
    }

    @Test
    void tooLargeIsUnknownWithTheSizesAndTheRunnerStillDecides() {
        List<GuestRegion> gs = new ArrayList<>();
        List<ReservedRegion> xs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            gs.add(guest("ram" + i, GuestKind.RAM, i * 0x10000L, i * 0x10000L + 0x7fff));
            xs.add(excl(i * 0x10000L + 0x9000, i * 0x10000L + 0xbfff, RegionType.RESERVED, "1"));
        }
        CheckQuery q = new CheckQuery(gs, xs, List.of());
        CheckAnswer a = alloy.check(q, Budget.unlimited());
        assertEquals(Verdict.UNKNOWN, a.verdict());
        assertEquals("instance too large for alloy: 80 breakpoints (limit 64), 20 DMA-mapped guest regions, 20 excluded ranges",
                a.evidence().get(0));
        assertEquals(80L, a.stats().counters().get("breakpoints"));
        assertTrue(AlloyEngine.tooLargeReason(q).isPresent());
        assertTrue(alloy.counterexampleXml(q).isEmpty());
        CheckOutcome o = CheckRunner.run(q, List.of(new IntervalEngine(), alloy), Budget.unlimited());
        assertEquals(Verdict.SAFE, o.verdict());
        assertEquals(Verdict.UNKNOWN, o.answers().get(1).verdict());
    }

    @Test
    void anExpiredBudgetIsUnknown() throws Exception {
        CheckAnswer a = alloy.check(real("hisilicon-d05", "4G", false), new Budget(System.nanoTime() - 1));
        assertEquals(Verdict.UNKNOWN, a.verdict());
        assertTrue(a.conflicts().isEmpty());
        assertTrue(a.evidence().get(0).contains("time budget exhausted"), a.evidence().toString());
    }

    @Test
    void registeredForAllButNotForDefault() {
        assertTrue(Engines.names().contains("alloy"));
        assertTrue(Engines.select("all").stream().map(Engine::name).anyMatch("alloy"::equals));
        assertFalse(Engines.select("default").stream().map(Engine::name).anyMatch("alloy"::equals));
        assertEquals("alloy", Engines.select("alloy").get(0).name());
    }

    @Test
    void leavesNoTemporaryFiles() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<String> before = alloyTempFiles(tmp);
        agreeing(real("hisilicon-d05", "4G", false));
        agreeing(real("hisilicon-d05", "2G", false));
        assertTrue(alloy.counterexampleXml(real("hisilicon-d05", "4G", false)).isPresent());
        assertEquals(before, alloyTempFiles(tmp));
    }

    private static Set<String> alloyTempFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("alloy") || n.startsWith("kodkod") || n.endsWith(".cnf") || n.endsWith(".als"))
                    .collect(Collectors.toSet());
        }
    }
}
