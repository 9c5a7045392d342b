package org.iovacheck.format.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iovacheck.model.IommuKind;
import org.iovacheck.model.IommuUnit;
import org.iovacheck.model.Known;
import org.iovacheck.testing.FakeHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The units of /sys/class/iommu (docs/live-host.md, "Unknown widths"): what is read for each kind, and a unit whose width cannot
 * be read is unknown with the reason, never guessed.
 */
class IommuUnitsTest {
    @TempDir
    Path dir;

    private static UnitReader.Context ctx(List<DmesgReader.SmmuLine> smmu, String dmesg) {
        return new UnitReader.Context(Known.UNKNOWN, false, false, Known.YES, smmu, dmesg);
    }

    @Test
    void unitsWhoseWidthCannotBeReadAreUnknown() throws Exception {
        FakeHost t = new FakeHost(dir).write("sys/class/iommu/dmar0/intel-iommu/cap", "d2008c40660462\n")
                .write("sys/class/iommu/ivhd0/amd-iommu/features", "zz:0\n").smmuUnit("smmu3.0x0000000009050000", "arm-smmu-v3.0.auto")
                .write("sys/class/iommu/smmu.0x1000/x", "").write("sys/class/iommu/virtio-iommu/x", "");
        Files.createDirectories(dir.resolve("sys/class/iommu/ivhd1/amd-iommu"));
        Reads r = new Reads();
        List<IommuUnit> u = UnitReader.read(r, t.root().resolve("sys"), ctx(List.of(), null));
        assertEquals(List.of("dmar0", "ivhd0", "ivhd1", "smmu.0x1000", "smmu3.0x0000000009050000", "virtio-iommu"),
                u.stream().map(IommuUnit::name).toList(), "sorted by name");
        assertEquals(List.of(IommuKind.INTEL_VTD, IommuKind.AMD_VI, IommuKind.AMD_VI, IommuKind.ARM_SMMU, IommuKind.ARM_SMMU_V3, IommuKind.OTHER),
                u.stream().map(IommuUnit::kind).toList());
        assertTrue(u.stream().allMatch(x -> x.widthBits() == 0), u.toString());
        assertEquals("intel-iommu/cap or ecap missing or unreadable: width unknown", u.get(0).from());
        assertEquals("amd-iommu/features 'zz:0' unparsable: width unknown", u.get(1).from());
        assertEquals("amd-iommu/features missing or unreadable: width unknown", u.get(2).from());
        assertEquals("arm-smmu (v1/v2): the width is not in sysfs and not read: unknown", u.get(3).from());
        assertTrue(u.get(4).from().startsWith("arm-smmu-v3: the width is not in sysfs; give the kernel log (--dmesg FILE)"), u.get(4).from());
        assertEquals("not a VT-d, AMD-Vi or SMMUv3 unit: width unknown", u.get(5).from());
        assertEquals(dir.resolve("sys/class/iommu/dmar0").toString(), u.get(0).source().file());
        assertTrue(r.warnings().contains(dir.resolve("sys/class/iommu/dmar0/intel-iommu") + ": cap or ecap missing or not hexadecimal; "
                + "the unit's width is unknown"), r.warnings().toString());
    }

    @Test
    void readableUnits() throws Exception {
        // cap 0xd2008c40660462: MGAW 39 (the 39-bit client parts of kernel-and-vmm-facts R10); EFR with v1 tables: 64 bits up to 6.12
        FakeHost t = new FakeHost(dir).intelUnit("dmar0", 0xd2008c40660462L, 0xf050daL).amdUnit("ivhd0", 0x58f77ef22294adeL, 0);
        List<IommuUnit> u = UnitReader.read(new Reads(), t.root().resolve("sys"), ctx(List.of(), null));
        assertEquals(39, u.get(0).widthBits());
        assertTrue(u.get(0).from().startsWith("intel-iommu/"), u.get(0).from());
        assertEquals(64, u.get(1).widthBits());
        assertTrue(u.get(1).from().startsWith("amd-iommu/features "), u.get(1).from());
    }

    @Test
    void smmuWidthsComeFromTheLogLineOfTheirDevice() throws Exception {
        FakeHost t = new FakeHost(dir).smmuUnit("smmu3.0x1", "dev-a").smmuUnit("smmu3.0x2", "dev-b").smmuUnit("smmu3.0x3", "dev-c");
        // features bit 9: stage 1, 48 bits for VFIO; bit 10 alone: stage 2, ias
        List<DmesgReader.SmmuLine> lines = List.of(new DmesgReader.SmmuLine("dev-a", 44, 44, 0x200, 7),
                new DmesgReader.SmmuLine("dev-b", 40, 44, 0x400, 9));
        List<IommuUnit> u = UnitReader.read(new Reads(), t.root().resolve("sys"), ctx(lines, "log.txt"));
        assertEquals(48, u.get(0).widthBits());
        assertTrue(u.get(0).from().startsWith("arm-smmu-v3 dev-a (log.txt:7): "), u.get(0).from());
        assertEquals(40, u.get(1).widthBits());
        assertTrue(u.get(1).from().startsWith("arm-smmu-v3 dev-b (log.txt:9): "), u.get(1).from());
        assertEquals(0, u.get(2).widthBits());
        assertEquals("arm-smmu-v3: the log's SMMUs differ and none is this unit's device (dev-c): unknown", u.get(2).from());
        // when every line of the log agrees it is every unit's
        List<DmesgReader.SmmuLine> same = List.of(new DmesgReader.SmmuLine("x", 40, 44, 0x400, 3), new DmesgReader.SmmuLine("y", 40, 44, 0x400, 4));
        List<IommuUnit> s = UnitReader.read(new Reads(), t.root().resolve("sys"), ctx(same, "log.txt"));
        assertTrue(s.stream().allMatch(x -> x.widthBits() == 40), s.toString());
        assertTrue(s.get(2).from().startsWith("arm-smmu-v3 x (log.txt:3): "), s.get(2).from());
        List<IommuUnit> none = UnitReader.read(new Reads(), t.root().resolve("sys"), ctx(List.of(), "log.txt"));
        assertEquals("arm-smmu-v3: no 'ias N-bit, oas M-bit' line in log.txt: unknown", none.get(0).from());
    }

    @Test
    void noClassIommuIsAWarningAndHexIsStrict() throws Exception {
        Reads r = new Reads();
        assertEquals(List.of(), UnitReader.read(r, dir.resolve("sys"), ctx(List.of(), null)));
        assertEquals(List.of(dir.resolve("sys/class/iommu") + ": absent, so no IOMMU unit and no width was read"), r.warnings());
        assertEquals(0x1fL, UnitReader.parseHex(" 0x1f "));
        assertEquals(0x1fL, UnitReader.parseHex("0X1F"));
        assertEquals(-1L, UnitReader.parseHex("ffffffffffffffff"));
        assertNull(UnitReader.parseHex("1ffffffffffffffff"));
        assertNull(UnitReader.parseHex("0x"));
        assertNull(UnitReader.parseHex(""));
        assertNull(UnitReader.parseHex("xyz"));
    }
}
