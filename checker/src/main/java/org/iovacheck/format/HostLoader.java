package org.iovacheck.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.iovacheck.model.Aperture;
import org.iovacheck.model.Backend;
import org.iovacheck.model.BridgeWindow;
import org.iovacheck.model.Group;
import org.iovacheck.model.Host;
import org.iovacheck.model.MsiKind;
import org.iovacheck.model.MsiOverride;
import org.iovacheck.model.Range;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;

/**
 * Reads a host: a single sysfs {@code reserved_regions} file or a group folder holding one (one group), a directory holding an
 * {@code iommu_groups/<N>/reserved_regions} tree (or a live {@code /sys}), or a host file (.yaml/.yml) that adds what sysfs hides.
 */
public final class HostLoader {
    /** The message for an empty iommu_groups folder, for check --host and collect alike. */
    public static final String NO_GROUPS = "no IOMMU groups: the IOMMU is off or absent on this machine, so VFIO cannot assign "
            + "any device and there is nothing to check. Enable it in firmware (VT-d, AMD-Vi, SMMU) and on the kernel command "
            + "line: intel_iommu=on on Intel, no amd_iommu=off on AMD; iommu.passthrough=1 (iommu=pt) still makes groups, so it "
            + "is not the cause";

    private static final Set<String> HOST_KEYS = union(Set.of("name", "source", "description", "backend", "relaxable", "aperture-bits",
            "valid-iova", "groups", "sysfs", "msi", "bridge-windows"), HostFileFacts.HOST_KEYS);
    private static final Set<String> GROUP_KEYS = Set.of("id", "reserved-regions", "file", "unit", "devices");
    private static final Set<String> MSI_KEYS = Set.of("range", "kind", "group");
    private static final Set<String> WINDOW_KEYS = Set.of("range", "group", "name");

    private HostLoader() {
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }

