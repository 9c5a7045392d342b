package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, defect 14, end to end: the verdicts the kernel's own checks imply. */
class KernelEdgesCommandTest {
    @TempDir
    Path dir;

    private Path host(String backend, String bits) throws Exception {
        return Files.writeString(dir.resolve(backend + bits + ".yaml"), "backend: " + backend + "\naperture-bits: " + bits + "\n"
                + "groups:\n  - id: \"3\"\n    reserved-regions: |\n      0x0000000000000000 0x00000000ffffffff reserved\n");
    }

    @Test
    void type1GroupWithNoValidIovaIsNoLayoutButIommufdIsUnsafe() throws Exception {
        Cli t1 = Cli.run("check", "--host", host("vfio-type1", "32").toString(), "--guest", "qemu-virt", "--ram", "1G", "--engine", "all");
        assertEquals(1, t1.exit(), t1.err());
        assertTrue(t1.out().startsWith("verdict: NO_LAYOUT") && t1.out().contains("vfio_iommu_resv_exclude"), t1.out());
        Cli fd = Cli.run("check", "--host", host("iommufd", "32").toString(), "--guest", "qemu-virt", "--ram", "1G");
        assertTrue(fd.out().startsWith("verdict: UNSAFE"), fd.out());
        Cli wide = Cli.run("check", "--host", host("vfio-type1", "33").toString(), "--guest", "qemu-virt", "--ram", "1G");
        assertTrue(wide.out().startsWith("verdict: UNSAFE"), wide.out());
    }

    @Test
    void anEmptyReservedRegionsFileIsAGroupWithNoRegions() throws Exception {
        Path f = Files.writeString(Files.createDirectories(dir.resolve("12")).resolve("reserved_regions"), "");
        Cli r = Cli.run("check", "--host", f.toString(), "--guest", "qemu-virt", "--ram", "1G");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("group 12 lists no reserved regions"), r.out());
    }

    @Test
    void aByteGranularLayoutIsRefusedNotSafe() throws Exception {
        Path g = Files.writeString(dir.resolve("g.layout"), "0x40000000 0x40000fff ram\n0x40001000 0x400017ff ram tail\n");
        Cli r = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", g.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains(g + ":2: ") && r.err().contains("not page-aligned"), r.err());
    }

    @Test
    void aClassWhoseRegionsMayCoverItsApertureIsNotProven() throws Exception {
        String regions = "regions:\n  - type: reserved\n    base: 0x0\n    size: 4G\n";
        Path fixed = Files.writeString(dir.resolve("fixed.yaml"), "aperture-bits: 32\n" + regions);
        Cli a = Cli.run("prove", "--class", fixed.toString(), "--guest", "qemu-virt", "--ram", "1G");
        assertEquals(1, a.exit(), a.out() + a.err());
        assertTrue(a.out().contains("vfio_iommu_resv_exclude"), a.out());
        // A host whose regions cover the aperture leaves every DMA-mapped guest region in conflict, so no such class is PROVEN.
        Path ranged = Files.writeString(dir.resolve("ranged.yaml"), "aperture-bits: {min: 32, max: 40}\n"
                + "regions:\n  - type: reserved\n    base: {min: 0x0, max: 0x100000000, align: 4G}\n    size: 4G\n");
        Cli b = Cli.run("prove", "--class", ranged.toString(), "--guest", "qemu-virt", "--ram", "1G");
        assertEquals(1, b.exit(), "COUNTEREXAMPLE: " + b.out() + b.err());
    }
}
