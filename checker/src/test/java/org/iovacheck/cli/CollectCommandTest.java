package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iovacheck.testing.FakeHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** collect and check on fake host trees: the done-when scenarios, several units, missing files, no groups. */
class CollectCommandTest {
    @TempDir
    Path dir;

    static final long CAP_39 = 0xd2008c40660462L;
    static final long ECAP_CLIENT = 0xf050daL;
    static final long CAP_48 = 0xd2078c106f0466L;

    /** i7-13700K-like client: 46 physical bits, VT-d cap d2008c40660462 (39 bits), an RTX GPU with a 16 GiB BAR behind root port 00:01.0. */
    static FakeHost raptorLake(Path root) {
        FakeHost h = new FakeHost(root).cpu("GenuineIntel", 46, "fpu vme lm").kernel("6.12.57-amd64").cmdline("BOOT_IMAGE=/vmlinuz intel_iommu=on")
                .intelUnit("dmar0", CAP_39, ECAP_CLIENT).intelUnit("dmar1", CAP_39, ECAP_CLIENT)
                .group("14", "0x00000000fee00000 0x00000000feefffff msi\n")
                .device("14", "pci0000:00", List.of("0000:00:01.0", "0000:01:00.0"), "10de", "2c05", "0x030000", "vfio-pci", "dmar1",
                        FakeHost.resourceLine(0xa0000000L, 0xa0ffffffL, 0x40200) + FakeHost.resourceLine(0x4000000000L, 0x43ffffffffL, 0x14220c)
                                + FakeHost.emptyResource() + FakeHost.resourceLine(0x4400000000L, 0x4401ffffffL, 0x14220c)
                                + FakeHost.emptyResource() + FakeHost.resourceLine(0x4000, 0x407f, 0x40101)
                                + FakeHost.resourceLine(0xa1000000L, 0xa107ffffL, 0x46200))
                .device("14", "pci0000:00", List.of("0000:00:01.0", "0000:01:00.1"), "10de", "22e9", "0x040300", "vfio-pci", "dmar1",
                        FakeHost.resourceLine(0xa1080000L, 0xa1083fffL, 0x40200))
                .group("0", "0x00000000fee00000 0x00000000feefffff msi\n")
                .device("0", "pci0000:00", List.of("0000:00:02.0"), "8086", "a780", "0x030000", "i915", "dmar0", null)
                .iomem(0, 0x80000000L, 0xdfffffffL, "PCI Bus 0000:00")
                .iomem(1, 0xa0000000L, 0xa10fffffL, "PCI Bus 0000:01")
                .iomem(2, 0xa0000000L, 0xa0ffffffL, "0000:01:00.0")
                .iomem(0, 0x4000000000L, 0x7fffffffffL, "PCI Bus 0000:00")
                .iomem(1, 0x4000000000L, 0x4401ffffffL, "PCI Bus 0000:01")
                .interrupts("IR-PCI-MSIX-0000:01:00.0").devNodes(true, true).moduleParam("vfio_iommu_type1", "N");
        return h;
    }

