package org.iovacheck.format.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.CheckOutcome;
import org.iovacheck.engine.CheckRunner;
import org.iovacheck.engine.Engines;
import org.iovacheck.format.HostLoader;
import org.iovacheck.format.InputException;
import org.iovacheck.format.InstanceWriter;
import org.iovacheck.format.LayoutParser;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;
import org.iovacheck.preset.Guests;
import org.iovacheck.preset.HostDefaults;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.testing.FakeHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every host of models/hosts/ as a fake tree: collect it, write the host file, read it back, and check the same guests on the
 * tree, on the collected file and on the shipped file. The tree and the collected file must give identical answers; the shipped
 * file the same verdicts and conflict ranges (it may spell MSI kinds or the aperture differently).
 */
class ShippedHostsRoundTripTest {
    @TempDir
    Path dir;

    static final long CAP_39 = 0xd2008c40660462L;
    static final long CAP_48 = 0xd2078c106f0466L;
    static final long ECAP = 0xf050daL;

    /** What each shipped host's tree adds besides its groups: the unit kind and the facts its source reports. */
    static void extras(String name, FakeHost t) {
        switch (name) {
            case "amd-epyc" -> t.cpu("AuthenticAMD", 48, "lm svm").kernel("6.12.57").amdUnit("unit", 0x58f77ef22294adeL, 0);
            case "intel-raptorlake-39bit" -> t.cpu("GenuineIntel", 46, "lm vmx").kernel("6.12.57").intelUnit("unit", CAP_39, ECAP);
            case "hp-dl388p-rmrr", "x86-nic-duyck" -> t.cpu("GenuineIntel", 46, "lm vmx").intelUnit("unit", CAP_48, ECAP);
            default -> t.smmuUnit("unit", "arm-smmu-v3.0.auto");
        }
        if (name.equals("x86-nic-duyck")) {
            t.iomem(0, 0xc0000000L, 0xfebfffffL, "PCI Bus 0000:00").iomem(1, 0xc8000000L, 0xc8ffffffL, "PCI Bus 0000:01");
        }
    }

