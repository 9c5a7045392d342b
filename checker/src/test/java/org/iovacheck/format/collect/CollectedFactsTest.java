package org.iovacheck.format.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.BridgeWindow;
import org.iovacheck.model.Group;
import org.iovacheck.model.Host;
import org.iovacheck.model.IommuUnit;
import org.iovacheck.model.Known;
import org.iovacheck.model.Range;
import org.iovacheck.testing.FakeHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What collect derives from a whole tree (docs/live-host.md): unit widths under the kernel command line (scalable mode, AMD
 * pgtbl_v2) and the first-stage rule over every unit, interrupt remapping from the kernel log, bridge windows from device paths
 * and /proc/iomem, and the facts of one group folder.
 */
class CollectedFactsTest {
    @TempDir
    Path dir;

    /** cap: MGAW 48, SAGAW 4-level (48 bits); ecap with SMTS (bit 43) and first-stage FLTS (bit 47) but no second stage (SLTS, bit 46). */
    static final long CAP_48 = 0xd2078c106f0466L;
    static final long ECAP_FIRST_ONLY = 0xf050daL | (1L << 43) | (1L << 47);
    static final long ECAP_SECOND_ONLY = 0xf050daL | (1L << 43) | (1L << 46);

    private Host collect(FakeHost t) throws InputException {
        return HostCollector.fromRoot(t.root(), null, "h").host();
    }

    private FakeHost vtd(String name, String cmdline) {
        FakeHost t = new FakeHost(dir.resolve(name)).group("1", "").intelUnit("dmar0", CAP_48, ECAP_FIRST_ONLY);
        return cmdline == null ? t : t.cmdline(cmdline);
    }

    /** intel/iommu.c intel_iommu_setup: sm_on / sm_off in intel_iommu= decide scalable mode, the last one given wins. */
    @Test
    void scalableModeComesFromTheKernelCommandLine() throws Exception {
        // scalable mode with first stage only: a 48-bit first-stage domain, canonical addresses below 2^47
        assertEquals(47, collect(vtd("on", "BOOT_IMAGE=/vmlinuz intel_iommu=on,sm_on quiet")).unit("dmar0").widthBits());
        assertEquals(48, collect(vtd("off", "intel_iommu=sm_off")).unit("dmar0").widthBits(), "legacy mode: second-stage table");
        assertEquals(48, collect(vtd("last", "intel_iommu=sm_on intel_iommu=sm_off")).unit("dmar0").widthBits());
        assertEquals(47, collect(vtd("last2", "intel_iommu=sm_off,sm_on")).unit("dmar0").widthBits());
        IommuUnit unknown = collect(vtd("none", "quiet iommu=pt")).unit("dmar0");
        assertEquals(47, unknown.widthBits(), "scalable mode unknown: the narrower width");
        assertTrue(unknown.from().contains("scalable mode unknown, so the narrower of 47 (sm_on) and 48 (sm_off) bits is assumed"), unknown.from());
        assertEquals(47, collect(vtd("nocmdline", null)).unit("dmar0").widthBits());
        assertEquals(List.of(), HostCollector.fromRoot(dir.resolve("on"), null, "h").warnings(), "a group without devices/ is no warning");
        assertTrue(collect(vtd("other", "xintel_iommu=sm_off")).unit("dmar0").from().contains("scalable mode unknown"),
                "only the intel_iommu= parameter counts");
    }

