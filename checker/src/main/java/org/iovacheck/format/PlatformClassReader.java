package org.iovacheck.format;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iovacheck.model.Backend;
import org.iovacheck.model.ParamRegion;
import org.iovacheck.model.PlatformClass;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;

/** Reads a platform class file (YAML): regions whose base, size and presence may range, and an aperture width range. */
public final class PlatformClassReader {
    private static final Set<String> KEYS = Set.of("name", "description", "source", "backend", "relaxable", "aperture-bits", "regions");
    private static final Set<String> REGION_KEYS = Set.of("name", "type", "group", "base", "size", "present");
    private static final Set<String> BASE_KEYS = Set.of("min", "max", "align");
    private static final Set<String> RANGE_KEYS = Set.of("min", "max");

    private PlatformClassReader() {
    }

    public static PlatformClass load(Path path) throws InputException {
        return parse(HostLoader.readText(path), path.toString(), path.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
    }

    /** Reads the text of a class file named {@code label}; {@code defaultName} names the class when the file does not. */
    public static PlatformClass parse(String text, String label, String defaultName) throws InputException {
        YamlNode root = YamlNode.parse(text, label);
        Map<String, YamlNode> m = root.map(KEYS);
        String name = m.containsKey("name") ? m.get("name").string() : defaultName;
        String description = m.containsKey("description") ? m.get("description").string() : "";
        Backend backend = YamlNode.backend(m);
        RelaxablePolicy relaxable = YamlNode.relaxable(m);
        int apMin = 64;
        int apMax = 64;
        if (m.containsKey("aperture-bits")) {
            YamlNode a = m.get("aperture-bits");
            if (a.isMap()) {
                Map<String, YamlNode> am = a.map(RANGE_KEYS);
                apMin = req(am, "min", a).integer(1, 64);
                apMax = req(am, "max", a).integer(1, 64);
                if (apMin > apMax) {
                    throw a.error("aperture-bits min " + apMin + " is above max " + apMax);
                }
            } else {
                apMin = apMax = a.integer(1, 64);
            }
        }
        if (!m.containsKey("regions")) {
            throw root.error("a platform class needs 'regions'");
        }
        List<ParamRegion> regions = new ArrayList<>();
        for (YamlNode rn : m.get("regions").list()) {
            regions.add(region(rn, regions.size()));
        }
        return new PlatformClass(name, description, regions, apMin, apMax, backend, relaxable, new Source(label, 0));
    }

    private static ParamRegion region(YamlNode rn, int index) throws InputException {
        Map<String, YamlNode> m = rn.map(REGION_KEYS);
        String name = m.containsKey("name") ? m.get("name").string() : "region" + (index + 1);
        YamlNode tn = req(m, "type", rn);
        RegionType type = RegionType.fromLabel(tn.string()).orElse(null);
        if (type == null || type == RegionType.MSI || type == RegionType.OUTSIDE_APERTURE) {
            throw tn.error("unknown class region type '" + tn.string()
                    + "' (expected direct, direct-relaxable, reserved, msi-hw, msi-sw or bridge-window)");
        }
        String group = m.containsKey("group") ? m.get("group").string() : null;
        YamlNode bn = req(m, "base", rn);
        long bMin;
        long bMax;
        long align = 1;
        if (bn.isMap()) {
            Map<String, YamlNode> bm = bn.map(BASE_KEYS);
            bMin = req(bm, "min", bn).address();
            bMax = req(bm, "max", bn).address();
            if (bm.containsKey("align")) {
                align = bm.get("align").size();
                if ((align & (align - 1)) != 0) {
                    throw bm.get("align").error("alignment must be a power of two");
                }
            }
            if (U64.lt(bMax, bMin)) {
                throw bn.error("base min is above base max");
            }
        } else {
            bMin = bMax = bn.address();
        }
        YamlNode sn = req(m, "size", rn);
        long sMin;
        long sMax;
        if (sn.isMap()) {
            Map<String, YamlNode> sm = sn.map(RANGE_KEYS);
            sMin = req(sm, "min", sn).size();
            sMax = req(sm, "max", sn).size();
            if (U64.lt(sMax, sMin)) {
                throw sn.error("size min is above size max");
            }
        } else {
            sMin = sMax = sn.size();
        }
        boolean optional = false;
        if (m.containsKey("present")) {
            String p = m.get("present").string();
            optional = switch (p) {
                case "always" -> false;
                case "maybe" -> true;
                default -> throw m.get("present").error("present must be always or maybe, not '" + p + "'");
            };
        }
        ParamRegion r;
        try {
            r = new ParamRegion(name, type, group, bMin, bMax, align, sMin, sMax, optional, new Source(rn.file(), rn.line()));
            r.firstBase();
            if (!U64.addFits(r.firstBase(), sMax - 1)) {
                throw new IllegalArgumentException("the lowest base with the largest size passes 2^64");
            }
        } catch (IllegalArgumentException e) {
            throw rn.error("region '" + name + "': " + e.getMessage());
        }
        return r;
    }

    private static YamlNode req(Map<String, YamlNode> m, String key, YamlNode owner) throws InputException {
        YamlNode n = m.get(key);
        if (n == null) {
            throw owner.error("missing '" + key + "'");
        }
        return n;
    }
}
