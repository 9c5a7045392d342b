package org.iovacheck.format.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Group;
import org.iovacheck.model.Host;
import org.iovacheck.model.Known;
import org.iovacheck.testing.FakeHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A copied host tree read by collect (docs/live-host.md): groups, device nodes, module parameters, kernel release rules. */
class CollectedTreeTest {
    @TempDir
    Path dir;

    /** Regression: a group folder named with more digits than a long holds made the sort throw NumberFormatException. */
    @Test
    void groupsInNumericOrderWhateverTheirLength() throws Exception {
        FakeHost t = new FakeHost(dir).group("99999999999999999999", "").group("10", "").group("2", "0x1000 0x1fff msi\n");
        Files.createDirectories(dir.resolve("sys/kernel/iommu_groups/not-a-group"));
        Host h = HostCollector.fromRoot(t.root(), null, "h").host();
        assertEquals(List.of("2", "10", "99999999999999999999"), h.groups().stream().map(Group::id).toList());
        assertEquals("h", h.name());
    }

    @Test
    void missingGroupsOrFilesAreErrors() throws Exception {
        FakeHost t = new FakeHost(dir);
        InputException none = assertThrows(InputException.class, () -> HostCollector.fromRoot(t.root(), null, "h"));
        assertEquals(dir.resolve("sys/kernel/iommu_groups").toString(), none.file());
        assertEquals(HostCollector.NO_GROUPS, none.problem());
        Files.createDirectories(dir.resolve("sys/kernel/iommu_groups/3"));
        InputException noFile = assertThrows(InputException.class, () -> HostCollector.fromRoot(t.root(), null, "h"));
        assertEquals(dir.resolve("sys/kernel/iommu_groups/3").toString(), noFile.file());
        assertTrue(noFile.problem().startsWith("IOMMU group without a reserved_regions file"), noFile.problem());
        InputException bare = assertThrows(InputException.class, () -> HostCollector.fromSys(dir.resolve("elsewhere"), null, "h"));
        assertEquals(HostCollector.NO_GROUPS, bare.problem());
        t.group("3", "");
        InputException dmesg = assertThrows(InputException.class, () -> HostCollector.fromRoot(t.root(), dir.resolve("no-log"), "h"));
        assertEquals("--dmesg: '" + dir.resolve("no-log") + "' is not a file", dmesg.getMessage());
    }

    @Test
    void deviceNodesAndModuleParameters() throws Exception {
        FakeHost t = new FakeHost(dir).group("1", "").devNodes(true, false).moduleParam("vfio_iommu_type1", "Y").moduleParam("iommufd", "0");
        var f = HostCollector.fromRoot(t.root(), null, "h").host().facts();
        assertEquals(Known.YES, f.iommufd());
        assertEquals(Known.NO, f.vfio(), "a /dev without vfio/vfio");
        assertEquals(Known.YES, f.interrupts().allowUnsafeType1());
        assertEquals(Known.NO, f.interrupts().allowUnsafeIommufd());
        FakeHost u = new FakeHost(dir.resolve("u")).group("1", "").moduleParam("vfio_iommu_type1", "N").moduleParam("iommufd", "1");
        var g = HostCollector.fromRoot(u.root(), null, "u").host().facts();
        assertEquals(Known.NO, g.interrupts().allowUnsafeType1());
        assertEquals(Known.YES, g.interrupts().allowUnsafeIommufd());
        FakeHost w = new FakeHost(dir.resolve("w")).group("1", "").moduleParam("vfio_iommu_type1", "maybe");
        Files.delete(dir.resolve("w/dev"));
        var k = HostCollector.fromRoot(w.root(), null, "w").host().facts();
        assertEquals(Known.UNKNOWN, k.interrupts().allowUnsafeType1());
        assertEquals(Known.UNKNOWN, k.interrupts().allowUnsafeIommufd());
        assertEquals(Known.UNKNOWN, k.iommufd(), "no /dev at all: unknown");
        assertEquals(Known.UNKNOWN, k.vfio());
    }

    @Test
    void kernelReleasesUpTo612() {
        assertEquals(Known.YES, HostCollector.upTo612("6.12.57-amd64"));
        assertEquals(Known.YES, HostCollector.upTo612("5.19.0"));
        assertEquals(Known.YES, HostCollector.upTo612("6.0"));
        assertEquals(Known.NO, HostCollector.upTo612("6.13.1"));
        assertEquals(Known.NO, HostCollector.upTo612("7.0.0"));
        assertEquals(Known.UNKNOWN, HostCollector.upTo612("unknown"));
        assertEquals(Known.UNKNOWN, HostCollector.upTo612(null));
    }

    @Test
    void rootsAndGroupFolders() throws Exception {
        FakeHost t = new FakeHost(dir).group("4", "0x1000 0x1fff msi\n").group("5", "");
        assertTrue(HostCollector.isHostRoot(dir));
        assertTrue(HostCollector.isSysRoot(dir.resolve("sys")));
        assertTrue(!HostCollector.isSysRoot(dir));
        Host g = HostCollector.groupOfSys(dir.resolve("sys/kernel/iommu_groups/4"));
        assertEquals(List.of("4"), g.groups().stream().map(Group::id).toList());
        assertNull(HostCollector.groupOfSys(dir.resolve("sys/kernel")));
        Path loose = Files.createDirectories(dir.resolve("x/iommu_groups/4"));
        assertNull(HostCollector.groupOfSys(loose));
    }
}
