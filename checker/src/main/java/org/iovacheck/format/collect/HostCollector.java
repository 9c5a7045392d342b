package org.iovacheck.format.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.iovacheck.format.InputException;
import org.iovacheck.format.SysfsParser;
import org.iovacheck.format.TextFiles;
import org.iovacheck.model.Aperture;
import org.iovacheck.model.Backend;
import org.iovacheck.model.BridgeWindow;
import org.iovacheck.model.Group;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostFacts;
import org.iovacheck.model.InterruptIsolation;
import org.iovacheck.model.IommuUnit;
import org.iovacheck.model.Known;
import org.iovacheck.model.PciDevice;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.Source;

/**
 * Reads a whole host from a live system or a copied tree: IOMMU groups with their devices and units, unit widths, bridge windows,
 * CPU, kernel and interrupt facts. The one reader behind {@code collect} and {@code check --host /sys} (docs/live-host.md).
 * Absent or unreadable files become warnings and unknown facts; a tree without IOMMU groups is an input error.
 */
public final class HostCollector {
    private HostCollector() {
    }

    /** Immutable; the host read and the warnings about what could not be read. */
    public record Collected(Host host, List<String> warnings) {
    }

    /** True when {@code dir} is a sysfs root ({@code kernel/} beside {@code devices/} or {@code class/}, or {@code kernel/iommu_groups}). */
    public static boolean isSysRoot(Path dir) {
        return Files.isDirectory(dir.resolve("kernel").resolve("iommu_groups"))
                || (Files.isDirectory(dir.resolve("kernel")) && (Files.isDirectory(dir.resolve("devices")) || Files.isDirectory(dir.resolve("class"))));
    }

    /** True when {@code dir} is a filesystem root holding a sysfs root under {@code sys/}. */
    public static boolean isHostRoot(Path dir) {
        return isSysRoot(dir.resolve("sys"));
    }

    /** A host from a root holding {@code sys/}, {@code proc/} and {@code dev/} ("/" for the live machine). */
    public static Collected fromRoot(Path root, Path dmesg, String name) throws InputException {
        return collect(root.resolve("sys"), root.resolve("proc"), root.resolve("dev"), dmesg, name);
    }

    /** A host from a sysfs root; /proc and /dev are looked for beside it. */
    public static Collected fromSys(Path sys, Path dmesg, String name) throws InputException {
        Path parent = sys.toAbsolutePath().getParent();
        Path base = parent == null ? sys : parent;
        return collect(sys, base.resolve("proc"), base.resolve("dev"), dmesg, name);
    }

    /**
     * A group folder inside a sysfs tree ({@code .../kernel/iommu_groups/N}) as a host of that one group, with its unit, devices,
     * bridge windows and the host's facts (so {@code hotadd --device /sys/kernel/iommu_groups/N} knows the group's aperture);
     * null when the folder is not inside such a tree.
     */
    public static Host groupOfSys(Path groupDir) throws InputException {
        Path abs = groupDir.toAbsolutePath().normalize();
        Path groups = abs.getParent();
        Path kernel = groups == null ? null : groups.getParent();
        Path sys = kernel == null ? null : kernel.getParent();
        if (sys == null || !groups.getFileName().toString().equals("iommu_groups") || !kernel.getFileName().toString().equals("kernel")
                || !abs.getFileName().toString().matches("\\d+") || !isSysRoot(sys)) {
            return null;
        }
        Host all = fromSys(sys, null, abs.getFileName().toString()).host();
        String id = abs.getFileName().toString();
        List<Group> one = all.groups().stream().filter(g -> g.id().equals(id)).toList();
        return new Host(all.name(), one, all.aperture(), all.bridgeWindows().stream().filter(w -> id.equals(w.group())).toList(),
                all.backend(), all.relaxable(), List.of(), all.source(),
                all.units().stream().filter(u -> one.stream().anyMatch(g -> u.name().equals(g.unit()))).toList(), all.facts());
    }