    @Test
    void raptorLakeGpuBarAt0x382800000000IsOutsideTheCollectedAperture() throws Exception {
        raptorLake(dir.resolve("root"));
        Path host = dir.resolve("host.yaml");
        Cli c = Cli.run("collect", "--root", dir.resolve("root").toString(), "--output", host.toString(), "--name", "raptor");
        assertEquals(0, c.exit(), c.err());
        String yaml = Files.readString(host);
        assertTrue(yaml.contains("width: 39"), yaml);
        assertTrue(yaml.contains("address: '0000:01:00.0'") && yaml.contains("id: '10de:2c05'") && yaml.contains("driver: 'vfio-pci'"), yaml);
        assertTrue(yaml.contains("range: 0x4000000000-0x43ffffffff") && yaml.contains("flags: mem64 prefetchable"), yaml);
        assertFalse(yaml.contains("Test CPU"), "the CPU model name is not written");
        Path layout = Files.writeString(dir.resolve("guest.layout"), "0x0 0x7fffffff ram low\n0x100000000 0x47fffffff ram high\n"
                + "0x382800000000 0x382bffffffff bar gpu-bar1\n");
        Cli check = Cli.run("check", "--host", host.toString(), "--guest", layout.toString(), "--p2p");
        // a BAR outside the aperture: the VM starts, peer-to-peer to that BAR fails (DEGRADED, exit 4; docs/model.md severity)
        assertEquals(ExitCodes.DEGRADED, check.exit(), check.out() + check.err());
        assertTrue(check.out().startsWith("verdict: DEGRADED"), check.out());
        assertTrue(check.out().contains("hits outside-aperture 0x0000008000000000-0xffffffffffffffff (group 14, aperture of dmar1"), check.out());
        assertTrue(check.out().contains("gpu-bar1"), check.out());
        assertTrue(check.out().contains("39-bit input width"), check.out());
        // the same answer straight from the tree, as check --host /sys would give on the machine itself
        Cli live = Cli.run("check", "--host", dir.resolve("root/sys").toString(), "--guest", layout.toString(), "--p2p");
        assertEquals(ExitCodes.DEGRADED, live.exit(), live.out() + live.err());
        assertTrue(live.out().contains("hits outside-aperture 0x0000008000000000-0xffffffffffffffff (group 14, aperture of dmar1"), live.out());
        // without the BAR (no --p2p) the RAM alone fits below 2^39
        assertEquals(0, Cli.run("check", "--host", host.toString(), "--guest", layout.toString()).exit());
    }

