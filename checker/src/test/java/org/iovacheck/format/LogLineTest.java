package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.iovacheck.format.LogLine.Kind;
import org.junit.jupiter.api.Test;

/** The error lines of docs/explain.md ("Lines read and what they mean"), as users paste them (kernel-and-vmm-facts, R9-R12). */
class LogLineTest {
    @Test
    void qemuDmaMapLinesGiveIovaSizeAndErrno() {
        String r10 = "vfio_container_dma_map(0x55da3da99aa0, 0x382800000000, 0x400000000, 0x7fb440000000) = -22 (Invalid argument)";
        LogLine l = LogLine.parse("  " + r10 + "\n");
        assertEquals(new LogLine(Kind.DMA_MAP, r10, 0x382800000000L, 0x400000000L, 22, 0, 0), l);
        LogLine old = LogLine.parse("qemu-system-x86_64: -device vfio-pci,host=01:00.0: vfio 0000:01:00.0: failed to setup container for "
                + "group 1: memory listener initialization failed: Region pc.ram: vfio_dma_map(0x5581, 0xFEE00000, 0x100000, 0x7f00) = -14 (Bad address)");
        assertEquals(Kind.DMA_MAP, old.kind());
        assertEquals(0xfee00000L, old.iova());
        assertEquals(0x100000L, old.size());
        assertEquals(14, old.errno());
        assertEquals(12, LogLine.parse("vfio_dma_map(0x1,0x0,0x1000,0x2)=-12").errno());
        assertEquals(0xffffffffffff0000L, LogLine.parse("vfio_dma_map(0x1, 0xffffffffffff0000, 0x10000, 0x2) = -22").iova());
    }

    @Test
    void mapFailuresWithoutAnAddressGiveTheErrnoByNumberOrText() {
        assertEquals(new LogLine(Kind.MAP_FAILED, "VFIO_MAP_DMA failed: -22", 0, 0, 22, 0, 0), LogLine.parse("VFIO_MAP_DMA failed: -22"));
        assertEquals(22, LogLine.parse("VFIO_MAP_DMA failed: Invalid argument").errno());
        assertEquals(14, LogLine.parse("VFIO_MAP_DMA failed: Bad address").errno());
        assertEquals(12, LogLine.parse("VFIO_MAP_DMA failed: Cannot allocate memory").errno());
        assertEquals(28, LogLine.parse("VFIO_MAP_DMA failed: No space left on device").errno());
        assertEquals(17, LogLine.parse("VFIO_MAP_DMA failed: File exists").errno());
        assertEquals(1, LogLine.parse("VFIO_MAP_DMA failed: Operation not permitted").errno());
        assertEquals(16, LogLine.parse("VFIO_MAP_DMA failed: Device or resource busy").errno());
        assertEquals(98, LogLine.parse("VFIO_MAP_DMA failed: Address already in use").errno());
        assertEquals(0, LogLine.parse("VFIO_MAP_DMA failed: something else").errno());
        assertEquals(22, LogLine.parse("VFIO_MAP_DMA failed: Invalid argument (-5)").errno(), "the text names the errno");
        assertEquals(5, LogLine.parse("VFIO_MAP_DMA failed: error 5").errno());
        assertEquals(0, LogLine.parse("VFIO_MAP_DMA failed: error 1234").errno(), "no errno has four digits");
        LogLine ioas = LogLine.parse("qemu: IOMMU_IOAS_MAP failed: Invalid argument");
        assertEquals(Kind.IOAS_MAP, ioas.kind());
        assertEquals(22, ioas.errno());
        assertEquals(12, LogLine.parse("IOMMU_IOAS_MAP failed: -12").errno());
    }

    @Test
    void cloudHypervisorErrors() {
        LogLine ch = LogLine.parse("Error booting VM: VmBoot(DeviceManager(VfioDmaMap(IommuDmaMap(Error(22)))))");
        assertEquals(Kind.MAP_FAILED, ch.kind());
        assertEquals(22, ch.errno());
        assertEquals(14, LogLine.parse("VfioDmaMap(DmaMap(Error(14)))").errno());
    }

    @Test
    void viommuWidths() {
        LogLine l = LogLine.parse("qemu-system-x86_64: -device intel-iommu,aw-bits=48: Failed to set vIOMMU: aw-bits 48 > host aw-bits 39");
        assertEquals(Kind.VIOMMU_AW_BITS, l.kind());
        assertEquals(48, l.awBits());
        assertEquals(39, l.hostAwBits());
        assertEquals(0, l.errno());
        // the widths without the vIOMMU message are no line iovacheck knows
        assertThrows(IllegalArgumentException.class, () -> LogLine.parse("aw-bits 48 > host aw-bits 39"));
    }

    @Test
    void attachRefusals() {
        LogLine fw = LogLine.parse("vfio-pci 0000:00:14.0: Firmware has requested this device have a 1:1 IOMMU mapping, rejecting "
                + "configuring the device without a 1:1 mapping. Contact your platform vendor.");
        assertEquals(Kind.FIRMWARE_1TO1, fw.kind());
        assertEquals(22, fw.errno());
        LogLine r9 = LogLine.parse("vfio-pci 0000:04:00.1: DMAR: Device is ineligible for IOMMU domain attach due to platform RMRR requirement."
                + "  Contact your platform vendor.");
        assertEquals(Kind.RMRR, r9.kind());
        assertEquals(1, r9.errno());
        LogLine irq = LogLine.parse("vfio_iommu_type1_attach_group: No interrupt remapping support.  Use the module param "
                + "\"allow_unsafe_interrupts\" to enable VFIO IOMMU support on this platform");
        assertEquals(Kind.NO_INTR_REMAP, irq.kind());
        assertEquals(1, irq.errno());
        LogLine g = LogLine.parse("vfio: failed to set iommu for container: cannot add vfio group to container, error -22");
        assertEquals(Kind.GROUP_ADD, g.kind());
        assertEquals(22, g.errno());
        assertEquals(16, LogLine.parse("cannot add vfio group to container, error 16").errno());
        assertEquals(1, LogLine.parse("cannot add vfio group to container: Operation not permitted").errno());
        assertEquals(0, LogLine.parse("cannot add vfio group to container").errno());
    }

    @Test
    void anUnknownLineNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogLine.parse("kernel: hello"));
        assertTrue(e.getMessage().startsWith("not a line iovacheck knows: it reads vfio_container_dma_map(...) = -N"), e.getMessage());
        assertTrue(e.getMessage().contains("VfioDmaMap(IommuDmaMap(Error(N)))"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LogLine.parse(""));
        assertThrows(IllegalArgumentException.class, () -> LogLine.parse("vfio_dma_map(0x1, 0x2, 0x3) = -22"), "four arguments");
    }
}
