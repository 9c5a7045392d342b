package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/** Hot-add: the attach check leaves out unpopulated hot-plug areas; what remains of an area is what no conflict covers. */
class HotaddQuestionTest {
    static final Source S = Source.BUILTIN;

    static GuestRegion g(String n, GuestKind k, long a, long b) {
        return new GuestRegion(n, k, new Range(a, b));
    }

    static ReservedRegion res(long a, long b) {
        return new ReservedRegion(new Range(a, b), RegionType.RESERVED, "1", null, S);
    }

    static ResolvedHost resolved(List<ReservedRegion> ex, List<Blocker> bl) {
        Host h = Host.ofGroups("h", List.of(new Group("1", List.of(), S)), S);
        return new ResolvedHost(h, ex, ex, bl, List.of());
    }

    @Test
    void attachChecksTheCurrentMappingsOnlyAndHotplugChecksTheAreasAgainstBoth() {
        GuestRegion ram = g("ram", GuestKind.RAM, 0, 0x7fffffffL);
        GuestRegion hp = g("hotplug", GuestKind.HOTPLUG, 0x100000000L, 0x1ffffffffL);
        GuestRegion bar = g("pci", GuestKind.BAR, 0xc0000000L, 0xdfffffffL);
        GuestRegion mmio = g("lapic", GuestKind.MMIO, 0xfee00000L, 0xfeefffffL);
        GuestLayout running = new GuestLayout("test", List.of(hp, bar, ram, mmio), List.of(), List.of());
        Blocker blocker = new Blocker(res(0x1000, 0x1fff), "direct");
        ResolvedHost device = resolved(List.of(res(0x180000000L, 0x18fffffffL)), List.of(blocker));
        ResolvedHost host = resolved(List.of(res(0x1f0000000L, 0x1ffffffffL)), List.of());
        CheckQuery attach = HotaddQuestion.attach(running, device, false);
        assertEquals(List.of(ram), attach.mapped());
        assertEquals(device.exclusions(), attach.exclusions());
        assertEquals(List.of(blocker), attach.blockers());
        assertEquals(List.of(ram, bar), HotaddQuestion.attach(running, device, true).mapped());
        CheckQuery hot = HotaddQuestion.hotplug(running, host, device);
        assertEquals(List.of(hp), hot.mapped());
        assertEquals(List.of(res(0x1f0000000L, 0x1ffffffffL), res(0x180000000L, 0x18fffffffL)), hot.exclusions());
        assertEquals(List.of(), hot.blockers());
    }

    @Test
    void remainingIsTheAreaLessEveryOverlap() {
        GuestRegion hp = g("hotplug", GuestKind.HOTPLUG, 0x100000000L, 0x1ffffffffL);
        GuestRegion other = g("hp2", GuestKind.HOTPLUG, 0x300000000L, 0x3ffffffffL);
        List<Conflict> cs = List.of(Conflict.of(hp, res(0x1f0000000L, 0x2ffffffffL)), Conflict.of(hp, res(0x140000000L, 0x14fffffffL)),
                Conflict.of(hp, res(0x148000000L, 0x157ffffffL)), Conflict.of(other, res(0x300000000L, 0x300000fffL)));
        assertEquals(List.of(new Range(0x100000000L, 0x13fffffffL), new Range(0x158000000L, 0x1efffffffL), new Range(0x300001000L, 0x3ffffffffL)),
                HotaddQuestion.remaining(List.of(hp, other), cs));
        assertEquals(List.of(hp.range()), HotaddQuestion.remaining(List.of(hp), List.of()));
        assertEquals(List.of(), HotaddQuestion.remaining(List.of(hp), List.of(Conflict.of(hp, res(0, U64.MAX)))));
    }

    /** Against address-by-address subtraction in 64-address windows at the bottom and at the top of the space. */
    @Test
    void remainingAgreesWithBruteForce() {
        long seed = Seeds.seed("HotaddQuestionTest.remainingAgreesWithBruteForce");
        Random rnd = new Random(seed);
        for (int iter = 0; iter < 3000; iter++) {
            long base = iter % 2 == 0 ? 0 : U64.MAX - 63;
            int a = rnd.nextInt(64);
            int b = a + rnd.nextInt(64 - a);
            GuestRegion area = g("hp", GuestKind.HOTPLUG, base + a, base + b);
            boolean[] cut = new boolean[64];
            List<Conflict> cs = new ArrayList<>();
            for (int i = rnd.nextInt(5); i > 0; i--) {
                int c = rnd.nextInt(64);
                int d = c + rnd.nextInt(Math.min(64 - c, 24));
                if (Math.max(a, c) <= Math.min(b, d)) {
                    cs.add(Conflict.of(area, res(base + c, base + d)));
                    for (int p = Math.max(a, c); p <= Math.min(b, d); p++) {
                        cut[p] = true;
                    }
                }
            }
            List<Range> want = new ArrayList<>();
            for (int p = a; p <= b; p++) {
                if (!cut[p]) {
                    int q = p;
                    while (q + 1 <= b && !cut[q + 1]) {
                        q++;
                    }
                    want.add(new Range(base + p, base + q));
                    p = q;
                }
            }
            assertEquals(want, HotaddQuestion.remaining(List.of(area), cs), "seed " + seed + " iteration " + iter + ": " + area + " " + cs);
        }
    }
}