    @Test
    void collectNeverReplacesAFileAndNeedsATree() throws Exception {
        raptorLake(dir.resolve("root"));
        Path host = Files.writeString(dir.resolve("host.yaml"), "mine\n");
        Cli c = Cli.run("collect", "--root", dir.resolve("root").toString(), "--output", host.toString());
        assertEquals(2, c.exit());
        assertTrue(c.err().contains("already exists"), c.err());
        assertEquals("mine\n", Files.readString(host));
        Cli none = Cli.run("collect", "--root", dir.resolve("nothing").toString());
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("holds no sysfs tree"), none.err());
    }

    /** AMD EPYC with AMD-Vi (reference R1): the HT hole; a 6.12 kernel with v1 page tables (64-bit aperture). */
    static FakeHost epyc(Path root) {
        return new FakeHost(root).cpu("AuthenticAMD", 48, "fpu lm svm").kernel("6.12.57-amd64")
                .amdUnit("ivhd0", 0x58f77ef22294adeL, 0x0)
                .group("12", "0x00000000fee00000 0x00000000feefffff msi\n0x000000fd00000000 0x000000ffffffffff reserved\n")
                .device("12", "pci0000:40", List.of("0000:40:01.1", "0000:41:00.0"), "15b3", "101b", "0x020700", "vfio-pci", "ivhd0",
                        FakeHost.resourceLine(0x38000000000L, 0x38001ffffffL, 0x14220c))
                .interrupts("IR-PCI-MSIX-0000:41:00.0").devNodes(true, true);
    }

    @Test
    void amdHostTurnsOnTheAmdRelocationAndSaysWhy() throws Exception {
        epyc(dir.resolve("root"));
        Path sys = dir.resolve("root/sys");
        Cli c = Cli.run("check", "--host", sys.toString(), "--guest", "qemu-q35", "--ram", "1100G", "--set", "cpu=host");
        assertEquals(0, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains("amd=on from the host: its CPU is AuthenticAMD"), c.out());
        assertTrue(c.out().contains("phys-bits=48 from the host"), c.out());
        assertTrue(c.out().contains("QEMU moves all above-4G RAM to 1 TiB"), c.out());
        // QEMU's default 40 phys-bits cannot hold it: QEMU's refusal, naming the default the host set and the way out
        Cli refused = Cli.run("check", "--host", sys.toString(), "--guest", "qemu-q35", "--ram", "1100G");
        assertEquals(2, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("phys-bits too low (40)") && refused.err().contains("--set cpu=host")
                && refused.err().contains("amd=on from the host"), refused.err());
        // --set overrides the host's default: RAM from 4 GiB runs into the HyperTransport hole
        Cli off = Cli.run("check", "--host", sys.toString(), "--guest", "qemu-q35", "--ram", "1100G", "--set", "cpu=host", "--set", "amd=off");
        assertEquals(1, off.exit(), off.out() + off.err());
        assertTrue(off.out().contains("hits reserved 0x000000fd00000000-0x000000ffffffffff"), off.out());
        assertTrue(off.out().contains("amd=off from --set"), off.out());
    }

    @Test
    void twoDmarUnitsOfDifferentWidthsJudgeEachGroupByItsOwnUnit() throws Exception {
        new FakeHost(dir.resolve("root")).cpu("GenuineIntel", 46, "lm")
                .intelUnit("dmar0", CAP_39, ECAP_CLIENT).intelUnit("dmar1", CAP_48, ECAP_CLIENT)
                .group("1", "0x00000000fee00000 0x00000000feefffff msi\n")
                .device("1", "pci0000:00", List.of("0000:00:02.0"), "8086", "a780", "0x030000", "vfio-pci", "dmar0", null)
                .group("2", "0x00000000fee00000 0x00000000feefffff msi\n")
                .device("2", "pci0000:00", List.of("0000:00:1f.6"), "8086", "550a", "0x020000", "vfio-pci", "dmar1", null);
        Path layout = Files.writeString(dir.resolve("g.layout"), "0x0 0x7fffffff ram low\n0x8000000000 0x80ffffffff ram above-2^39\n");
        Cli c = Cli.run("check", "--host", dir.resolve("root/sys").toString(), "--guest", layout.toString());
        assertEquals(1, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains("(group 1, aperture of dmar0"), c.out());
        assertFalse(c.out().contains("(group 2, aperture of dmar1"), c.out());
        assertTrue(c.out().contains("different widths ([39, 48] bits)"), c.out());
        Path below = Files.writeString(dir.resolve("b.layout"), "0x0 0x7fffffff ram low\n0x7f00000000 0x7fffffffff ram below-2^39\n");
        assertEquals(0, Cli.run("check", "--host", dir.resolve("root/sys").toString(), "--guest", below.toString()).exit());
    }

    @Test
    void aDirectRmrrMakesTheGroupUnassignable() throws Exception {
        new FakeHost(dir.resolve("root")).cpu("GenuineIntel", 46, "lm").intelUnit("dmar0", CAP_48, ECAP_CLIENT)
                .group("20", "0x0000000000000000 0x0000000000ffffff direct\n0x00000000bdf6e000 0x00000000bdf84fff direct\n"
                        + "0x00000000fee00000 0x00000000feefffff msi\n")
                .device("20", "pci0000:00", List.of("0000:00:1f.0"), "8086", "1d41", "0x060100", null, "dmar0", null);
        Cli c = Cli.run("check", "--host", dir.resolve("root/sys").toString(), "--guest", "qemu-q35", "--ram", "4G");
        assertEquals(1, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains("NO_LAYOUT") && c.out().contains("firmware requires a 1:1 mapping"), c.out());
    }

    @Test
    void withoutInterruptIsolationBothBackendsRefuseUnlessAllowed() throws Exception {
        FakeHost h = new FakeHost(dir.resolve("root")).cpu("GenuineIntel", 39, "lm").intelUnit("dmar0", CAP_48, ECAP_CLIENT)
                .group("3", "0x00000000fee00000 0x00000000feefffff msi\n")
                .device("3", "pci0000:00", List.of("0000:00:14.0"), "8086", "7ae0", "0x0c0330", "vfio-pci", "dmar0", null)
                .interrupts("PCI-MSI-0000:00:14.0").moduleParam("vfio_iommu_type1", "N");
        Cli c = Cli.run("check", "--host", dir.resolve("root/sys").toString(), "--guest", "qemu-q35", "--ram", "2G");
        assertEquals(1, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains("NO_LAYOUT") && c.out().contains("-EPERM") && c.out().contains("allow_unsafe_interrupts"), c.out());
        Files.writeString(h.root().resolve("sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts"), "Y\n");
        Cli allowed = Cli.run("check", "--host", dir.resolve("root/sys").toString(), "--guest", "qemu-q35", "--ram", "2G");
        assertEquals(0, allowed.exit(), allowed.out() + allowed.err());
        assertTrue(allowed.out().contains("allow_unsafe_interrupts is set"), allowed.out());
    }

    @Test
    void missingAndUnreadableFilesGiveNotesNotCrashes() throws Exception {
        FakeHost h = new FakeHost(dir.resolve("root"))
                .group("5", "0x0000000008000000 0x00000000080fffff msi\n")
                .device("5", "pci0000:00", List.of("0000:00:00.0"), "19e5", "a222", "0x020000", "vfio-pci", "dmar0", null)
                .write("sys/class/iommu/dmar0/intel-iommu/cap", Long.toHexString(CAP_48) + "\n")
                .iomem(0, 0, 0, "PCI Bus 0000:00");
        Files.createDirectories(h.root().resolve("proc/cpuinfo")); // a folder where a file should be: unreadable
        Cli collect = Cli.run("collect", "--root", h.root().toString());
        assertEquals(0, collect.exit(), collect.err());
        assertTrue(collect.err().contains("cpuinfo: cannot read"), collect.err());
        assertTrue(collect.err().contains("every address reads as zero"), collect.err());
        assertTrue(collect.out().contains("width: unknown"), collect.out());
        Cli c = Cli.run("check", "--host", h.root().resolve("sys").toString(), "--guest", "qemu-virt", "--ram", "1G");
        assertEquals(0, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains("width unknown") && c.out().contains("the full 64-bit IOVA space was assumed"), c.out());
        Cli place = Cli.run("place", "--host", h.root().resolve("sys").toString(), "--guest", "qemu-virt", "--ram", "1G");
        assertEquals(0, place.exit(), place.out() + place.err());
        assertTrue(place.err().contains("units of unknown width (sys): the full 64-bit IOVA space was assumed"), place.err());
        Cli prove = Cli.run("prove", "--fleet", h.root().resolve("sys").toString(), "--guest", "qemu-virt", "--ram", "1G");
        assertEquals(0, prove.exit(), prove.out() + prove.err());
        assertTrue(prove.out().contains("the full 64-bit IOVA space was assumed"), prove.out());
    }

    @Test
    void aSmmuWidthComesFromTheKernelLogOrIsUnknown() throws Exception {
        FakeHost h = new FakeHost(dir.resolve("root")).smmuUnit("smmu3.0x0000000140000000", "arm-smmu-v3.0.auto")
                .group("7", "0x0000000008000000 0x00000000080fffff msi\n")
                .device("7", "pci0000:00", List.of("0000:00:00.0"), "19e5", "a222", "0x020000", "vfio-pci", "smmu3.0x0000000140000000", null);
        Path log = Files.writeString(dir.resolve("dmesg.txt"), "[    1.2] arm-smmu-v3 arm-smmu-v3.0.auto: option mask 0x0\n"
                + "[    1.3] arm-smmu-v3 arm-smmu-v3.0.auto: ias 44-bit, oas 44-bit (features 0x00000fef)\n");
        Cli with = Cli.run("collect", "--root", h.root().toString(), "--dmesg", log.toString());
        assertEquals(0, with.exit(), with.err());
        assertTrue(with.out().contains("kind: arm-smmu-v3") && with.out().contains("width: 48"), with.out());
        Cli without = Cli.run("collect", "--root", h.root().toString());
        assertTrue(without.out().contains("width: unknown") && without.out().contains("--dmesg"), without.out());
    }

    @Test
    void aMachineWithoutIommuGroupsSaysSo() throws Exception {
        FakeHost h = new FakeHost(dir.resolve("root")).cpu("GenuineIntel", 39, "lm");
        Cli c = Cli.run("check", "--host", h.root().resolve("sys").toString(), "--guest", "qemu-q35", "--ram", "2G");
        assertEquals(2, c.exit(), c.out() + c.err());
        assertTrue(c.err().contains("no IOMMU groups: the IOMMU is off or absent"), c.err());
        Files.delete(h.root().resolve("sys/kernel/iommu_groups"));
        Cli gone = Cli.run("collect", "--root", h.root().toString());
        assertEquals(2, gone.exit());
        assertTrue(gone.err().contains("no IOMMU groups: the IOMMU is off or absent"), gone.err());
    }

    @Test
    void aFleetOfCollectedHostsIsHeldToTheNarrowestUnitAndJsonCarriesTheNotes() throws Exception {
        raptorLake(dir.resolve("raptor"));
        epyc(dir.resolve("epyc"));
        Path fleet = Files.createDirectories(dir.resolve("fleet"));
        assertEquals(0, Cli.run("collect", "--root", dir.resolve("raptor").toString(), "--output", fleet.resolve("raptor.yaml").toString(),
                "--name", "raptor").exit());
        assertEquals(0, Cli.run("collect", "--root", dir.resolve("epyc").toString(), "--output", fleet.resolve("epyc.yaml").toString(),
                "--name", "epyc").exit());
        Path high = Files.writeString(dir.resolve("high.layout"), "0x0 0x7fffffff ram low\n0x8000000000 0x80ffffffff ram at-2^39\n");
        Cli p = Cli.run("prove", "--fleet", fleet.toString(), "--guest", high.toString());
        assertEquals(1, p.exit(), p.out() + p.err());
        assertTrue(p.out().contains("COUNTEREXAMPLE") && p.out().contains("raptor"), p.out());
        Path low = Files.writeString(dir.resolve("low.layout"), "0x0 0x7fffffff ram low\n0x100000000 0x17fffffff ram high\n");
        assertEquals(0, Cli.run("prove", "--fleet", fleet.toString(), "--guest", low.toString()).exit());
        Cli q35 = Cli.run("prove", "--fleet", fleet.toString(), "--guest", "qemu-q35", "--ram", "4G");
        assertTrue(q35.out().contains("CPU vendors differ (GenuineIntel, AuthenticAMD)") || q35.out().contains("CPU vendors differ (AuthenticAMD, GenuineIntel)"),
                q35.out() + q35.err());
        Cli json = Cli.run("check", "--host", fleet.resolve("raptor.yaml").toString(), "--guest", high.toString(), "--format", "json");
        assertEquals(1, json.exit(), json.err());
        assertTrue(json.out().contains("outside-aperture") && json.out().contains("39-bit input width"), json.out());
    }

    @Test
    void hotaddOfALiveGroupFolderKnowsItsUnit() throws Exception {
        new FakeHost(dir.resolve("root")).cpu("GenuineIntel", 46, "lm")
                .intelUnit("dmar0", CAP_48, ECAP_CLIENT).intelUnit("dmar1", CAP_39, ECAP_CLIENT)
                .group("1", "0x00000000fee00000 0x00000000feefffff msi\n")
                .device("1", "pci0000:00", List.of("0000:00:1f.6"), "8086", "550a", "0x020000", "vfio-pci", "dmar0", null)
                .group("2", "0x00000000fee00000 0x00000000feefffff msi\n")
                .device("2", "pci0000:00", List.of("0000:00:02.0"), "8086", "a780", "0x030000", "vfio-pci", "dmar1", null);
        Path sys = dir.resolve("root/sys");
        Path running = Files.writeString(dir.resolve("r.layout"), "0x0 0x7fffffff ram low\n0x8000000000 0x80ffffffff ram above-2^39\n");
        Cli ok = Cli.run("hotadd", "--host", sys.resolve("kernel/iommu_groups/1").toString(), "--running", running.toString(),
                "--device", sys.resolve("kernel/iommu_groups/1").toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        Cli refused = Cli.run("hotadd", "--host", sys.resolve("kernel/iommu_groups/1").toString(), "--running", running.toString(),
                "--device", sys.resolve("kernel/iommu_groups/2").toString());
        assertEquals(1, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.out().contains("outside-aperture 0x0000008000000000-0xffffffffffffffff (group 2)"), refused.out());
    }
}