    /** intel_cap_flts_sanity / intel_cap_slts_sanity: first stage is used only when every VT-d unit has it. */
    @Test
    void firstStageOnlyWhenEveryUnitHasIt() throws Exception {
        FakeHost both = vtd("both", "intel_iommu=sm_on").intelUnit("dmar1", CAP_48, ECAP_SECOND_ONLY);
        Host h = collect(both);
        assertEquals(48, h.unit("dmar0").widthBits(), "dmar1 lacks first stage, so dmar0's domain is not first-stage either");
        assertEquals(48, h.unit("dmar1").widthBits());
        FakeHost two = vtd("two", "intel_iommu=sm_on").intelUnit("dmar1", CAP_48, ECAP_FIRST_ONLY);
        assertEquals(47, collect(two).unit("dmar1").widthBits());
        // first_level_by_default: when every unit has both stages VFIO's (unmanaged) domain takes the second stage
        long bothStages = ECAP_FIRST_ONLY | (1L << 46);
        FakeHost full = new FakeHost(dir.resolve("full")).group("1", "").cmdline("intel_iommu=sm_on").intelUnit("dmar0", CAP_48, bothStages)
                .intelUnit("dmar1", CAP_48, bothStages);
        assertEquals(List.of(48, 48), collect(full).units().stream().map(IommuUnit::widthBits).toList());
        FakeHost mixed = new FakeHost(dir.resolve("mixed")).group("1", "").cmdline("intel_iommu=sm_on").intelUnit("dmar0", CAP_48, bothStages)
                .intelUnit("dmar1", CAP_48, ECAP_FIRST_ONLY);
        assertEquals(List.of(47, 47), collect(mixed).units().stream().map(IommuUnit::widthBits).toList(),
                "first stage everywhere, second stage not: first stage for both");
        FakeHost unreadable = vtd("unreadable", "intel_iommu=sm_on").write("sys/class/iommu/dmar1/intel-iommu/cap", "zz\n");
        Host u = collect(unreadable);
        assertEquals(47, u.unit("dmar0").widthBits(), "a unit whose registers cannot be read does not decide the rule");
        assertEquals(0, u.unit("dmar1").widthBits());
    }

    /** amd/init.c: amd_iommu=pgtbl_v2 uses the v2 table when EFR has GIOSup (bit 48) and GTSup (bit 4); 5 levels with la57 and GLX 1. */
    @Test
    void amdV2PageTableFromTheCommandLineAndLa57() throws Exception {
        long efr = (1L << 48) | (1L << 4) | (1L << 12);
        FakeHost v2 = new FakeHost(dir.resolve("v2")).group("1", "").amdUnit("ivhd0", efr, 0).kernel("6.12.57")
                .cmdline("amd_iommu=pgtbl_v2").cpu("AuthenticAMD", 48, "lm svm");
        assertEquals(47, collect(v2).unit("ivhd0").widthBits());
        FakeHost five = new FakeHost(dir.resolve("five")).group("1", "").amdUnit("ivhd0", efr, 0).kernel("6.12.57")
                .cmdline("quiet amd_iommu=force_isolation,pgtbl_v2").cpu("AuthenticAMD", 52, "lm svm la57");
        assertEquals(56, collect(five).unit("ivhd0").widthBits());
        assertEquals(List.of(), HostCollector.fromRoot(five.root(), null, "h").warnings(), "an AMD unit has no intel-iommu/cap to miss");
        FakeHost v1 = new FakeHost(dir.resolve("v1")).group("1", "").amdUnit("ivhd0", efr, 0).kernel("6.12.57")
                .cmdline("amd_iommu=on").cpu("AuthenticAMD", 52, "lm svm la57");
        assertEquals(64, collect(v1).unit("ivhd0").widthBits(), "v1 table on 6.12");
        FakeHost newer = new FakeHost(dir.resolve("newer")).group("1", "").amdUnit("ivhd0", efr, 0).kernel("6.15.2");
        assertTrue(collect(newer).unit("ivhd0").from().contains("assumed for kernels after 6.12"));
    }