    static List<Path> shipped() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("../models/hosts"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static FakeHost tree(Path root, Host shipped, String name) {
        FakeHost t = new FakeHost(root);
        extras(name, t);
        int n = 1;
        for (var g : shipped.groups()) {
            StringBuilder sb = new StringBuilder();
            for (ReservedRegion r : g.regions()) {
                sb.append(U64.hex(r.range().first())).append(' ').append(U64.hex(r.range().last())).append(' ')
                        .append(r.type() == RegionType.MSI_HW || r.type() == RegionType.MSI_SW ? "msi" : r.type().label()).append('\n');
            }
            t.group(g.id(), sb.toString());
            String bus = String.format("0000:%02x", n++);
            t.device(g.id(), "pci0000:00", List.of("0000:00:01.0", bus + ":00.0"), "15b3", "1017", "0x020000", "vfio-pci", "unit",
                    FakeHost.resourceLine(0xc8000000L, 0xc80fffffL, 0x40200));
        }
        return t;
    }

    record Guest(String spec, String ram, List<String> sets, boolean p2p) {
    }

    static List<Guest> guests(Path layoutFile) {
        return List.of(new Guest("qemu-virt", "4G", List.of(), false), new Guest("qemu-virt", "2144M", List.of(), false),
                new Guest("qemu-q35", "4G", List.of(), false), new Guest("qemu-q35", "1100G", List.of("phys-bits=48"), false),
                new Guest("qemu-pc", "3G", List.of("phys-bits=48"), true), new Guest(layoutFile.toString(), null, List.of(), true));
    }

    static GuestLayout layout(Guest g, Host h) throws InputException {
        if (g.ram() == null) {
            return LayoutParser.load(Path.of(g.spec()));
        }
        HostDefaults.Applied a = HostDefaults.apply(g.spec(), PresetArgs.parseSets(g.sets()), List.of(h));
        return Guests.resolve(g.spec(), PresetArgs.of(g.ram(), a.settings()));
    }

    static CheckOutcome check(Host h, GuestLayout l, boolean p2p) throws Exception {
        return CheckRunner.run(CheckQuery.of(HostSemantics.resolve(h), l, p2p), Engines.select("default"), Budget.millis(60_000));
    }

    /** Verdict, each conflict's guest range, host range, type and group, and each blocker's reason: what a user acts on. */
    static String answer(CheckOutcome o) {
        TreeSet<String> lines = new TreeSet<>();
        for (Conflict c : o.conflicts()) {
            lines.add(c.guest().range() + " x " + c.reserved().range() + " " + c.reserved().type().label() + " " + c.reserved().owner());
        }
        o.blockers().forEach(b -> lines.add("blocker " + b.reason()));
        return o.verdict() + " " + lines;
    }

    /** Verdict and the overlapping ranges only (the shipped files spell MSI kinds and apertures their own way). */
    static String ranges(CheckOutcome o) {
        TreeSet<String> lines = new TreeSet<>();
        o.conflicts().forEach(c -> lines.add(c.guest().range() + " x " + c.overlap()));
        return o.verdict() + " " + lines;
    }

    @Test
    void everyShippedHostRoundTripsThroughCollect() throws Exception {
        Path layoutFile = Files.writeString(dir.resolve("gpu.layout"), "0x0 0x7fffffff ram low\n0x100000000 0x2ffffffff ram high\n"
                + "0x382800000000 0x382bffffffff bar gpu-bar1\n");
        List<Path> hosts = shipped();
        assertTrue(hosts.size() >= 8, "models/hosts/ lists " + hosts);
        int cases = 0;
        for (Path p : hosts) {
            String name = p.getFileName().toString().replace(".yaml", "");
            Host shippedHost = HostLoader.load(p);
            Path root = dir.resolve(name);
            tree(root, shippedHost, name);
            HostCollector.Collected c = HostCollector.fromRoot(root, null, name);
            Path file = InstanceWriter.writeNew(dir.resolve("collected"), name + ".yaml", InstanceWriter.hostYaml(c.host(), c.warnings()));
            Host fromFile = HostLoader.load(file);
            Host fromTree = HostLoader.load(root.resolve("sys"));
            assertEquals(norm(c.host()), norm(fromFile), name + ": the file must hold everything collect read");
            assertEquals(norm(fromTree), norm(fromFile), name);
            assertEquals(HostSemantics.resolve(fromTree).notes(), HostSemantics.resolve(fromFile).notes(), name);
            for (Guest g : guests(layoutFile)) {
                String what = name + " / " + g;
                GuestLayout onTree = layout(g, fromTree);
                GuestLayout onFile = layout(g, fromFile);
                assertEquals(onTree, onFile, what);
                CheckOutcome a = check(fromTree, onTree, g.p2p());
                CheckOutcome b = check(fromFile, onFile, g.p2p());
                assertEquals(answer(a), answer(b), what);
                CheckOutcome s = check(shippedHost, layout(g, shippedHost.facts().isEmpty() ? fromTree : shippedHost), g.p2p());
                assertEquals(ranges(s), ranges(a), what + ": shipped file against its tree");
                cases++;
            }
        }
        assertEquals(hosts.size() * 6, cases);
    }

    @Test
    void theRaptorLakeTreeNeedsNoHandWrittenAperture() throws Exception {
        Host shippedHost = HostLoader.load(Path.of("../models/hosts/intel-raptorlake-39bit.yaml"));
        assertFalse(shippedHost.aperture().isFull(), "the shipped file hand-writes aperture-bits: 39");
        tree(dir.resolve("r"), shippedHost, "intel-raptorlake-39bit");
        Host collected = HostCollector.fromRoot(dir.resolve("r"), null, "r").host();
        assertTrue(collected.aperture().isFull());
        assertEquals(39, collected.unit("unit").widthBits());
        assertEquals("unit", collected.groups().get(0).unit());
    }

    /** Everything of a host but sources and the name, one line per fact. */
    static String norm(Host h) {
        List<String> out = new ArrayList<>();
        out.add("aperture " + h.aperture().valid() + " backend " + h.backend() + " relaxable " + h.relaxable());
        h.units().forEach(u -> out.add("unit " + u.name() + " " + u.kind() + " " + u.widthBits() + " " + u.from()));
        out.add("facts " + new org.iovacheck.model.HostFacts(h.facts().cpuVendor(), h.facts().physBits(), h.facts().kernelRelease(),
                h.facts().iommufd(), h.facts().vfio(), h.facts().interrupts(), List.of()));
        h.facts().hostBridgeWindows().forEach(w -> out.add("host-bridge " + w.range() + " " + w.name()));
        h.bridgeWindows().forEach(w -> out.add("window " + w.range() + " " + w.group() + " " + w.name()));
        for (var g : h.groups()) {
            out.add("group " + g.id() + " unit " + g.unit() + " devices " + g.devices());
            g.regions().forEach(r -> out.add("  " + r.range() + " " + r.type()));
        }
        return String.join("\n", out);
    }

}