    public static Host load(Path path) throws InputException {
        String label = path.toString();
        if (Files.isDirectory(path) && Files.exists(path.resolve("reserved_regions"))) {
            Host one = org.iovacheck.format.collect.HostCollector.groupOfSys(path);
            return one != null ? one : load(path.resolve("reserved_regions"));
        }
        if (Files.isDirectory(path) && org.iovacheck.format.collect.HostCollector.isSysRoot(path)) {
            // a live /sys or a copy of one: the same reader as 'collect' (units, widths, devices, facts from /proc beside it)
            return org.iovacheck.format.collect.HostCollector.fromSys(path, null, dirName(path, label)).host();
        }
        if (Files.isDirectory(path) && org.iovacheck.format.collect.HostCollector.isHostRoot(path)) {
            return org.iovacheck.format.collect.HostCollector.fromRoot(path, null, dirName(path, label)).host();
        }
        if (Files.isDirectory(path)) {
            return Host.ofGroups(path.getFileName() == null ? label : path.getFileName().toString(), readTree(path), new Source(label, 0));
        }
        TextFiles.requireRegularFile(path);
        String name = path.getFileName().toString();
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return readHostFile(path);
        }
        // An empty file is what the kernel prints for a group without reserved regions (iommu_group_show_resv_regions).
        List<ReservedRegion> regions = readSysfs(path, label, groupIdOf(path));
        return Host.ofGroups(name, List.of(new Group(groupIdOf(path), regions, new Source(label, 0))), new Source(label, 0));
    }

    private static String dirName(Path dir, String label) {
        return dir.getFileName() == null ? label : dir.getFileName().toString();
    }

    private static String groupIdOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && parent.getFileName() != null && parent.getFileName().toString().matches("\\d+")) {
            return parent.getFileName().toString();
        }
        return file.getFileName().toString();
    }

    static String readText(Path path) throws InputException {
        return TextFiles.read(path);
    }

    /**
     * The regions of a sysfs reserved_regions file, parsed from its bytes (no String of the text): NUL padding after the last
     * line (what tar writes for sysfs files) is dropped; the other checks of {@link TextFiles} apply.
     */
    static List<ReservedRegion> readSysfs(Path path, String label, String group) throws InputException {
        byte[] bytes = TextFiles.readBytes(path);
        int n = TextFiles.checkText(bytes, label, TextFiles.Padding.ALLOW_TRAILING_NUL);
        return SysfsParser.parse(bytes, n, label, 1, group);
    }

    /**
     * Orders strings of decimal digits by their value, whatever their length (a folder named with 20 digits does not fit in a
     * long); equal values (leading zeros) are equal here.
     */
    public static final Comparator<String> DECIMAL_ORDER = (a, b) -> {
        String x = a.replaceFirst("^0+(?=.)", "");
        String y = b.replaceFirst("^0+(?=.)", "");
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    };

    /** The groups of an iommu_groups tree, numerically ordered; accepts the tree itself, its parent, or a /sys root. */
    public static List<Group> readTree(Path dir) throws InputException {
        Path groupsDir = dir;
        if (Files.isDirectory(dir.resolve("kernel").resolve("iommu_groups"))) {
            groupsDir = dir.resolve("kernel").resolve("iommu_groups");
        } else if (Files.isDirectory(dir.resolve("iommu_groups"))) {
            groupsDir = dir.resolve("iommu_groups");
        }
        List<Path> groupDirs;
        try (Stream<Path> s = Files.list(groupsDir)) {
            groupDirs = s.filter(p -> Files.exists(p.resolve("reserved_regions"))).sorted(Comparator
                    .comparing((Path p) -> !p.getFileName().toString().matches("\\d+"))
                    .thenComparing(p -> p.getFileName().toString().matches("\\d+") ? p.getFileName().toString() : "", DECIMAL_ORDER)
                    .thenComparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new InputException(dir.toString(), 0, "cannot list directory: " + e.getMessage());
        }
        if (groupDirs.isEmpty()) {
            if (groupsDir.getFileName() != null && groupsDir.getFileName().toString().equals("iommu_groups")) {
                // The kernel creates /sys/kernel/iommu_groups whether or not an IOMMU is on (drivers/iommu/iommu.c, iommu_init)
                // and a group in it only for a device that an IOMMU driver has probed (iommu_group_alloc).
                throw new InputException(groupsDir.toString(), 0, NO_GROUPS);
            }
            throw new InputException(dir.toString(), 0,
                    "no iommu group found (expected <dir>/<N>/reserved_regions, <dir>/iommu_groups/<N>/reserved_regions or a /sys root)");
        }
        List<Group> groups = new ArrayList<>();
        for (Path g : groupDirs) {
            Path f = g.resolve("reserved_regions");
            String id = g.getFileName().toString();
            groups.add(new Group(id, readSysfs(f, f.toString(), id), new Source(f.toString(), 0)));
        }
        return groups;
    }

    private static Host readHostFile(Path path) throws InputException {
        return parseHostFile(readText(path), path.toString(), path.toAbsolutePath().getParent(),
                path.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
    }

    /**
     * Reads the text of a host file named {@code label}; relative {@code file:} and {@code sysfs:} paths start at {@code base};
     * {@code defaultName} names the host when the file does not.
     */
    public static Host parseHostFile(String text, String label, Path base, String defaultName) throws InputException {
        return parseHostFile(YamlNode.parse(text, label), label, base, defaultName);
    }

    /** The line of the host's {@code name:} value in the parsed host file {@code root}, or 0 when it has none. */
    static int nameLine(YamlNode root) throws InputException {
        YamlNode n = root.map(HOST_KEYS).get("name");
        return n == null ? 0 : n.line();
    }

    /** As {@link #parseHostFile(String, String, Path, String)}, from the parsed document. */
    static Host parseHostFile(YamlNode root, String label, Path base, String defaultName) throws InputException {
        Map<String, YamlNode> m = root.map(HOST_KEYS);
        String name = m.containsKey("name") ? m.get("name").string() : defaultName;

        Backend backend = YamlNode.backend(m);
        RelaxablePolicy relaxable = YamlNode.relaxable(m);

        Aperture aperture = Aperture.full();
        if (m.containsKey("aperture-bits") && m.containsKey("valid-iova")) {
            throw m.get("valid-iova").error("give aperture-bits or valid-iova, not both");
        }
        if (m.containsKey("aperture-bits")) {
            aperture = Aperture.bits(m.get("aperture-bits").integer(1, 64));
        } else if (m.containsKey("valid-iova")) {
            aperture = validIova(m.get("valid-iova"));
        }

        List<org.iovacheck.model.IommuUnit> units = HostFileFacts.units(m);
        org.iovacheck.model.HostFacts facts = HostFileFacts.facts(m);
        List<Group> groups = new ArrayList<>();
        if (m.containsKey("sysfs")) {
            YamlNode s = m.get("sysfs");
            Path tree = base.resolve(s.string());
            if (!Files.isDirectory(tree)) {
                throw s.error("sysfs: '" + s.string() + "' is not a directory (relative paths start at the host file's folder)");
            }
            groups.addAll(readTree(tree));
        }
        // where each id was given first, for the error about a second one (in this file, even when the group's text is a file)
        Map<String, String> ids = new java.util.HashMap<>();
        for (Group g : groups) {
            ids.put(g.id(), "in the sysfs tree");
        }
        if (m.containsKey("groups")) {
            for (YamlNode gn : m.get("groups").list()) {
                Group g = group(gn, base, units);
                String first = ids.putIfAbsent(g.id(), "at line " + gn.line());
                if (first != null) {
                    throw gn.error("group id '" + g.id() + "' appears twice (first " + first + ")");
                }
                groups.add(g);
            }
        }
        if (groups.isEmpty()) {
            throw root.error("the host has no groups: give 'groups' (inline reserved_regions text or a file) or 'sysfs' (a tree)");
        }

        List<MsiOverride> overrides = new ArrayList<>();
        if (m.containsKey("msi")) {
            for (YamlNode on : m.get("msi").list()) {
                Map<String, YamlNode> om = on.map(MSI_KEYS);
                Range r = required(om, "range", on).range();
                YamlNode kn = required(om, "kind", on);
                MsiKind kind = MsiKind.fromLabel(kn.string());
                if (kind == null) {
                    throw kn.error("unknown msi kind '" + kn.string() + "' (expected hardware or software)");
                }
                String g = om.containsKey("group") ? om.get("group").string() : null;
                if (g != null && !ids.containsKey(g)) {
                    throw om.get("group").error("no group '" + g + "' in this host");
                }
                boolean matches = groups.stream().anyMatch(gr -> (g == null || gr.id().equals(g))
                        && gr.regions().stream().anyMatch(rr -> rr.type() == org.iovacheck.model.RegionType.MSI && rr.range().equals(r)));
                if (!matches) {
                    throw on.error("no msi line at exactly " + r + (g == null ? "" : " in group " + g) + " to decide");
                }
                overrides.add(new MsiOverride(r, kind, g, new Source(label, on.line())));
            }
        }

        List<BridgeWindow> windows = new ArrayList<>();
        if (m.containsKey("bridge-windows")) {
            for (YamlNode wn : m.get("bridge-windows").list()) {
                Map<String, YamlNode> wm = wn.map(WINDOW_KEYS);
                Range r = required(wm, "range", wn).range();
                String g = wm.containsKey("group") ? wm.get("group").string() : null;
                if (g != null && !ids.containsKey(g)) {
                    throw wm.get("group").error("no group '" + g + "' in this host");
                }
                windows.add(new BridgeWindow(r, g, wm.containsKey("name") ? wm.get("name").string() : null, new Source(label, wn.line())));
            }
        }
        return new Host(name, groups, aperture, windows, backend, relaxable, overrides, new Source(label, 0), units, facts);
    }

    private static Aperture validIova(YamlNode n) throws InputException {
        List<Range> rs = new ArrayList<>();
        for (YamlNode r : n.list()) {
            Range range = r.range();
            if (!rs.isEmpty()) {
                Range prev = rs.get(rs.size() - 1);
                if (range.touches(prev) || org.iovacheck.model.U64.lt(range.first(), prev.first())) {
                    throw r.error("valid IOVA range " + range + " overlaps, touches or precedes " + prev
                            + " (list them sorted and apart, as the kernel reports them)");
                }
            }
            rs.add(range);
        }
        if (rs.isEmpty()) {
            throw n.error("valid-iova lists no range");
        }
        return new Aperture(rs, "valid IOVA ranges from the host file (" + rs.size() + ")");
    }

    private static Group group(YamlNode gn, Path base, List<org.iovacheck.model.IommuUnit> units) throws InputException {
        Map<String, YamlNode> gm = gn.map(GROUP_KEYS);
        String id = required(gm, "id", gn).string();
        if (gm.containsKey("reserved-regions") == gm.containsKey("file")) {
            throw gn.error("group '" + id + "': give exactly one of 'reserved-regions' (inline text) or 'file' (a reserved_regions file)");
        }
        List<ReservedRegion> regions;
        Source src;
        if (gm.containsKey("file")) {
            YamlNode fn = gm.get("file");
            Path f = base.resolve(fn.string());
            if (Files.isDirectory(f)) {
                throw fn.error("group '" + id + "': '" + fn.string() + "' is a directory; 'file' names a reserved_regions file "
                        + "(for a whole tree use 'sysfs')");
            }
            if (!Files.exists(f)) {
                throw fn.error("group '" + id + "': no file '" + fn.string() + "' (relative paths start at the host file's folder)");
            }
            regions = readSysfs(f, f.toString(), id);
            src = new Source(f.toString(), 0);
        } else {
            YamlNode tn = gm.get("reserved-regions");
            regions = SysfsParser.parse(tn.string(), gn.file(), tn.contentLine(), id);
            src = new Source(gn.file(), gn.line());
        }
        String unit = null;
        if (gm.containsKey("unit")) {
            unit = gm.get("unit").string();
            String u = unit;
            if (units.stream().noneMatch(x -> x.name().equals(u))) {
                throw gm.get("unit").error("group '" + id + "': no IOMMU unit '" + unit + "' under iommu-units");
            }
        }
        List<org.iovacheck.model.PciDevice> devices = gm.containsKey("devices") ? HostFileFacts.devices(gm.get("devices")) : List.of();
        return new Group(id, regions, src, unit, devices);
    }

    private static YamlNode required(Map<String, YamlNode> m, String key, YamlNode owner) throws InputException {
        YamlNode n = m.get(key);
        if (n == null) {
            throw owner.error("missing '" + key + "'");
        }
        return n;
    }
}