    /** The kernel log decides interrupt remapping only when /proc/interrupts does not. */
    @Test
    void interruptRemappingFromTheKernelLogWhenProcSaysNothing() throws Exception {
        FakeHost t = new FakeHost(dir.resolve("t")).group("1", "");
        Path log = Files.writeString(dir.resolve("dmesg.txt"), "[0.5] DMAR-IR: Enabled IRQ remapping in x2apic mode\n");
        Host h = HostCollector.fromRoot(t.root(), log, "h").host();
        assertEquals(Known.YES, h.facts().interrupts().isolated());
        assertEquals("kernel log: [0.5] DMAR-IR: Enabled IRQ remapping in x2apic mode", h.facts().interrupts().evidence());
        assertEquals(Known.UNKNOWN, collect(t).facts().interrupts().isolated(), "no log, no /proc/interrupts: unknown");
        t.interrupts("PCI-MSIX-0000:01:00.0");
        Host proc = HostCollector.fromRoot(t.root(), log, "h").host();
        assertEquals(Known.NO, proc.facts().interrupts().isolated(), "/proc/interrupts decides first");
    }

    /**
     * Devices behind a bridge get the bridge's window onto their bus (peer-to-peer below it); the windows of root buses, top level or
     * nested in /proc/iomem, are the host bridge's; a group folder gets its own windows and units only.
     */
    @Test
    void bridgeWindowsFollowDevicePathsAndAGroupFolderKeepsItsOwn() throws Exception {
        FakeHost t = new FakeHost(dir.resolve("w")).intelUnit("dmar0", CAP_48, 0xf050daL).intelUnit("dmar1", CAP_48, 0xf050daL)
                .group("1", "").group("2", "").group("3", "")
                .device("1", "pci0000:00", List.of("0000:00:01.0", "0000:01:00.0"), "15b3", "1017", "0x020000", "vfio-pci", "dmar0", null)
                .device("2", "pci0000:00", List.of("0000:00:02.0", "0000:02:00.0"), "10de", "2330", "0x030200", "vfio-pci", "dmar1", null)
                .device("3", "pci0000:80", List.of("0000:80:00.0"), "8086", "0b60", "0x010802", "nvme", "dmar0", null)
                .iomem(0, 0xc0000000L, 0xfebfffffL, "PCI Bus 0000:00").iomem(1, 0xc8000000L, 0xc8ffffffL, "PCI Bus 0000:01")
                .iomem(1, 0xc9000000L, 0xc9ffffffL, "PCI Bus 0000:02").iomem(1, 0xca000000L, 0xcaffffffL, "PCI Bus 0000:03")
                .iomem(0, 0x10000000L, 0x3effffffL, "pcie@10000000").iomem(1, 0x20000000L, 0x2fffffffL, "PCI Bus 0000:80");
        HostCollector.Collected c = HostCollector.fromRoot(t.root(), null, "w");
        Host h = c.host();
        String iomem = t.root().resolve("proc/iomem").toString();
        assertEquals(List.of(new BridgeWindow(new Range(0xc8000000L, 0xc8ffffffL), "1", "bridge 0000:00:01.0 window (PCI Bus 0000:01, /proc/iomem):"
                        + " peer-to-peer below the bridge unless ACS redirects", new org.iovacheck.model.Source(iomem, 0)),
                new BridgeWindow(new Range(0xc9000000L, 0xc9ffffffL), "2", "bridge 0000:00:02.0 window (PCI Bus 0000:02, /proc/iomem):"
                        + " peer-to-peer below the bridge unless ACS redirects", new org.iovacheck.model.Source(iomem, 0))), h.bridgeWindows());
        assertEquals(List.of("c0000000-febfffff host bridge window (PCI Bus 0000:00)", "20000000-2fffffff host bridge window (PCI Bus 0000:80)"),
                h.facts().hostBridgeWindows().stream().map(w -> Long.toHexString(w.range().first()) + "-" + Long.toHexString(w.range().last())
                        + " " + w.name() + (w.group() == null ? "" : " " + w.group())).toList());
        assertEquals(List.of("dmar0", "dmar1", "dmar0"), h.groups().stream().map(Group::unit).toList());
        assertEquals(List.of(), c.warnings());

        Host g2 = HostCollector.groupOfSys(t.root().resolve("sys/kernel/iommu_groups/2"));
        assertEquals(List.of("2"), g2.groups().stream().map(Group::id).toList());
        assertEquals(List.of("2"), g2.bridgeWindows().stream().map(BridgeWindow::group).toList());
        assertEquals(List.of("dmar1"), g2.units().stream().map(IommuUnit::name).toList());
        assertEquals(2, g2.facts().hostBridgeWindows().size(), "the host's facts stay whole");
        Host g3 = HostCollector.groupOfSys(t.root().resolve("sys/kernel/iommu_groups/3"));
        assertEquals(List.of(), g3.bridgeWindows(), "a device on a root bus sits behind no bridge");
        assertEquals(List.of("dmar0"), g3.units().stream().map(IommuUnit::name).toList());
    }

