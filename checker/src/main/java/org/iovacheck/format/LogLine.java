package org.iovacheck.format;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Immutable; an error line users paste, recognised: which message it is, the IOVA and size when it names them, and the errno.
 * Recognises QEMU's vfio_container_dma_map(...) / vfio_dma_map(...) = -N (hw/vfio/listener.c, older hw/vfio/common.c),
 * "VFIO_MAP_DMA failed", "IOMMU_IOAS_MAP failed", "Failed to set vIOMMU: aw-bits", the kernel's "Firmware has requested this
 * device have a 1:1 IOMMU mapping" (drivers/iommu/iommu.c), the older RMRR refusal, "No interrupt remapping support"
 * (vfio_iommu_type1), "cannot add vfio group to container" and cloud-hypervisor's VfioDmaMap(...Error(N)).
 */
public record LogLine(Kind kind, String text, long iova, long size, int errno, int awBits, int hostAwBits) {
    /** The messages iovacheck knows. */
    public enum Kind { DMA_MAP, MAP_FAILED, IOAS_MAP, VIOMMU_AW_BITS, FIRMWARE_1TO1, RMRR, NO_INTR_REMAP, GROUP_ADD }

    private static final Pattern DMA_MAP = Pattern.compile(
            "vfio(?:_container)?_dma_map\\(\\s*[^,]*,\\s*(0x[0-9a-fA-F]+),\\s*(0x[0-9a-fA-F]+),\\s*[^)]*\\)\\s*=\\s*(-?\\d+)");
    private static final Pattern MAP_FAILED = Pattern.compile("VFIO_MAP_DMA failed:\\s*(.*)");
    private static final Pattern IOAS = Pattern.compile("IOMMU_IOAS_MAP failed:\\s*(.*)");
    private static final Pattern AW = Pattern.compile("aw-bits\\s+(\\d+)\\s*>\\s*host aw-bits\\s+(\\d+)");
    private static final Pattern GROUP_ADD = Pattern.compile("cannot add vfio group to container(?:, error\\s*(-?\\d+))?");
    private static final Pattern CH = Pattern.compile("(?:IommuDmaMap|DmaMap)\\(Error\\((\\d+)\\)\\)");
    private static final List<String[]> ERRNO_TEXT = List.of(new String[] {"invalid argument", "22"}, new String[] {"bad address", "14"},
            new String[] {"cannot allocate memory", "12"}, new String[] {"no space left", "28"}, new String[] {"file exists", "17"},
            new String[] {"operation not permitted", "1"}, new String[] {"device or resource busy", "16"},
            new String[] {"address already in use", "98"});

    /** The recognised line; IllegalArgumentException naming the known messages when it is none of them. */
    public static LogLine parse(String line) {
        String t = line.strip();
        Matcher m = DMA_MAP.matcher(t);
        if (m.find()) {
            long iova = Numbers.address(m.group(1));
            long size = Numbers.address(m.group(2));
            return new LogLine(Kind.DMA_MAP, t, iova, size, Math.abs(Integer.parseInt(m.group(3))), 0, 0);
        }
        m = AW.matcher(t);
        if (m.find() && t.contains("vIOMMU")) {
            return new LogLine(Kind.VIOMMU_AW_BITS, t, 0, 0, 0, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        if (t.contains("Firmware has requested this device have a 1:1 IOMMU mapping")) {
            return new LogLine(Kind.FIRMWARE_1TO1, t, 0, 0, 22, 0, 0);
        }
        if (t.contains("ineligible for IOMMU domain attach due to platform RMRR")) {
            return new LogLine(Kind.RMRR, t, 0, 0, 1, 0, 0);
        }
        if (t.contains("No interrupt remapping support")) {
            return new LogLine(Kind.NO_INTR_REMAP, t, 0, 0, 1, 0, 0);
        }
        m = GROUP_ADD.matcher(t);
        if (m.find()) {
            return new LogLine(Kind.GROUP_ADD, t, 0, 0, m.group(1) == null ? errnoOf(t) : Math.abs(Integer.parseInt(m.group(1))), 0, 0);
        }
        m = MAP_FAILED.matcher(t);
        if (m.find()) {
            return new LogLine(Kind.MAP_FAILED, t, 0, 0, errnoOf(m.group(1)), 0, 0);
        }
        m = IOAS.matcher(t);
        if (m.find()) {
            return new LogLine(Kind.IOAS_MAP, t, 0, 0, errnoOf(m.group(1)), 0, 0);
        }
        m = CH.matcher(t);
        if (m.find()) {
            return new LogLine(Kind.MAP_FAILED, t, 0, 0, Integer.parseInt(m.group(1)), 0, 0);
        }
        throw new IllegalArgumentException("not a line iovacheck knows: it reads vfio_container_dma_map(...) = -N, vfio_dma_map(...) = -N,"
                + " VFIO_MAP_DMA failed: ..., IOMMU_IOAS_MAP failed: ..., Failed to set vIOMMU: aw-bits N > host aw-bits M, Firmware has"
                + " requested this device have a 1:1 IOMMU mapping, ...platform RMRR requirement, No interrupt remapping support,"
                + " cannot add vfio group to container, VfioDmaMap(IommuDmaMap(Error(N)))");
    }

    /** The errno a message names by number (-22, 22) or by its strerror text; 0 when it names none. */
    static int errnoOf(String s) {
        Matcher n = Pattern.compile("-?\\b(\\d{1,3})\\b").matcher(s);
        String low = s.toLowerCase(Locale.ROOT);
        for (String[] e : ERRNO_TEXT) {
            if (low.contains(e[0])) {
                return Integer.parseInt(e[1]);
            }
        }
        return n.find() ? Integer.parseInt(n.group(1)) : 0;
    }
}
