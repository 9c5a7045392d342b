package org.iovacheck.format.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.iovacheck.model.IommuKind;
import org.iovacheck.model.IommuUnit;
import org.iovacheck.model.IommuWidths;
import org.iovacheck.model.Known;
import org.iovacheck.model.Source;

/**
 * Reads the IOMMU units of {@code /sys/class/iommu}: VT-d units from {@code intel-iommu/cap} and {@code ecap} (intel/iommu.c
 * cap_show/ecap_show print "%llx"), AMD-Vi units from {@code amd-iommu/features} ("%llx:%llx", amd/init.c
 * amd_iommu_show_features), Arm SMMUv3 units (named {@code smmu3.<address>} by arm_smmu_device_probe) from a saved kernel log.
 */
final class UnitReader {
    private UnitReader() {
    }

    /** Immutable; what the kernel command line and CPU say about the width rules. */
    record Context(Known scalableMode, boolean amdV2, boolean la57, Known upTo612, List<DmesgReader.SmmuLine> smmu, String dmesgFile) {
    }

    static List<IommuUnit> read(Reads r, Path sys, Context c) {
        Path dir = sys.resolve("class").resolve("iommu");
        if (!Files.isDirectory(dir)) {
            r.warn(dir + ": absent, so no IOMMU unit and no width was read");
            return List.of();
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            r.warn(dir + ": cannot list (" + Reads.describe(e) + ")");
            return List.of();
        }
        // intel_cap_flts_sanity / intel_cap_slts_sanity: first and second stage must be present on every VT-d unit.
        boolean allFirst = true;
        boolean allSecond = true;
        List<long[]> intelRegs = new ArrayList<>();
        for (Path u : entries) {
            long[] regs = intelRegs(r, u);
            intelRegs.add(regs);
            if (regs != null) {
                allFirst &= ((regs[1] >>> 47) & 1) != 0;
                allSecond &= ((regs[1] >>> 46) & 1) != 0;
            }
        }
        List<IommuUnit> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Path u = entries.get(i);
            String name = u.getFileName().toString();
            Source src = new Source(u.toString(), 0);
            if (Files.isDirectory(u.resolve("intel-iommu"))) {
                long[] regs = intelRegs.get(i);
                if (regs == null) {
                    out.add(new IommuUnit(name, IommuKind.INTEL_VTD, 0, "intel-iommu/cap or ecap missing or unreadable: width unknown", src));
                } else {
                    IommuWidths.Width w = IommuWidths.intel(regs[0], regs[1], c.scalableMode(), allFirst, allSecond);
                    out.add(new IommuUnit(name, IommuKind.INTEL_VTD, w.bits(), "intel-iommu/" + w.why(), src));
                }
            } else if (Files.isDirectory(u.resolve("amd-iommu"))) {
                Optional<String> f = r.line(u.resolve("amd-iommu").resolve("features"));
                Long efr = f.map(s -> parseHex(s.contains(":") ? s.substring(0, s.indexOf(':')) : s)).orElse(null);
                if (efr == null) {
                    out.add(new IommuUnit(name, IommuKind.AMD_VI, 0, "amd-iommu/features " + f.map(s -> "'" + s + "' unparsable").orElse("missing or unreadable")
                            + ": width unknown", src));
                } else {
                    IommuWidths.Width w = IommuWidths.amd(efr, c.amdV2(), c.la57(), c.upTo612());
                    out.add(new IommuUnit(name, IommuKind.AMD_VI, w.bits(), "amd-iommu/features " + w.why(), src));
                }
            } else if (name.startsWith("smmu3.")) {
                out.add(smmu(r, u, name, src, c));
            } else if (name.startsWith("smmu.")) {
                out.add(new IommuUnit(name, IommuKind.ARM_SMMU, 0, "arm-smmu (v1/v2): the width is not in sysfs and not read: unknown", src));
            } else {
                out.add(new IommuUnit(name, IommuKind.OTHER, 0, "not a VT-d, AMD-Vi or SMMUv3 unit: width unknown", src));
            }
        }
        return out;
    }

    private static IommuUnit smmu(Reads r, Path u, String name, Source src, Context c) {
        if (c.dmesgFile() == null) {
            return new IommuUnit(name, IommuKind.ARM_SMMU_V3, 0, "arm-smmu-v3: the width is not in sysfs; give the kernel log (--dmesg FILE) "
                    + "with its 'ias N-bit, oas M-bit' line: unknown", src);
        }
        String device = r.linkName(u.resolve("device")).orElse(null);
        DmesgReader.SmmuLine line = null;
        for (DmesgReader.SmmuLine l : c.smmu()) {
            if (l.device().equals(device)) {
                line = l;
            }
        }
        boolean allSame = !c.smmu().isEmpty() && c.smmu().stream().allMatch(l -> l.ias() == c.smmu().get(0).ias()
                && l.oas() == c.smmu().get(0).oas() && l.features() == c.smmu().get(0).features());
        if (line == null && allSame) {
            line = c.smmu().get(0);
        }
        if (line == null) {
            return new IommuUnit(name, IommuKind.ARM_SMMU_V3, 0, c.smmu().isEmpty()
                    ? "arm-smmu-v3: no 'ias N-bit, oas M-bit' line in " + c.dmesgFile() + ": unknown"
                    : "arm-smmu-v3: the log's SMMUs differ and none is this unit's device (" + device + "): unknown", src);
        }
        IommuWidths.Width w = IommuWidths.smmuV3(line.ias(), line.oas(), line.features());
        return new IommuUnit(name, IommuKind.ARM_SMMU_V3, w.bits(), "arm-smmu-v3 " + line.device() + " (" + c.dmesgFile() + ":" + line.line()
                + "): " + w.why(), src);
    }

    private static long[] intelRegs(Reads r, Path u) {
        Path d = u.resolve("intel-iommu");
        if (!Files.isDirectory(d)) {
            return null;
        }
        Long cap = r.line(d.resolve("cap")).map(UnitReader::parseHex).orElse(null);
        Long ecap = r.line(d.resolve("ecap")).map(UnitReader::parseHex).orElse(null);
        if (cap == null || ecap == null) {
            r.warn(d + ": cap or ecap missing or not hexadecimal; the unit's width is unknown");
            return null;
        }
        return new long[] {cap, ecap};
    }

    static Long parseHex(String s) {
        String t = s.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        if (t.isEmpty() || t.length() > 16) {
            return null;
        }
        try {
            return Long.parseUnsignedLong(t, 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
