package org.iovacheck.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iovacheck.model.BridgeWindow;
import org.iovacheck.model.Group;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostFacts;
import org.iovacheck.model.InterruptIsolation;
import org.iovacheck.model.IommuKind;
import org.iovacheck.model.IommuUnit;
import org.iovacheck.model.Known;
import org.iovacheck.model.PciBar;
import org.iovacheck.model.PciDevice;
import org.iovacheck.model.Range;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;

/**
 * Reads and writes the host-file keys that {@code collect} fills (docs/formats.md): {@code iommu-units}, {@code cpu},
 * {@code kernel}, {@code iommufd}, {@code vfio}, {@code interrupts}, {@code host-bridge-windows}, and per group {@code unit}
 * and {@code devices}. Writing then reading gives back an equal host.
 */
final class HostFileFacts {
    static final Set<String> HOST_KEYS = Set.of("iommu-units", "cpu", "kernel", "iommufd", "vfio", "interrupts", "host-bridge-windows");
    private static final Set<String> UNIT_KEYS = Set.of("name", "kind", "width", "from");
    private static final Set<String> CPU_KEYS = Set.of("vendor", "phys-bits");
    private static final Set<String> IRQ_KEYS = Set.of("isolated", "evidence", "allow-unsafe-type1", "allow-unsafe-iommufd");
    private static final Set<String> WINDOW_KEYS = Set.of("range", "name");
    private static final Set<String> DEVICE_KEYS = Set.of("address", "id", "class", "driver", "bars");
    private static final Set<String> BAR_KEYS = Set.of("index", "range", "flags");

    private HostFileFacts() {
    }

    static List<IommuUnit> units(Map<String, YamlNode> m) throws InputException {
        List<IommuUnit> out = new ArrayList<>();
        if (!m.containsKey("iommu-units")) {
            return out;
        }
        for (YamlNode un : m.get("iommu-units").list()) {
            Map<String, YamlNode> um = un.map(UNIT_KEYS);
            String name = req(um, "name", un).string();
            if (out.stream().anyMatch(u -> u.name().equals(name))) {
                throw un.error("IOMMU unit '" + name + "' appears twice");
            }
            YamlNode kn = req(um, "kind", un);
            IommuKind kind = IommuKind.fromLabel(kn.string());
            if (kind == null) {
                throw kn.error("unknown IOMMU kind '" + kn.string() + "' (intel-vt-d, amd-vi, arm-smmu-v3, arm-smmu, other)");
            }
            YamlNode wn = req(um, "width", un);
            int width = wn.string().equals("unknown") ? 0 : wn.integer(1, 64);
            String from = um.containsKey("from") ? um.get("from").string() : "host file";
            out.add(new IommuUnit(name, kind, width, from, new Source(un.file(), un.line())));
        }
        return out;
    }

    static HostFacts facts(Map<String, YamlNode> m) throws InputException {
        String vendor = null;
        int bits = 0;
        if (m.containsKey("cpu")) {
            Map<String, YamlNode> cm = m.get("cpu").map(CPU_KEYS);
            vendor = cm.containsKey("vendor") ? cm.get("vendor").string() : null;
            bits = cm.containsKey("phys-bits") ? cm.get("phys-bits").integer(1, 64) : 0;
        }
        String kernel = m.containsKey("kernel") ? m.get("kernel").string() : null;
        InterruptIsolation irq = InterruptIsolation.UNKNOWN;
        if (m.containsKey("interrupts")) {
            Map<String, YamlNode> im = m.get("interrupts").map(IRQ_KEYS);
            irq = new InterruptIsolation(known(im.get("isolated")), im.containsKey("evidence") ? im.get("evidence").string() : null,
                    known(im.get("allow-unsafe-type1")), known(im.get("allow-unsafe-iommufd")));
        }
        List<BridgeWindow> hb = new ArrayList<>();
        if (m.containsKey("host-bridge-windows")) {
            for (YamlNode wn : m.get("host-bridge-windows").list()) {
                Map<String, YamlNode> wm = wn.map(WINDOW_KEYS);
                hb.add(new BridgeWindow(req(wm, "range", wn).range(), null, wm.containsKey("name") ? wm.get("name").string() : null,
                        new Source(wn.file(), wn.line())));
            }
        }
        return new HostFacts(vendor, bits, kernel, known(m.get("iommufd")), known(m.get("vfio")), irq, hb);
    }

    private static Known known(YamlNode n) throws InputException {
        if (n == null) {
            return Known.UNKNOWN;
        }
        Known k = Known.fromLabel(n.string());
        if (k == null) {
            throw n.error("'" + n.string() + "' is not yes, no or unknown");
        }
        return k;
    }

    static List<PciDevice> devices(YamlNode n) throws InputException {
        List<PciDevice> out = new ArrayList<>();
        for (YamlNode dn : n.list()) {
            Map<String, YamlNode> dm = dn.map(DEVICE_KEYS);
            List<PciBar> bars = new ArrayList<>();
            if (dm.containsKey("bars")) {
                for (YamlNode bn : dm.get("bars").list()) {
                    Map<String, YamlNode> bm = bn.map(BAR_KEYS);
                    int index = req(bm, "index", bn).integer(0, 12);
                    Range r = req(bm, "range", bn).range();
                    Set<String> f = bm.containsKey("flags") ? barFlags(bm.get("flags")) : Set.of("mem");
                    bars.add(new PciBar(index, r, f.contains("io"), f.contains("mem64"), f.contains("prefetchable")));
                }
            }
            out.add(new PciDevice(req(dm, "address", dn).string(), opt(dm, "id"), opt(dm, "class"), opt(dm, "driver"), bars));
        }
        return out;
    }

