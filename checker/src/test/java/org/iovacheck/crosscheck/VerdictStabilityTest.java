package org.iovacheck.crosscheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.iovacheck.engine.CheckOutcome;
import org.iovacheck.engine.CheckRunner;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engines;
import org.iovacheck.format.HostLoader;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Aperture;
import org.iovacheck.model.Backend;
import org.iovacheck.model.BridgeWindow;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Group;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.MsiKind;
import org.iovacheck.model.MsiOverride;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.preset.Guests;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: semantically equal inputs give the same verdict and the same conflicts. Every shipped host and random hosts are
 * rewritten at random (key and group order, comments, whitespace, quoting, hex case and width, decimal addresses, inline text
 * or files or a sysfs tree, a lone sysfs file or a tree when the host has nothing else) and checked against several guests.
 */
class VerdictStabilityTest {
    @TempDir
    Path dir;

    private static final String[][] GUESTS = {{"qemu-virt", "1G"}, {"qemu-virt", "4G"}, {"qemu-virt", "64G"}, {"qemu-q35", "4G"},
        {"qemu-q35", "64G"}};

    private int written;

    @Test
    void shippedAndRandomHostsKeepTheirVerdictUnderRewriting() throws Exception {
        long seed = Seeds.seed("VerdictStabilityTest");
        Random rnd = new Random(seed);
        List<GuestLayout> guests = new ArrayList<>();
        for (String[] g : GUESTS) {
            guests.add(Guests.resolve(g[0], PresetArgs.of(g[1], List.of())));
        }
        List<Host> hosts = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("../models/hosts"))) {
            for (Path p : s.sorted().toList()) {
                hosts.add(HostLoader.load(p));
            }
        }
        assertTrue(hosts.size() >= 8, "every shipped host: " + hosts.size());
        for (int i = 0; i < 60; i++) {
            hosts.add(randomHost(rnd, i));
        }
        int compared = 0;
        for (Host h : hosts) {
            List<String> want = signatures(h, guests);
            for (int v = 0; v < 6; v++) {
                Path input = variant(h, rnd);
                Host back;
                try {
                    back = HostLoader.load(input);
                } catch (InputException e) {
                    throw new AssertionError("seed " + seed + ": a rewrite of " + h.name() + " does not read: " + e.getMessage() + "\n"
                            + (Files.isRegularFile(input) ? Files.readString(input) : input.toString()), e);
                }
                assertEquals(want, signatures(back, guests), "seed " + seed + ": rewrite " + input + " of " + h.name() + ":\n"
                        + (Files.isRegularFile(input) ? Files.readString(input) : "(a tree)"));
                compared++;
            }
        }
        System.out.println("VerdictStabilityTest: " + hosts.size() + " hosts, " + compared + " rewrites, " + compared * guests.size() + " checks");
    }

    /** Per guest: the verdict, each conflict (guest region, host range, type, group, name, overlap) and the blocker count. */
    private static List<String> signatures(Host h, List<GuestLayout> guests) {
        var rh = HostSemantics.resolve(h, false);
        List<String> out = new ArrayList<>();
        for (GuestLayout g : guests) {
            CheckOutcome o = CheckRunner.run(CheckQuery.of(rh, g, false), Engines.select("interval"), Budget.unlimited());
            List<String> cs = new ArrayList<>(o.conflicts().stream().map(c -> c.guest().name() + " " + c.guest().range() + " | "
                    + c.reserved().range() + " " + c.reserved().type() + " " + c.reserved().group() + " " + c.reserved().name() + " | "
                    + c.overlap()).toList());
            cs.sort(null);
            out.add(g.origin() + ": " + o.verdict() + " blockers " + o.blockers().size() + " " + cs);
        }
        return out;
    }

    private static Host randomHost(Random rnd, int index) {
        RegionType[] types = {RegionType.DIRECT, RegionType.DIRECT_RELAXABLE, RegionType.RESERVED, RegionType.MSI, RegionType.MSI};
        List<Group> groups = new ArrayList<>();
        List<MsiOverride> overrides = new ArrayList<>();
        int ng = 1 + rnd.nextInt(3);
        for (int gi = 0; gi < ng; gi++) {
            String id = Integer.toString(gi * 7 + rnd.nextInt(7));
            List<ReservedRegion> rs = new ArrayList<>();
            int nr = rnd.nextInt(5);
            for (int k = 0; k < nr; k++) {
                long first;
                long last;
                switch (rnd.nextInt(4)) {
                    case 0 -> {
                        first = 0x8000000L;
                        last = 0x80fffffL;
                    }
                    case 1 -> {
                        first = (long) rnd.nextInt(1 << 20) << 12;
                        last = first + ((long) (1 + rnd.nextInt(4096)) << 12) - 1;
                    }
                    case 2 -> {
                        first = (1L << (36 + rnd.nextInt(5))) + ((long) rnd.nextInt(1 << 16) << 16);
                        last = first + (1L << 20) - 1;
                    }
                    default -> {
                        first = 0xfee00000L;
                        last = 0xfeefffffL;
                    }
                }
                RegionType t = types[rnd.nextInt(types.length)];
                rs.add(new ReservedRegion(new Range(first, last), t, id, null, Source.BUILTIN));
                if (t == RegionType.MSI && rnd.nextInt(3) == 0) {
                    overrides.add(new MsiOverride(new Range(first, last), rnd.nextBoolean() ? MsiKind.HARDWARE : MsiKind.SOFTWARE,
                            rnd.nextBoolean() ? id : null, Source.BUILTIN));
                }
            }
            if (groups.stream().noneMatch(g -> g.id().equals(id))) {
                groups.add(new Group(id, rs, Source.BUILTIN));
            }
        }
        // an override naming a group applies there only; keep one override per range and group, as a host file would
        List<MsiOverride> kept = new ArrayList<>();
        for (MsiOverride o : overrides) {
            boolean inGroup = groups.stream().anyMatch(g -> (o.group() == null || g.id().equals(o.group()))
                    && g.regions().stream().anyMatch(r -> r.type() == RegionType.MSI && r.range().equals(o.range())));
            if (inGroup && kept.stream().noneMatch(k -> k.range().equals(o.range()))) {
                kept.add(o);
            }
        }
        List<BridgeWindow> windows = new ArrayList<>();
        String[] names = {null, "root port 0000:00:01.0", "it's #1", "a: b", "plain-name"};
        for (int w = rnd.nextInt(3); w > 0; w--) {
            long first = 0x80000000L + ((long) rnd.nextInt(64) << 24);
            windows.add(new BridgeWindow(new Range(first, first + (1L << 24) - 1), rnd.nextBoolean() ? null : groups.get(0).id(),
                    names[rnd.nextInt(names.length)], Source.BUILTIN));
        }
        Aperture ap = switch (rnd.nextInt(3)) {
            case 0 -> Aperture.full();
            case 1 -> Aperture.bits(36 + rnd.nextInt(13));
            default -> new Aperture(List.of(new Range(0, 0xfedfffffL), new Range(0xfef00000L, (1L << (39 + rnd.nextInt(8))) - 1)), "valid");
        };
        return new Host("random-" + index, groups, ap, windows, rnd.nextBoolean() ? Backend.VFIO_TYPE1 : Backend.IOMMUFD,
                rnd.nextBoolean() ? RelaxablePolicy.KERNEL : RelaxablePolicy.STRICT, kept, Source.BUILTIN);
    }

    private static boolean plainHost(Host h) {
        return h.aperture().isFull() && h.bridgeWindows().isEmpty() && h.msiOverrides().isEmpty() && h.backend() == Backend.VFIO_TYPE1
                && h.relaxable() == RelaxablePolicy.KERNEL && h.groups().stream().allMatch(g -> g.id().matches("\\d+"));
    }

    /** Writes one rewrite of {@code h} under a fresh folder and returns what --host would be given. */
    private Path variant(Host h, Random rnd) throws Exception {
        Path base = Files.createDirectories(dir.resolve("v" + (written++)));
        int form = rnd.nextInt(plainHost(h) ? 4 : 2);
        if (form == 2 && h.groups().size() == 1) {
            Group g = h.groups().get(0);
            Path f = Files.createDirectories(base.resolve(g.id())).resolve("reserved_regions");
            Files.writeString(f, sysfs(g, rnd, ""));
            return f;
        }
        if (form >= 2) {
            Path root = rnd.nextBoolean() ? base : base.resolve(rnd.nextBoolean() ? "iommu_groups" : "sys/kernel/iommu_groups");
            for (Group g : h.groups()) {
                Path f = Files.createDirectories(root.resolve(g.id())).resolve("reserved_regions");
                Files.writeString(f, sysfs(g, rnd, ""));
            }
            return root.toString().endsWith("sys/kernel/iommu_groups") ? base.resolve("sys") : root;
        }
        return yaml(h, rnd, base);
    }

    private static String hex(long v, Random rnd) {
        String digits = Long.toHexString(v);
        int pad = rnd.nextInt(3) == 0 ? 16 : rnd.nextInt(3) == 0 ? digits.length() + rnd.nextInt(3) : digits.length();
        StringBuilder sb = new StringBuilder(rnd.nextInt(4) == 0 ? "0X" : "0x");
        for (int i = digits.length(); i < pad; i++) {
            sb.append('0');
        }
        for (char c : digits.toCharArray()) {
            sb.append(rnd.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return sb.toString();
    }

    private static String address(long v, Random rnd) {
        return v >= 0 && rnd.nextInt(4) == 0 ? Long.toString(v) : hex(v, rnd);
    }

    private static String space(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> "  ";
            case 1 -> "\t";
            case 2 -> " \t ";
            default -> " ";
        };
    }

    /** A group's lines as sysfs text, reordered when order cannot matter, with comments, blank lines and odd spacing. */
    private static String sysfs(Group g, Random rnd, String indent) {
        List<ReservedRegion> rs = new ArrayList<>(g.regions());
        if (rs.stream().noneMatch(r -> r.range().last() == -1L)) {
            java.util.Collections.shuffle(rs, rnd);
        }
        StringBuilder sb = new StringBuilder();
        if (rnd.nextInt(3) == 0) {
            sb.append(indent).append("# group ").append(g.id()).append(" as sysfs prints it\n");
        }
        for (ReservedRegion r : rs) {
            if (rnd.nextInt(5) == 0) {
                sb.append('\n');
            }
            sb.append(indent).append(indent.isEmpty() && rnd.nextInt(5) == 0 ? " " : "").append(hex(r.range().first(), rnd)).append(space(rnd))
                    .append(hex(r.range().last(), rnd)).append(space(rnd)).append(r.type().label())
                    .append(rnd.nextInt(5) == 0 ? "   # note" : rnd.nextInt(5) == 0 ? " " : "").append('\n');
        }
        return sb.toString();
    }

    private static String scalar(String s, Random rnd) {
        if (s.matches("[A-Za-z0-9][A-Za-z0-9._-]*") && rnd.nextBoolean()) {
            return s;
        }
        return rnd.nextBoolean() ? "'" + s.replace("'", "''") + "'" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String range(Range r, Random rnd) {
        return address(r.first(), rnd) + "-" + address(r.last(), rnd);
    }

    private static String colon(Random rnd) {
        return rnd.nextInt(4) == 0 ? ":   " : ": ";
    }

    private Path yaml(Host h, Random rnd, Path base) throws Exception {
        List<String> blocks = new ArrayList<>();
        blocks.add("name" + colon(rnd) + scalar(h.name(), rnd) + "\n");
        if (h.backend() != Backend.VFIO_TYPE1 || rnd.nextBoolean()) {
            blocks.add("backend" + colon(rnd) + h.backend().label() + "\n");
        }
        if (h.relaxable() != RelaxablePolicy.KERNEL || rnd.nextBoolean()) {
            blocks.add("relaxable" + colon(rnd) + h.relaxable().label() + "\n");
        }
        List<Range> valid = h.aperture().valid();
        if (valid.size() == 1 && valid.get(0).first() == 0 && Long.bitCount(valid.get(0).last() + 1) <= 1 && rnd.nextBoolean()) {
            int bits = valid.get(0).last() == -1L ? 64 : Long.numberOfTrailingZeros(valid.get(0).last() + 1);
            if (bits < 64 || rnd.nextBoolean()) {
                blocks.add("aperture-bits" + colon(rnd) + bits + "\n");
            }
        } else if (!h.aperture().isFull()) {
            StringBuilder sb = new StringBuilder("valid-iova:\n");
            for (Range r : valid) {
                sb.append("  - ").append(range(r, rnd)).append('\n');
            }
            blocks.add(sb.toString());
        }
        List<Group> groups = new ArrayList<>(h.groups());
        java.util.Collections.shuffle(groups, rnd);
        List<Group> tree = new ArrayList<>();
        StringBuilder gs = new StringBuilder("groups:\n");
        int inList = 0;
        for (Group g : groups) {
            if (g.id().matches("\\d+") && rnd.nextInt(3) == 0) {
                tree.add(g);
                continue;
            }
            inList++;
            List<String> fields = new ArrayList<>();
            fields.add("id" + colon(rnd) + scalar(g.id(), rnd) + "\n");
            if (rnd.nextBoolean()) {
                Path f = Files.createDirectories(base.resolve("files")).resolve("g" + g.id());
                Files.writeString(f, sysfs(g, rnd, ""));
                fields.add("file" + colon(rnd) + scalar("files/g" + g.id(), rnd) + "\n");
            } else {
                String indent = " ".repeat(6 + rnd.nextInt(3));
                String body = sysfs(g, rnd, indent);
                fields.add("reserved-regions: |\n" + (body.isBlank() ? indent + "# none\n" : body));
            }
            java.util.Collections.shuffle(fields, rnd);
            gs.append("  - ").append(String.join("    ", fields));
        }
        if (inList > 0) {
            blocks.add(gs.toString());
        }
        if (!tree.isEmpty()) {
            for (Group g : tree) {
                Path f = Files.createDirectories(base.resolve("snapshot/iommu_groups").resolve(g.id())).resolve("reserved_regions");
                Files.writeString(f, sysfs(g, rnd, ""));
            }
            blocks.add("sysfs" + colon(rnd) + scalar(rnd.nextBoolean() ? "snapshot" : "snapshot/iommu_groups", rnd) + "\n");
        }
        if (!h.msiOverrides().isEmpty()) {
            List<MsiOverride> os = new ArrayList<>(h.msiOverrides());
            java.util.Collections.shuffle(os, rnd);
            StringBuilder sb = new StringBuilder("msi:\n");
            for (MsiOverride o : os) {
                List<String> f = new ArrayList<>();
                f.add("range: " + range(o.range(), rnd));
                f.add("kind: " + o.kind().label());
                if (o.group() != null) {
                    f.add("group: " + scalar(o.group(), rnd));
                }
                java.util.Collections.shuffle(f, rnd);
                sb.append(rnd.nextBoolean() ? "  - {" + String.join(", ", f) + "}\n" : "  - " + String.join("\n    ", f) + "\n");
            }
            blocks.add(sb.toString());
        }
        if (!h.bridgeWindows().isEmpty()) {
            List<BridgeWindow> ws = new ArrayList<>(h.bridgeWindows());
            java.util.Collections.shuffle(ws, rnd);
            StringBuilder sb = new StringBuilder("bridge-windows:\n");
            for (BridgeWindow w : ws) {
                List<String> f = new ArrayList<>();
                f.add("range: " + range(w.range(), rnd));
                if (w.group() != null) {
                    f.add("group: " + scalar(w.group(), rnd));
                }
                if (w.name() != null) {
                    f.add("name: " + (w.name().matches("[A-Za-z0-9._-]+") ? scalar(w.name(), rnd) : "'" + w.name().replace("'", "''") + "'"));
                }
                java.util.Collections.shuffle(f, rnd);
                sb.append("  - ").append(String.join("\n    ", f)).append('\n');
            }
            blocks.add(sb.toString());
        }
        java.util.Collections.shuffle(blocks, rnd);
        StringBuilder y = new StringBuilder();
        if (rnd.nextBoolean()) {
            y.append("# a rewrite of ").append(h.name()).append("\n\n");
        }
        for (String b : blocks) {
            y.append(b);
            if (rnd.nextInt(3) == 0) {
                y.append(rnd.nextBoolean() ? "\n" : "# --\n");
            }
        }
        Path f = base.resolve(rnd.nextBoolean() ? "host.yaml" : "host.yml");
        Files.writeString(f, y);
        return f;
    }
}
