package org.iovacheck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.iovacheck.format.HostFactsReader;
import org.iovacheck.format.InputException;
import org.iovacheck.format.config.ArgvReader;
import org.iovacheck.format.config.ConfigFiles;
import org.iovacheck.format.config.GuestConfig;
import org.iovacheck.model.Group;
import org.iovacheck.model.Host;
import org.iovacheck.model.ResolvedHost;
import org.iovacheck.preset.ConfigGuest;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.preset.Presets;

/**
 * The --guest argument when it is a configuration (a libvirt domain XML, a file holding a QEMU command line, or the words
 * after --): reads it, resolves it against the host, and narrows a host to the IOMMU groups of the VM's assigned devices.
 */
final class GuestInput {
    private GuestInput() {
    }

    /** The configuration named by --guest or given after --; null when --guest is a preset or a layout file. */
    static GuestConfig config(String guest, List<String> argv) throws InputException {
        if (argv != null && !argv.isEmpty()) {
            if (guest != null) {
                throw InputException.option("--guest", "give either --guest or a QEMU command line after --, not both");
            }
            return ArgvReader.read(argv, "command line");
        }
        if (guest == null) {
            throw InputException.option("--guest", "missing: a preset, a layout file, a libvirt domain XML, or a QEMU command line after --");
        }
        if (Presets.byName(guest).isPresent()) {
            return null;
        }
        Path f = Path.of(guest);
        return ConfigFiles.isConfig(f) ? ConfigFiles.read(f) : null;
    }

    /** Resolves a configuration against the first host; --ram is refused (the configuration fixes the RAM). */
    static ConfigGuest resolve(GuestConfig c, Path hostPath, Host host, String ram, List<String> sets) throws InputException {
        if (ram != null) {
            throw InputException.option("--ram", "the " + c.syntax().label() + " fixes the RAM; --ram applies to presets only (or use --set ram=)");
        }
        java.util.Map<String, String> user = PresetArgs.parseSets(sets);
        ConfigGuest cg = ConfigGuest.resolve(c, HostFactsReader.of(host, hostPath), user);
        if (!cg.preset().takesKey("devices") || user.containsKey("devices")) {
            return cg;
        }
        List<String> specs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String dev : c.hostdevs()) {
            String spec = barSpec(host, dev);
            if (spec == null) {
                notes.add("the BARs of " + dev + " are not in the host input (collect a host file to have them): the firmware's placement"
                        + " of them is not judged");
            } else {
                specs.add(spec);
            }
        }
        for (String sh : c.facts().shmem()) {
            int sp = sh.lastIndexOf(' ');
            specs.add("shmem-" + sh.substring(0, sp).replaceAll("[^A-Za-z0-9_-]", "-") + ":ivshmem=" + sh.substring(sp + 1));
        }
        if (!specs.isEmpty()) {
            notes.add("device BARs for the firmware model: " + String.join("; ", specs) + " (sizes from the host input's device resources)");
            return cg.with(java.util.Map.of("devices", String.join(";", specs)), notes);
        }
        return cg.with(java.util.Map.of(), notes);
    }

    /** NAME:bar0=SIZE,... of an assigned device from the host input's device list (memory BARs and the ROM); null when not listed. */
    private static String barSpec(Host host, String dev) {
        for (Group g : host.groups()) {
            for (org.iovacheck.model.PciDevice d : g.devices()) {
                if (!d.address().equalsIgnoreCase(dev) || d.bars().isEmpty()) {
                    continue;
                }
                List<String> items = new ArrayList<>();
                for (org.iovacheck.model.PciBar b : d.bars()) {
                    long size = b.sizeMinusOne() + 1;
                    if (b.io() || size == 0) {
                        continue;
                    }
                    if (b.index() >= 0 && b.index() <= 5) {
                        items.add("bar" + b.index() + "=" + org.iovacheck.preset.SizeText.of(size)
                                + (!b.mem64() ? "/32" : b.prefetchable() ? "" : "/64np"));
                    } else if (b.index() == 6) {
                        items.add("rom=on");
                    }
                }
                return items.isEmpty() ? null : "hostdev-" + dev.replaceAll("[^A-Za-z0-9]", "-") + ":" + String.join(",", items);
            }
        }
        return null;
    }

    /**
     * The host narrowed to the groups of the VM's assigned devices, found in the host's iommu_groups tree
     * (iommu_groups/N/devices/ADDRESS) or in the host file's per-group device lists (collected hosts); a host input without devices is
     * judged whole, with a note.
     */
    static Host restrict(Host host, Path hostPath, GuestConfig c, List<String> notes) throws InputException {
        if (c.hostdevs().isEmpty()) {
            return host;
        }
        boolean listed = host.groups().stream().anyMatch(g -> !g.devices().isEmpty());
        Path groups = listed ? null : groupsDir(hostPath);
        if (!listed && groups == null) {
            notes.add("the host input lists no PCI devices, so the groups of " + String.join(", ", c.hostdevs())
                    + " are unknown: every group of the host is judged");
            return host;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String dev : c.hostdevs()) {
            String id = listed ? listedGroupOf(host, dev) : groupOf(groups, dev);
            if (id == null) {
                throw new InputException(c.file(), 0, "assigned device " + dev + " is in no IOMMU group of " + hostPath
                        + (listed ? " (the host input lists every group's devices)" : " (no " + groups + "/*/devices/" + dev + ")")
                        + "; VFIO cannot assign it");
            }
            ids.add(id);
            notes.add("device " + dev + " is in IOMMU group " + id);
        }
        List<Group> kept = host.groups().stream().filter(g -> ids.contains(g.id())).toList();
        notes.add("judged: the groups of the VM's devices (" + String.join(", ", ids) + "), not the host's other "
                + (host.groups().size() - kept.size()) + " group(s)");
        return new Host(host.name(), kept, host.aperture(),
                host.bridgeWindows().stream().filter(w -> w.group() == null || ids.contains(w.group())).toList(), host.backend(),
                host.relaxable(), host.msiOverrides().stream().filter(o -> o.group() == null || ids.contains(o.group())).toList(), host.source(),
                host.units(), host.facts());
    }

    static ResolvedHost withNotes(ResolvedHost r, List<String> extra) {
        List<String> n = new ArrayList<>(extra);
        n.addAll(r.notes());
        return new ResolvedHost(r.host(), r.regions(), r.exclusions(), r.blockers(), n);
    }

    private static String listedGroupOf(Host host, String dev) {
        for (Group g : host.groups()) {
            if (g.devices().stream().anyMatch(d -> d.address().equalsIgnoreCase(dev))) {
                return g.id();
            }
        }
        return null;
    }

    private static Path groupsDir(Path hostPath) {
        if (!Files.isDirectory(hostPath)) {
            return null;
        }
        for (Path p : List.of(hostPath.resolve("kernel").resolve("iommu_groups"), hostPath.resolve("iommu_groups"), hostPath)) {
            if (Files.isDirectory(p) && p.getFileName() != null && p.getFileName().toString().equals("iommu_groups")) {
                return p;
            }
        }
        return null;
    }

    private static String groupOf(Path groups, String dev) throws InputException {
        try (Stream<Path> s = Files.list(groups)) {
            for (Path g : s.sorted().toList()) {
                if (Files.exists(g.resolve("devices").resolve(dev))) {
                    return g.getFileName().toString();
                }
            }
        } catch (IOException e) {
            throw new InputException(groups.toString(), 0, "cannot list: " + e.getMessage());
        }
        return null;
    }
}