    /** "io", "mem" or "mem64", then optionally "prefetchable": each at most once (a repeated flag is an error, not a crash). */
    private static Set<String> barFlags(YamlNode n) throws InputException {
        Set<String> f = new java.util.HashSet<>();
        int kinds = 0;
        for (String x : n.string().trim().split("\\s+")) {
            if (!Set.of("io", "mem", "mem64", "prefetchable").contains(x)) {
                throw n.error("unknown BAR flag '" + x + "' (io, mem, mem64, prefetchable)");
            }
            if (!f.add(x)) {
                throw n.error("BAR flag '" + x + "' given twice");
            }
            kinds += x.equals("prefetchable") ? 0 : 1;
        }
        if (kinds != 1) {
            throw n.error("BAR flags '" + n.string() + "': give exactly one of io, mem or mem64 (optionally with prefetchable)");
        }
        return f;
    }

    private static String opt(Map<String, YamlNode> m, String k) throws InputException {
        return m.containsKey(k) ? m.get(k).string() : null;
    }

    private static YamlNode req(Map<String, YamlNode> m, String key, YamlNode owner) throws InputException {
        YamlNode n = m.get(key);
        if (n == null) {
            throw owner.error("missing '" + key + "'");
        }
        return n;
    }

    /** The host-level keys, after backend and relaxable. */
    static void write(Host h, StringBuilder sb) {
        HostFacts f = h.facts();
        if (f.kernelRelease() != null) {
            sb.append("kernel: ").append(q(f.kernelRelease())).append('\n');
        }
        if (f.cpuVendor() != null || f.physBits() > 0) {
            sb.append("cpu:\n");
            if (f.cpuVendor() != null) {
                sb.append("  vendor: ").append(q(f.cpuVendor())).append('\n');
            }
            if (f.physBits() > 0) {
                sb.append("  phys-bits: ").append(f.physBits()).append('\n');
            }
        }
        if (f.iommufd() != Known.UNKNOWN) {
            sb.append("iommufd: ").append(f.iommufd().label()).append('\n');
        }
        if (f.vfio() != Known.UNKNOWN) {
            sb.append("vfio: ").append(f.vfio().label()).append('\n');
        }
        InterruptIsolation i = f.interrupts();
        if (!i.equals(InterruptIsolation.UNKNOWN)) {
            sb.append("interrupts:\n");
            sb.append("  isolated: ").append(i.isolated().label()).append('\n');
            if (i.evidence() != null) {
                sb.append("  evidence: ").append(q(i.evidence())).append('\n');
            }
            sb.append("  allow-unsafe-type1: ").append(i.allowUnsafeType1().label()).append('\n');
            sb.append("  allow-unsafe-iommufd: ").append(i.allowUnsafeIommufd().label()).append('\n');
        }
        if (!h.units().isEmpty()) {
            sb.append("iommu-units:\n");
            for (IommuUnit u : h.units()) {
                sb.append("  - name: ").append(q(u.name())).append('\n');
                sb.append("    kind: ").append(u.kind().label()).append('\n');
                sb.append("    width: ").append(u.widthKnown() ? String.valueOf(u.widthBits()) : "unknown").append('\n');
                sb.append("    from: ").append(q(u.from())).append('\n');
            }
        }
        if (!f.hostBridgeWindows().isEmpty()) {
            sb.append("host-bridge-windows:\n");
            for (BridgeWindow w : f.hostBridgeWindows()) {
                sb.append("  - range: ").append(range(w.range())).append('\n');
                if (w.name() != null) {
                    sb.append("    name: ").append(q(w.name())).append('\n');
                }
            }
        }
    }

    /** A group's unit and devices, indented under its list item. */
    static void writeGroup(Group g, StringBuilder sb) {
        if (g.unit() != null) {
            sb.append("    unit: ").append(q(g.unit())).append('\n');
        }
        if (g.devices().isEmpty()) {
            return;
        }
        sb.append("    devices:\n");
        for (PciDevice d : g.devices()) {
            sb.append("      - address: ").append(q(d.address())).append('\n');
            if (d.id() != null) {
                sb.append("        id: ").append(q(d.id())).append('\n');
            }
            if (d.pciClass() != null) {
                sb.append("        class: ").append(q(d.pciClass())).append('\n');
            }
            if (d.driver() != null) {
                sb.append("        driver: ").append(q(d.driver())).append('\n');
            }
            if (!d.bars().isEmpty()) {
                sb.append("        bars:\n");
                for (PciBar b : d.bars()) {
                    sb.append("          - index: ").append(b.index()).append('\n');
                    sb.append("            range: ").append(range(b.range())).append('\n');
                    sb.append("            flags: ").append(b.io() ? "io" : b.mem64() ? "mem64" : "mem").append(b.prefetchable() ? " prefetchable" : "")
                            .append('\n');
                }
            }
        }
    }

    private static String range(Range r) {
        return U64.shortHex(r.first()) + "-" + U64.shortHex(r.last());
    }

    /** A single-quoted YAML scalar (as InstanceWriter writes names). */
    /** A YAML scalar that reads back as exactly {@code s} (the fuzzer found a kernel release holding NEL written raw). */
    static String q(String s) {
        return InstanceWriter.quote(s);
    }
}