    /** A sysfs root is kernel/iommu_groups, or kernel/ beside devices/ or class/ (a machine with the IOMMU off has no iommu_groups). */
    @Test
    void whatIsASysRootAndWhatIsAGroupFolder() throws Exception {
        Files.createDirectories(dir.resolve("a/kernel"));
        Files.createDirectories(dir.resolve("a/devices"));
        Files.createDirectories(dir.resolve("b/kernel"));
        Files.createDirectories(dir.resolve("b/class"));
        Files.createDirectories(dir.resolve("c/kernel"));
        Files.createDirectories(dir.resolve("d/devices"));
        Files.createDirectories(dir.resolve("d/class"));
        assertEquals(List.of(true, true, false, false), List.of(HostCollector.isSysRoot(dir.resolve("a")), HostCollector.isSysRoot(dir.resolve("b")),
                HostCollector.isSysRoot(dir.resolve("c")), HostCollector.isSysRoot(dir.resolve("d"))));
        assertEquals(null, HostCollector.groupOfSys(Path.of("/")));
        assertEquals(null, HostCollector.groupOfSys(Path.of("/7")));
        // pairs of equal numbers made in both orders, so that no directory listing order gives the name order by chance
        FakeHost t = new FakeHost(dir.resolve("t")).group("7", "").group("01", "").group("1", "").group("2", "").group("002", "")
                .group("03", "").group("3", "");
        Files.createDirectories(t.root().resolve("sys/kernel/iommu_groups/seven"));
        assertEquals(null, HostCollector.groupOfSys(t.root().resolve("sys/kernel/iommu_groups/seven")), "a group folder is named by a number");
        assertEquals(null, HostCollector.groupOfSys(dir.resolve("absent/kernel/iommu_groups/5")), "a path into no tree");
        assertEquals(List.of("01", "1", "002", "2", "03", "3", "7"), collect(t).groups().stream().map(Group::id).toList(),
                "equal numbers in name order");
    }

    @Test
    void devicesOfOneGroupBehindTwoUnitsOrAnUnlistedUnitAreSaid() throws Exception {
        FakeHost t = new FakeHost(dir.resolve("u")).intelUnit("dmar0", CAP_48, 0xf050daL).intelUnit("dmar1", CAP_48, 0xf050daL)
                .group("4", "").group("5", "")
                .device("4", "pci0000:00", List.of("0000:00:03.0"), "8086", "1533", "0x020000", "vfio-pci", "dmar0", null)
                .device("4", "pci0000:00", List.of("0000:00:03.1"), "8086", "1533", "0x020000", "vfio-pci", "dmar1", null)
                .device("5", "pci0000:00", List.of("0000:00:04.0"), "8086", "1533", "0x020000", "vfio-pci", "dmar9", null);
        HostCollector.Collected c = HostCollector.fromRoot(t.root(), null, "u");
        Path groups = t.root().resolve("sys/kernel/iommu_groups");
        assertEquals(List.of(groups.resolve("4") + ": devices behind different IOMMU units (dmar0, dmar1); the first is used",
                groups.resolve("5") + ": its devices name IOMMU unit dmar9, which /sys/class/iommu does not list; width unknown"), c.warnings());
        assertEquals("dmar0", c.host().groups().get(0).unit());
        assertEquals(2, c.host().groups().get(0).devices().size());
        assertEquals("dmar9", c.host().groups().get(1).unit());
    }
}