    public static Collected collect(Path sys, Path proc, Path dev, Path dmesg, String name) throws InputException {
        Reads r = new Reads();
        Path groupsDir = sys.resolve("kernel").resolve("iommu_groups");
        List<Path> groupDirs = groupDirs(groupsDir);
        String release = r.line(proc.resolve("sys").resolve("kernel").resolve("osrelease")).orElse(null);
        String cmdline = r.line(proc.resolve("cmdline")).orElse(null);
        ProcReader.Cpu cpu = ProcReader.cpu(r, proc);
        String dmesgText = null;
        List<DmesgReader.SmmuLine> smmu = List.of();
        if (dmesg != null) {
            if (!Files.isRegularFile(dmesg)) {
                throw InputException.option("--dmesg", "'" + dmesg + "' is not a file");
            }
            dmesgText = r.text(dmesg).orElseThrow(() -> InputException.option("--dmesg", "cannot read '" + dmesg + "'"));
            smmu = DmesgReader.smmu(dmesgText, dmesg.toString());
        }
        UnitReader.Context ctx = new UnitReader.Context(scalableMode(cmdline), cmdline != null && cmdline.matches(".*\\bamd_iommu=\\S*pgtbl_v2.*"),
                cpu.flags().contains("la57"), upTo612(release), smmu, dmesg == null ? null : dmesg.toString());
        List<IommuUnit> units = UnitReader.read(r, sys, ctx);

        List<ProcReader.BusWindow> windows = ProcReader.busWindows(r, proc);
        Set<String> rootBuses = new LinkedHashSet<>();
        List<Group> groups = new ArrayList<>();
        List<BridgeWindow> bridgeWindows = new ArrayList<>();
        for (Path g : groupDirs) {
            String id = g.getFileName().toString();
            Path rr = g.resolve("reserved_regions");
            // as every reserved_regions reader does: bounded size, UTF-8, trailing NUL padding of tar snapshots dropped
            String text = TextFiles.read(rr, TextFiles.Padding.ALLOW_TRAILING_NUL);
            List<PciDevice> devices = new ArrayList<>();
            String unit = null;
            Map<String, String> owners = new LinkedHashMap<>();
            for (Path d : list(g.resolve("devices"), r)) {
                DeviceReader.Read read = DeviceReader.read(r, d);
                devices.add(read.device());
                if (read.unit() != null) {
                    if (unit != null && !unit.equals(read.unit())) {
                        r.warn(g + ": devices behind different IOMMU units (" + unit + ", " + read.unit() + "); the first is used");
                    } else {
                        unit = read.unit();
                    }
                }
                List<String> p = read.pciPath();
                for (int k = 1; k < p.size(); k++) {
                    if (!DeviceReader.isBdf(p.get(k))) {
                        continue;
                    }
                    String bus = DeviceReader.busOf(p.get(k));
                    if (DeviceReader.isBdf(p.get(k - 1))) {
                        owners.putIfAbsent(bus, p.get(k - 1));
                    } else {
                        rootBuses.add(bus);
                    }
                }
            }
            String unitOfGroup = unit;
            if (unit != null && units.stream().noneMatch(u -> u.name().equals(unitOfGroup))) {
                r.warn(g + ": its devices name IOMMU unit " + unit + ", which /sys/class/iommu does not list; width unknown");
            }
            groups.add(new Group(id, SysfsParser.parse(text, rr.toString(), 1, id), new Source(rr.toString(), 0), unit, devices));
            if (windows != null) {
                for (Map.Entry<String, String> o : owners.entrySet()) {
                    for (ProcReader.BusWindow w : windows) {
                        if (w.bus().equals(o.getKey())) {
                            bridgeWindows.add(new BridgeWindow(w.range(), id, "bridge " + o.getValue() + " window (PCI Bus " + w.bus()
                                    + ", /proc/iomem): peer-to-peer below the bridge unless ACS redirects", new Source(proc.resolve("iomem").toString(), 0)));
                        }
                    }
                }
            }
        }
        List<BridgeWindow> hostBridge = new ArrayList<>();
        if (windows != null) {
            for (ProcReader.BusWindow w : windows) {
                if (w.topLevel() || rootBuses.contains(w.bus())) {
                    hostBridge.add(new BridgeWindow(w.range(), null, "host bridge window (PCI Bus " + w.bus() + ")",
                            new Source(proc.resolve("iomem").toString(), 0)));
                }
            }
        }
        InterruptIsolation irq = isolation(r, proc, sys, dmesgText);
        HostFacts facts = new HostFacts(cpu.vendor(), cpu.physBits(), release, present(dev.resolve("iommu"), dev),
                present(dev.resolve("vfio").resolve("vfio"), dev), irq, hostBridge);
        Host host = new Host(name, groups, Aperture.full(), bridgeWindows, Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, List.of(),
                new Source(sys.toString(), 0), units, facts);
        return new Collected(host, r.warnings());
    }

