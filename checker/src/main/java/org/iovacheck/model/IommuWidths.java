package org.iovacheck.model;

/**
 * The kernel's rules (Linux 6.12) for the input address width of the paging domains VFIO type1 and iommufd allocate
 * (iommu_paging_domain_alloc, IOMMU_DOMAIN_UNMANAGED), from the register values sysfs and the kernel log show.
 * Each answer carries the width in bits (0 when it cannot be decided) and a sentence naming the values and kernel functions.
 */
public final class IommuWidths {
    private IommuWidths() {
    }

    /** Immutable; a width (0 = unknown) and how it was derived. */
    public record Width(int bits, String why) {
    }

    /** VT-d SAGAW bit i supports an adjusted guest address width of 30 + 9 i bits (intel/iommu.h agaw_to_width). */
    static int agawToWidth(int agaw) {
        return Math.min(30 + agaw * 9, 64);
    }

    /** intel/iommu.h width_to_agaw: DIV_ROUND_UP(width - 30, 9). */
    static int widthToAgaw(int width) {
        return (width - 30 + 8) / 9;
    }

    /**
     * Intel VT-d, from {@code intel-iommu/cap} and {@code ecap}: intel/iommu.h cap_mgaw = ((cap >> 16) & 0x3f) + 1, cap_sagaw =
     * (cap >> 8) & 0x1f, cap_fl5lp_support = bit 60, ecap_smts = bit 43, ecap_slts = bit 46, ecap_flts = bit 47.
     * intel/iommu.c __iommu_calculate_sagaw picks the second-stage SAGAW without scalable mode or first-stage support, the
     * first-stage levels (4, and 5 with FL5LP) when second stage is missing, else both; iommu_calculate_agaw takes the widest
     * supported level not above DEFAULT_DOMAIN_ADDRESS_WIDTH (57); prepare_domain_attach_device caps it at MGAW; and
     * domain_update_iommu_cap sets the aperture to 2^width - 1 for second-stage domains, 2^(width-1) - 1 for first-stage ones
     * (canonical addresses). first_level_by_default gives unmanaged (VFIO) domains the second stage whenever every unit has it.
     *
     * @param scalable whether the kernel runs the unit in scalable mode (intel_iommu=sm_on/sm_off; 6.12 Debian default on);
     *                 UNKNOWN takes the narrower of both answers
     * @param allFirst whether every VT-d unit of the host has first-stage translation (intel_cap_flts_sanity)
     * @param allSecond whether every VT-d unit of the host has second-stage translation (intel_cap_slts_sanity)
     */
    public static Width intel(long cap, long ecap, Known scalable, boolean allFirst, boolean allSecond) {
        if (scalable == Known.UNKNOWN) {
            Width on = intel(cap, ecap, Known.YES, allFirst, allSecond);
            Width off = intel(cap, ecap, Known.NO, allFirst, allSecond);
            if (on.bits() == off.bits()) {
                return new Width(on.bits(), on.why() + " (the same with and without scalable mode)");
            }
            Width narrow = on.bits() != 0 && (off.bits() == 0 || on.bits() < off.bits()) ? on : off;
            return new Width(narrow.bits(), narrow.why() + "; scalable mode unknown, so the narrower of " + on.bits() + " (sm_on) and "
                    + off.bits() + " (sm_off) bits is assumed");
        }
        int mgaw = (int) ((cap >>> 16) & 0x3f) + 1;
        long slSagaw = (cap >>> 8) & 0x1f;
        long flSagaw = (1L << 2) | (((cap >>> 60) & 1) != 0 ? 1L << 3 : 0);
        boolean smts = ((ecap >>> 43) & 1) != 0;
        boolean slts = ((ecap >>> 46) & 1) != 0;
        boolean flts = ((ecap >>> 47) & 1) != 0;
        boolean sm = scalable == Known.YES && smts;
        long sagaw;
        if (!sm || !flts) {
            sagaw = slSagaw;
        } else if (!slts) {
            sagaw = flSagaw;
        } else {
            sagaw = flSagaw & slSagaw;
        }
        int agaw = -1;
        for (int a = widthToAgaw(57); a >= 0; a--) {
            if (((sagaw >>> a) & 1) != 0) {
                agaw = a;
                break;
            }
        }
        String regs = "cap 0x" + Long.toHexString(cap) + ": MGAW " + mgaw + ", SAGAW 0x" + Long.toHexString(slSagaw)
                + (sm ? ", scalable mode" : "");
        if (agaw < 0) {
            return new Width(0, regs + ": no supported page-table level (intel/iommu.c iommu_calculate_agaw finds none; the unit is not used)");
        }
        int width = Math.min(agawToWidth(agaw), mgaw);
        boolean firstStage = sm && (allFirst ^ allSecond) && allFirst;
        if (firstStage) {
            return new Width(width - 1, regs + ": " + width + "-bit first-stage domain, canonical addresses below 2^" + (width - 1)
                    + " (intel/iommu.c first_level_by_default, domain_update_iommu_cap)");
        }
        return new Width(width, regs + ": " + agawToWidth(agaw) + "-bit page table capped at MGAW, second stage for VFIO"
                + " (intel/iommu.c iommu_calculate_agaw, prepare_domain_attach_device, domain_update_iommu_cap)");
    }

