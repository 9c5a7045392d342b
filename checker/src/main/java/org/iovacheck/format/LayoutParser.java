package org.iovacheck.format;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * Reads a guest layout file: lines "FIRST LAST KIND [NAME]" (addresses inclusive, 0x-hex or decimal; KIND ram, hotplug, rom,
 * mmio or bar; NAME the rest of the line), '#' starts a comment. Guest regions may not overlap one another; ram, hotplug and
 * rom regions must be 4 KiB-aligned (the kernel maps nothing finer).
 */
public final class LayoutParser {
    /**
     * The smallest IOMMU page VFIO and iommufd map: type1 raises sub-PAGE_SIZE IOMMU pages to PAGE_SIZE
     * (vfio_update_pgsize_bitmap) and PAGE_SIZE is at least 4 KiB; iommufd aligns to the domain's smallest page.
     */
    static final long PAGE = 4096;

    private LayoutParser() {
    }

    public static GuestLayout load(Path path) throws InputException {
        if (!Files.exists(path)) {
            throw new InputException(path.toString(), 0, "no such file (and not a preset name; see 'iovacheck presets')");
        }
        return parse(HostLoader.readText(path), path.toString());
    }

    public static GuestLayout parse(String text, String file) throws InputException {
        List<GuestRegion> regions = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String[] all = text.split("\n", -1);
        for (int i = 0; i < all.length; i++) {
            int lineNo = i + 1;
            String line = all[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+", 4);
            if (f.length < 3) {
                throw new InputException(file, lineNo, "expected '<first> <last> <kind> [name]', found " + f.length + " field" + (f.length == 1 ? "" : "s"));
            }
            long first;
            long last;
            try {
                first = Numbers.address(f[0]);
                last = Numbers.address(f[1]);
            } catch (IllegalArgumentException e) {
                throw new InputException(file, lineNo, e.getMessage());
            }
            if (U64.lt(last, first)) {
                throw new InputException(file, lineNo, "first address " + f[0] + " is above last address " + f[1]);
            }
            GuestKind kind = GuestKind.fromLabel(f[2]);
            if (kind == null) {
                throw new InputException(file, lineNo, "unknown guest region kind '" + f[2] + "' (expected ram, hotplug, rom, mmio or bar)");
            }
            if ((kind == GuestKind.RAM || kind == GuestKind.HOTPLUG || kind == GuestKind.ROM)
                    && ((first & (PAGE - 1)) != 0 || ((last + 1) & (PAGE - 1)) != 0)) {
                throw new InputException(file, lineNo, kind.label() + " region " + new Range(first, last) + " is not page-aligned: "
                        + "VFIO_IOMMU_MAP_DMA and IOMMU_IOAS_MAP refuse a mapping whose start or size is not a multiple of the "
                        + "IOMMU page size, at least 4 KiB (vfio_dma_do_map, iopt_check_iova), so no VMM can map it for DMA");
            }
            String name = f.length == 4 ? f[3] : kind.label() + (regions.size() + 1);
            GuestRegion r = new GuestRegion(name, kind, new Range(first, last));
            for (int j = 0; j < regions.size(); j++) {
                if (regions.get(j).range().overlaps(r.range())) {
                    throw new InputException(file, lineNo, "region " + r.range() + " overlaps '" + regions.get(j).name()
                            + "' " + regions.get(j).range() + " from line " + lines.get(j));
                }
            }
            regions.add(r);
            lines.add(lineNo);
        }
        if (regions.isEmpty()) {
            throw new InputException(file, 0, "no guest regions in the file (expected lines like '0x40000000 0x13fffffff ram')");
        }
        return new GuestLayout(file, regions, List.of(), List.of());
    }
}
