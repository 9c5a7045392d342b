package org.iovacheck.report;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.format.LogLine;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.HostCpu;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.ResolvedHost;
import org.iovacheck.model.U64;
import org.iovacheck.preset.SizeText;

/**
 * Explains a pasted error line against a host (and optionally the guest): which host range or limit the address meets, what
 * the errno means there, and the fix; errors that are not layout problems (EFAULT, ENOMEM, ENOSPC, EEXIST, EPERM) are said to be
 * so. Sources: drivers/vfio/vfio_iommu_type1.c (vfio_dma_do_map, vfio_iommu_iova_dma_valid, vfio_pin_pages_remote,
 * vfio_iommu_type1_attach_group), drivers/iommu/iommu.c, QEMU hw/vfio and hw/i386/intel_iommu.c, edk2 OvmfPkg MemDetect.c.
 */
public final class ExplainReport {
    private ExplainReport() {
    }

    /** Immutable; the explanation as labelled lines, and whether the error is a guest-layout problem. */
    public record Explanation(List<String[]> lines, boolean layoutProblem) {
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (String[] l : lines) {
                sb.append(String.format("%-9s%s%n", l[0] + ":", l[1]));
            }
            return sb.toString();
        }
    }

    /** Fix texts in the user's syntax; the caller supplies them for the guest's configuration (or both syntaxes). */
    public interface Fixes {
        /** The change that limits the guest's physical address bits to n. */
        String physBitsLimit(int n);

        /** The change that sets an Intel vIOMMU's address width to n. */
        String viommuAwBits(int n);
    }

    public static Explanation explain(LogLine l, ResolvedHost host, HostCpu facts, GuestLayout guest, Fixes fixes, String placeHint) {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"line", l.text()});
        boolean layout = false;
        switch (l.kind()) {
            case DMA_MAP, MAP_FAILED, IOAS_MAP -> layout = map(l, host, facts, guest, fixes, placeHint, out);
            case VIOMMU_AW_BITS -> {
                out.add(new String[] {"what", "QEMU refused the vIOMMU: the guest-visible Intel IOMMU would translate " + l.awBits()
                        + "-bit IOVAs, the host IOMMU only " + l.hostAwBits() + " (hw/i386/intel_iommu.c vtd_check_hiod)"});
                if (facts.iommuBits() != 0) {
                    out.add(new String[] {"host", host.host().name() + ": IOMMU input width " + facts.iommuBits() + " bits"});
                }
                out.add(new String[] {"why", "intel-iommu aw-bits defaults to 48 from machine type 9.2 (QEMU 36bda55d1f), 39 before"});
                out.add(new String[] {"fix", fixes.viommuAwBits(l.hostAwBits())});
                layout = true;
            }
            case FIRMWARE_1TO1, RMRR -> {
                out.add(new String[] {"what", "the kernel refused to hand the device to VFIO: firmware (RMRR/IORT RMR) requires a 1:1 mapping"
                        + (l.kind() == LogLine.Kind.FIRMWARE_1TO1 ? " (drivers/iommu/iommu.c: require_direct, Linux 6.6 and later)"
                        : " (older intel-iommu: device_is_rmrr_locked, EPERM)")});
                directRegions(host, out);
                out.add(new String[] {"meaning", "no guest layout can help (iovacheck check answers NO_LAYOUT for such a group)"});
                out.add(new String[] {"fix", "a firmware/BIOS setting that drops the region, another slot or device; not a VM setting"});
            }
            case NO_INTR_REMAP -> {
                out.add(new String[] {"what", "EPERM at group attach: the host has no interrupt remapping (vfio_iommu_type1_attach_group)"});
                out.add(new String[] {"meaning", "not a layout problem"});
                out.add(new String[] {"fix", "enable interrupt remapping (IOMMU in firmware and kernel), or the vfio_iommu_type1 parameter "
                        + "allow_unsafe_interrupts=1 if the risk is accepted"});
            }
            case GROUP_ADD -> {
                out.add(new String[] {"what", "VFIO_GROUP_SET_CONTAINER failed" + (l.errno() == 0 ? "" : " with " + errnoName(l.errno()))});
                out.add(new String[] {"meaning", "with EINVAL: the group's reserved regions meet mappings already in the container "
                        + "(vfio_iommu_resv_conflict), its aperture excludes them (vfio_iommu_aper_conflict), or the device needs a 1:1 "
                        + "mapping (see the kernel log for 'Firmware has requested ...')"});
                directRegions(host, out);
                out.add(new String[] {"check", placeHint.replace("place", "check")});
                layout = true;
            }
            default -> {
            }
        }
        return new Explanation(out, layout);
    }

    private static void directRegions(ResolvedHost host, List<String[]> out) {
        for (Blocker b : host.blockers()) {
            out.add(new String[] {"host", host.host().name() + ": " + b.region().type().label() + " " + b.region().range() + " in "
                    + b.region().owner() + " (" + b.region().source() + ")"});
        }
    }

    static String errnoName(int e) {
        return switch (e) {
            case 1 -> "EPERM (-1)";
            case 12 -> "ENOMEM (-12)";
            case 14 -> "EFAULT (-14)";
            case 16 -> "EBUSY (-16)";
            case 17 -> "EEXIST (-17)";
            case 22 -> "EINVAL (-22)";
            case 28 -> "ENOSPC (-28)";
            case 98 -> "EADDRINUSE (-98)";
            default -> "errno " + e;
        };
    }

    private static boolean map(LogLine l, ResolvedHost host, HostCpu facts, GuestLayout guest, Fixes fixes, String placeHint, List<String[]> out) {
        boolean hasRange = l.kind() == LogLine.Kind.DMA_MAP && l.size() != 0;
        Range r = hasRange ? new Range(l.iova(), U64.addExact(l.iova(), l.size() - 1)) : null;
        out.add(new String[] {"what", "the VMM asked the kernel to DMA-map " + (r == null ? "guest memory" : "IOVA " + r + " (" + SizeText.of(l.size()) + ")")
                + " for an assigned device and got " + errnoName(l.errno())});
        switch (l.errno()) {
            case 14 -> {
                out.add(new String[] {"meaning", "EFAULT: the kernel could not pin the host memory behind it (vfio_pin_pages_remote /"
                        + " vaddr_get_pfns), e.g. a device BAR mmap or memory without struct pages ('PCI BAR?' in QEMU's message)"});
                out.add(new String[] {"verdict", "not a guest layout problem: no host reserved range is involved, and moving guest memory does not help"});
                return false;
            }
            case 12 -> {
                out.add(new String[] {"meaning", "ENOMEM: pinning the guest memory went past the locked-memory limit (RLIMIT_MEMLOCK,"
                        + " vfio_pin_pages_remote) or the host is out of memory"});
                out.add(new String[] {"verdict", "not a guest layout problem; raise the memlock limit (libvirt: <memtune><hard_limit>, or the"
                        + " service's LimitMEMLOCK)"});
                return false;
            }
            case 28 -> {
                out.add(new String[] {"meaning", "ENOSPC: the container's mapping count reached vfio_iommu_type1's dma_entry_limit (default"
                        + " 65535, vfio_dma_do_map)"});
                out.add(new String[] {"verdict", "not a guest layout problem; raise vfio_iommu_type1.dma_entry_limit or use fewer, larger mappings"
                        + " (e.g. huge pages)"});
                return false;
            }
            case 17 -> {
                out.add(new String[] {"meaning", "EEXIST: the range is already mapped in this container/IOAS (type1 vfio_find_dma, iommufd"
                        + " iopt_alloc_iova): the VMM mapped it twice"});
                out.add(new String[] {"verdict", "not a host reserved range: a VMM-internal problem (e.g. cloud-hypervisor#6845 with two GPUs)"});
                return false;
            }
            case 1 -> {
                out.add(new String[] {"meaning", "EPERM: not allowed (locked memory accounting, or a device the IOMMU refuses)"});
                out.add(new String[] {"verdict", "not a guest layout problem"});
                return false;
            }
            case 22 -> {
            }
            default -> {
                out.add(new String[] {"meaning", errnoName(l.errno()) + " is not an error iovacheck knows for DMA mapping; nothing to explain"});
                return false;
            }
        }
        out.add(new String[] {"meaning", "EINVAL from vfio_iommu_type1 (vfio_dma_do_map): the range is not inside one valid IOVA range,"
                + " i.e. it meets a reserved region or lies beyond the IOMMU aperture (or is not page-aligned)"});
        if (r == null) {
            out.add(new String[] {"address", "the line gives no address; check the VM's configuration: " + placeHint.replace("place", "check")});
            return true;
        }
        if ((l.iova() & 0xfff) != 0 || (l.size() & 0xfff) != 0) {
            out.add(new String[] {"host", "the range is not 4 KiB aligned: the kernel refuses it before looking at reserved ranges"});
            return false;
        }
        List<ReservedRegion> hits = host.exclusions().stream().filter(x -> x.range().overlaps(r)).toList();
        boolean aperture = false;
        for (ReservedRegion x : hits) {
            if (x.type() == RegionType.OUTSIDE_APERTURE) {
                aperture = true;
                out.add(new String[] {"host", host.host().name() + ": beyond the IOMMU aperture (" + host.host().aperture().description()
                        + "; valid IOVA up to " + U64.shortHex(host.host().aperture().valid().get(host.host().aperture().valid().size() - 1).last()) + ")"});
            } else {
                out.add(new String[] {"host", host.host().name() + ": meets " + x.type().label() + " " + x.range() + " of " + x.owner() + " ("
                        + x.source() + ")"});
            }
        }
        if (hits.isEmpty()) {
            out.add(new String[] {"host", host.host().name() + " as given has no reserved range or aperture limit there, so this host input"
                    + " does not explain it: sysfs does not show the aperture (give aperture-bits in a host file) or the device's group is missing"});
            return true;
        }
        GuestRegion g = guest == null ? null : guest.regions().stream().filter(x -> x.range().contains(l.iova())).findFirst().orElse(null);
        int ovmf = ovmfWindowBits(l.iova());
        if (g != null) {
            out.add(new String[] {"guest", "the address is in guest " + g.kind().label() + " '" + g.name() + "' " + g.range()});
        } else if (ovmf != 0) {
            out.add(new String[] {"guest", "the address lies in OVMF's 64-bit PCI MMIO window for " + ovmf + " physical address bits ("
                    + U64.shortHex((1L << ovmf) - (1L << (ovmf - 3))) + "-" + U64.shortHex((1L << ovmf) - 1) + ", edk2 OvmfPkg MemDetect.c"
                    + " PlatformDynamicMmioWindow): a device BAR mapped for peer-to-peer, not RAM"});
        }
        boolean bar = (g != null && g.kind() == GuestKind.BAR) || (g == null && ovmf != 0);
        if (aperture && facts.iommuBits() != 0) {
            out.add(new String[] {"fix", fixes.physBitsLimit(facts.iommuBits()) + ": the guest's physical address space, and with it the"
                    + " firmware's BAR window, then fits the " + facts.iommuBits() + "-bit IOMMU"});
            if (bar) {
                out.add(new String[] {"note", "QEMU 10.0 and later only warn when a BAR cannot be mapped (commit aaec00422b): the VM runs,"
                        + " but peer-to-peer DMA to that BAR fails"});
            }
        } else if (hits.stream().anyMatch(x -> x.range().equals(new Range(0xfd00000000L, 0xffffffffffL)))) {
            out.add(new String[] {"fix", "keep guest memory out of the AMD HyperTransport range: machine type 7.1 or newer moves above-4G RAM"
                    + " of an AMD guest to 1 TiB (QEMU commit 8504f12945); " + placeHint + " prints the change"});
        } else {
            out.add(new String[] {"fix", placeHint + " finds a layout that avoids it, or says why there is none"});
        }
        return true;
    }

    /** The PhysBits p (36..52) whose OVMF dynamic MMIO window [2^p - 2^(p-3), 2^p) holds the address, or 0. */
    static int ovmfWindowBits(long iova) {
        for (int p = 36; p <= 52; p++) {
            long lo = (1L << p) - (1L << (p - 3));
            long hi = (1L << p) - 1;
            if (U64.le(lo, iova) && U64.le(iova, hi)) {
                return p;
            }
        }
        return 0;
    }
}