    /**
     * AMD-Vi, from {@code amd-iommu/features} ("EFR:EFR2" in hex, amd/init.c amd_iommu_show_features). Linux 6.12
     * amd/iommu.c dma_max_address: v1 page tables (the default, amd_iommu=pgtbl_v1) have the full 64-bit aperture; v2
     * (amd_iommu=pgtbl_v2, which needs EFR GIOSup bit 48 and GTSup bit 4, else amd/init.c falls back to v1) ends at
     * 2^(PM_LEVEL_SHIFT(level) - 1) - 1: 47 bits with 4 levels, 56 with 5 (amd/init.c: host LA57 and EFR GATS bits 13:12 = 1).
     * A later series limits v1 domains by the host address translation size (EFR HATS bits 11:10, level HATS + 4, 12 + 9 level
     * bits; iommu list 2025-05-06); the release that first carries it was not checked, so for every kernel after 6.12, or an
     * unknown release, that narrower width is assumed (it can only make answers stricter) and the note says so.
     *
     * @param v2 whether amd_iommu=pgtbl_v2 is on the kernel command line
     * @param la57 whether the CPU runs 5-level paging (la57 in /proc/cpuinfo flags)
     * @param upTo612 whether the kernel release is 6.12 or older (Known.UNKNOWN when not read)
     */
    public static Width amd(long efr, boolean v2, boolean la57, Known upTo612) {
        String regs = "EFR 0x" + Long.toHexString(efr);
        boolean giosup = ((efr >>> 48) & 1) != 0;
        boolean gt = ((efr >>> 4) & 1) != 0;
        if (v2 && giosup && gt) {
            boolean five = la57 && ((efr >>> 12) & 3) == 1;
            int bits = five ? 56 : 47;
            return new Width(bits, regs + ": v2 page table with " + (five ? 5 : 4) + " levels (amd/iommu.c dma_max_address)");
        }
        String v1 = (v2 ? "pgtbl_v2 asked but GIOSup/GTSup missing, so v1 (amd/init.c)" : "v1 page table");
        if (upTo612 == Known.YES) {
            return new Width(64, regs + ": " + v1 + ", full 64-bit aperture on Linux 6.12 and older (amd/iommu.c dma_max_address)");
        }
        int hats = (int) ((efr >>> 10) & 3);
        int bits = Math.min(64, 12 + 9 * (hats + 4));
        return new Width(bits, regs + ": " + v1 + " limited by HATS " + hats + " to " + (hats + 4) + " levels, " + bits + " bits"
                + (upTo612 == Known.NO ? " (assumed for kernels after 6.12: the HATS limit of a 2025 series; stricter if the kernel lacks it)"
                        : " (kernel release unknown: the narrower post-6.12 HATS rule is assumed)"));
    }

    /**
     * Arm SMMUv3, from the probe line {@code ias N-bit, oas M-bit (features 0x...)} (arm-smmu-v3.c arm_smmu_device_hw_probe).
     * arm_smmu_domain_finalise gives VFIO's paging domain stage 1 when the SMMU has it (features bit 9, TRANS_S1): an input
     * size of 48 bits, or 52 with VAX (bit 14) on a kernel with 52-bit virtual addresses (not known offline, 48 assumed);
     * a stage-2-only SMMU (bit 10 alone) uses ias, which the log line prints as max(ias, oas).
     *
     * @param features the features word of the line, or -1 when the line has none
     */
    public static Width smmuV3(int ias, int oas, long features) {
        String line = "ias " + ias + "-bit, oas " + oas + "-bit" + (features >= 0 ? ", features 0x" + Long.toHexString(features) : "");
        if (features < 0) {
            return new Width(0, line + ": no features word, so the stage (and with it the width) is unknown");
        }
        boolean s1 = (features & (1 << 9)) != 0;
        boolean s2 = (features & (1 << 10)) != 0;
        boolean vax = (features & (1 << 14)) != 0;
        if (s1) {
            return new Width(48, line + ": stage-1 domain, 48-bit input" + (vax ? " (VAX allows 52 only with 52-bit kernel VAs; 48 assumed)" : "")
                    + " (arm-smmu-v3.c arm_smmu_domain_finalise)");
        }
        if (s2) {
            return new Width(Math.min(ias, 64), line + ": stage-2-only SMMU, input size ias (arm-smmu-v3.c arm_smmu_domain_finalise)");
        }
        return new Width(0, line + ": neither stage 1 nor stage 2 in the features word");
    }
}