    private static List<Path> groupDirs(Path groupsDir) throws InputException {
        if (!Files.isDirectory(groupsDir)) {
            throw new InputException(groupsDir.toString(), 0, NO_GROUPS);
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(groupsDir)) {
            dirs = s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("\\d+"))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString(), org.iovacheck.format.HostLoader.DECIMAL_ORDER)
                            .thenComparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new InputException(groupsDir.toString(), 0, "cannot list the IOMMU groups: " + e.getMessage());
        }
        if (dirs.isEmpty()) {
            throw new InputException(groupsDir.toString(), 0, NO_GROUPS);
        }
        for (Path d : dirs) {
            if (!Files.isRegularFile(d.resolve("reserved_regions"))) {
                throw new InputException(d.toString(), 0, "IOMMU group without a reserved_regions file (kernel older than 4.11, or an incomplete copy)");
            }
        }
        return dirs;
    }

    static final String NO_GROUPS = org.iovacheck.format.HostLoader.NO_GROUPS;

    private static List<Path> list(Path dir, Reads r) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            r.warn(dir + ": cannot list (" + Reads.describe(e) + ")");
            return List.of();
        }
    }

    private static Known present(Path node, Path dev) {
        if (Files.exists(node)) {
            return Known.YES;
        }
        return Files.isDirectory(dev) ? Known.NO : Known.UNKNOWN;
    }

    /** intel_iommu=sm_on / sm_off on the command line (intel/iommu.c intel_iommu_setup); otherwise unknown. */
    private static Known scalableMode(String cmdline) {
        if (cmdline == null) {
            return Known.UNKNOWN;
        }
        Known k = Known.UNKNOWN;
        for (String arg : cmdline.split("\\s+")) {
            if (arg.startsWith("intel_iommu=")) {
                for (String o : arg.substring("intel_iommu=".length()).split(",")) {
                    if (o.equals("sm_on")) {
                        k = Known.YES;
                    } else if (o.equals("sm_off")) {
                        k = Known.NO;
                    }
                }
            }
        }
        return k;
    }

    /** Whether a release like "6.12.57-amd64" is 6.12 or older. */
    static Known upTo612(String release) {
        if (release == null) {
            return Known.UNKNOWN;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release);
        if (!m.find()) {
            return Known.UNKNOWN;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return Known.of(major < 6 || (major == 6 && minor <= 12));
    }

    private static InterruptIsolation isolation(Reads r, Path proc, Path sys, String dmesgText) {
        ProcReader.Isolation iso = ProcReader.interrupts(r, proc);
        if (iso.isolated() == Known.UNKNOWN && dmesgText != null) {
            iso = DmesgReader.interruptRemapping(dmesgText);
        }
        Path params = sys.resolve("module");
        Known type1 = param(r, params.resolve("vfio_iommu_type1").resolve("parameters").resolve("allow_unsafe_interrupts"));
        Known fd = param(r, params.resolve("iommufd").resolve("parameters").resolve("allow_unsafe_interrupts"));
        return new InterruptIsolation(iso.isolated(), iso.evidence(), type1, fd);
    }

    /** A bool module parameter reads Y or N (kernel/params.c param_get_bool). */
    private static Known param(Reads r, Path p) {
        Optional<String> v = r.line(p);
        if (v.isEmpty()) {
            return Known.UNKNOWN;
        }
        return switch (v.get()) {
            case "Y", "1" -> Known.YES;
            case "N", "0" -> Known.NO;
            default -> Known.UNKNOWN;
        };
    }
}
