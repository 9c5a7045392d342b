package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Widths worked out by hand from the register fields and the Linux 6.12 rules cited in IommuWidths (MGAW, SAGAW, scalable mode
 * and stage choice for Intel; page-table version, GATS and HATS for AMD; the SMMUv3 stage), not from the code's output.
 */
class IommuWidthsTest {
    /** i7-13700K / Raptor Lake client (reference users-2026-12 section 3): MGAW field 0x26 (39 bits), SAGAW 0b00100 (4-level, 48). */
    static final long CAP_39 = 0xd2008c40660462L;
    /** A client ecap without scalable-mode support (bit 43 clear). */
    static final long ECAP_LEGACY = 0xf050daL;
    /** MGAW field 0x2f (48 bits), SAGAW 0b00100. */
    static final long CAP_48 = 0xd2078c106f0466L;

    static long withMgawAndSagaw(long cap, int mgawBits, int sagaw) {
        long c = cap & ~(0x3fL << 16) & ~(0x1fL << 8);
        return c | ((long) (mgawBits - 1) << 16) | ((long) sagaw << 8);
    }

    @Test
    void intelWidthIsTheWidestSupportedLevelCappedAtMgaw() {
        assertEquals(39, IommuWidths.intel(CAP_39, ECAP_LEGACY, Known.NO, false, true).bits());
        assertEquals(39, IommuWidths.intel(CAP_39, ECAP_LEGACY, Known.UNKNOWN, false, true).bits());
        assertEquals(46, IommuWidths.intel(withMgawAndSagaw(CAP_39, 46, 0b00100), ECAP_LEGACY, Known.NO, false, true).bits());
        assertEquals(48, IommuWidths.intel(CAP_48, ECAP_LEGACY, Known.NO, false, true).bits());
        // 4- and 5-level tables (SAGAW bits 2 and 3) and MGAW 57: agaw 3 is the widest not above DEFAULT_DOMAIN_ADDRESS_WIDTH 57
        assertEquals(57, IommuWidths.intel(withMgawAndSagaw(CAP_48, 57, 0b01100), ECAP_LEGACY, Known.NO, false, true).bits());
        // only a 3-level table (SAGAW bit 1): 39 bits even with MGAW 48
        assertEquals(39, IommuWidths.intel(withMgawAndSagaw(CAP_48, 48, 0b00010), ECAP_LEGACY, Known.NO, false, true).bits());
        // no supported level: unknown
        assertEquals(0, IommuWidths.intel(withMgawAndSagaw(CAP_48, 48, 0), ECAP_LEGACY, Known.NO, false, true).bits());
    }

    @Test
    void firstStageOnlyUnitsLoseTheTopBitForCanonicalAddresses() {
        long ecapFirstOnly = (1L << 43) | (1L << 47);
        IommuWidths.Width w = IommuWidths.intel(CAP_48, ecapFirstOnly, Known.YES, true, false);
        assertEquals(47, w.bits());
        assertTrue(w.why().contains("first-stage"), w.why());
        // sm_off: the second-stage SAGAW and a second-stage domain
        assertEquals(48, IommuWidths.intel(CAP_48, ecapFirstOnly, Known.NO, true, false).bits());
        // unknown scalable mode: the narrower answer, and it says so
        IommuWidths.Width u = IommuWidths.intel(CAP_48, ecapFirstOnly, Known.UNKNOWN, true, false);
        assertEquals(47, u.bits());
        assertTrue(u.why().contains("scalable mode unknown"), u.why());
        // both stages on every unit: VFIO's unmanaged domain takes the second stage (first_level_by_default)
        long ecapBoth = (1L << 43) | (1L << 46) | (1L << 47);
        assertEquals(48, IommuWidths.intel(CAP_48, ecapBoth, Known.YES, true, true).bits());
    }

    @Test
    void amdV1IsFullOn612AndHatsLimitedAfter() {
        long efrHats0 = 0x0L;
        long efrHats1 = 1L << 10;
        long efrHats2 = 2L << 10;
        assertEquals(64, IommuWidths.amd(efrHats0, false, false, Known.YES).bits());
        assertEquals(48, IommuWidths.amd(efrHats0, false, false, Known.NO).bits());
        assertEquals(57, IommuWidths.amd(efrHats1, false, false, Known.NO).bits());
        assertEquals(64, IommuWidths.amd(efrHats2, false, false, Known.NO).bits());
        assertEquals(48, IommuWidths.amd(efrHats0, false, false, Known.UNKNOWN).bits());
    }

    @Test
    void amdV2NeedsGiosupAndGtAndEndsAt47Or56() {
        long v2 = (1L << 48) | (1L << 4);
        long gats5 = 1L << 12;
        assertEquals(47, IommuWidths.amd(v2, true, false, Known.YES).bits());
        assertEquals(47, IommuWidths.amd(v2 | gats5, true, false, Known.YES).bits());
        assertEquals(56, IommuWidths.amd(v2 | gats5, true, true, Known.YES).bits());
        // pgtbl_v2 asked without GIOSup: the kernel falls back to v1
        assertEquals(64, IommuWidths.amd(1L << 4, true, true, Known.YES).bits());
    }

    @Test
    void smmuV3StageDecidesWhetherIasMatters() {
        assertEquals(48, IommuWidths.smmuV3(44, 44, (1 << 9) | (1 << 10)).bits());
        assertEquals(48, IommuWidths.smmuV3(52, 52, (1 << 9) | (1 << 14)).bits());
        assertEquals(44, IommuWidths.smmuV3(44, 40, 1 << 10).bits());
        assertEquals(0, IommuWidths.smmuV3(48, 48, -1).bits());
    }

    static final long SMTS = 1L << 43;
    static final long SLTS = 1L << 46;
    static final long FLTS = 1L << 47;
    static final long FL5LP = 1L << 60;

    /**
     * __iommu_calculate_sagaw: second stage only without scalable mode or first-stage support; first stage only (4 levels, 5 with
     * FL5LP) without second-stage support; else the levels both support. Here the second stage has only 3 levels (39 bits).
     */
    @Test
    void theStagesDecideWhichSagawCounts() {
        long cap57 = withMgawAndSagaw(CAP_48, 57, 0b00010);
        IommuWidths.Width fl5 = IommuWidths.intel(cap57 | FL5LP, SMTS | FLTS, Known.YES, true, false);
        assertEquals(56, fl5.bits(), "5-level first stage: 57 bits less the sign bit");
        assertTrue(fl5.why().contains("57-bit first-stage domain, canonical addresses below 2^56") && fl5.why().contains("scalable mode"), fl5.why());
        assertEquals(47, IommuWidths.intel(cap57, SMTS | FLTS, Known.YES, true, false).bits(), "4-level first stage without FL5LP");
        assertEquals(39, IommuWidths.intel(cap57 | FL5LP, SMTS | FLTS, Known.NO, true, false).bits(), "sm_off: second stage");
        assertEquals(39, IommuWidths.intel(cap57 | FL5LP, FLTS, Known.YES, true, false).bits(), "no scalable-mode support: second stage");
        assertEquals(39, IommuWidths.intel(cap57 | FL5LP, SMTS | SLTS, Known.YES, false, true).bits(), "no first stage");
        IommuWidths.Width none = IommuWidths.intel(cap57 | FL5LP, SMTS | SLTS | FLTS, Known.YES, true, true);
        assertEquals(0, none.bits(), "both stages but no common level: iommu_calculate_agaw finds none");
        assertTrue(none.why().contains("no supported page-table level"), none.why());
        IommuWidths.Width legacy = IommuWidths.intel(cap57, SMTS | FLTS, Known.NO, true, false);
        assertTrue(!legacy.why().contains("scalable mode") && legacy.why().contains("second stage for VFIO"), legacy.why());
    }

    @Test
    void unknownScalableModeTakesTheNarrowerKnownAnswer() {
        long cap57 = withMgawAndSagaw(CAP_48, 57, 0b00010);
        IommuWidths.Width wideOn = IommuWidths.intel(cap57 | FL5LP, SMTS | FLTS, Known.UNKNOWN, true, false);
        assertEquals(39, wideOn.bits(), "sm_on 56, sm_off 39");
        assertTrue(wideOn.why().contains("the narrower of 56 (sm_on) and 39 (sm_off) bits"), wideOn.why());
        assertEquals(39, IommuWidths.intel(cap57 | FL5LP, SMTS | SLTS | FLTS, Known.UNKNOWN, true, true).bits(), "sm_on finds no level, sm_off 39");
        long noSecond = withMgawAndSagaw(CAP_48, 48, 0);
        assertEquals(47, IommuWidths.intel(noSecond, SMTS | FLTS, Known.UNKNOWN, true, false).bits(), "sm_off finds no level, sm_on 47");
        IommuWidths.Width same = IommuWidths.intel(CAP_48, ECAP_LEGACY, Known.UNKNOWN, false, true);
        assertTrue(same.why().endsWith("(the same with and without scalable mode)"), same.why());
        assertEquals(0, IommuWidths.intel(noSecond, SMTS | SLTS, Known.UNKNOWN, false, true).bits(), "neither finds a level");
    }

    @Test
    void firstStageOnlyWhenEveryUnitHasItAndNotEverySecond() {
        long both = SMTS | SLTS | FLTS;
        long cap = withMgawAndSagaw(CAP_48, 48, 0b00100);
        assertEquals(48, IommuWidths.intel(cap, both, Known.YES, true, true).bits());
        assertEquals(48, IommuWidths.intel(cap, both, Known.YES, false, true).bits());
        assertEquals(48, IommuWidths.intel(cap, both, Known.YES, false, false).bits());
        assertEquals(47, IommuWidths.intel(cap, both, Known.YES, true, false).bits());
        assertEquals(48, IommuWidths.intel(cap, both, Known.NO, true, false).bits(), "legacy mode has the second stage only");
    }

    @Test
    void levelsFromTwoToFiveAndNothingAboveDefaultDomainAddressWidth() {
        // SAGAW bit 0: a 2-level table, 30 bits (agaw 0)
        assertEquals(30, IommuWidths.intel(withMgawAndSagaw(CAP_48, 48, 0b00001), ECAP_LEGACY, Known.NO, false, true).bits());
        // bit 4 is above width_to_agaw(57) = 3: not used
        assertEquals(48, IommuWidths.intel(withMgawAndSagaw(CAP_48, 57, 0b10100), ECAP_LEGACY, Known.NO, false, true).bits());
        assertEquals(0, IommuWidths.intel(withMgawAndSagaw(CAP_48, 57, 0b10000), ECAP_LEGACY, Known.NO, false, true).bits());
        assertEquals(3, IommuWidths.widthToAgaw(57));
        assertEquals(2, IommuWidths.widthToAgaw(48));
        assertEquals(0, IommuWidths.widthToAgaw(30));
        assertEquals(1, IommuWidths.widthToAgaw(31));
        assertEquals(30, IommuWidths.agawToWidth(0));
        assertEquals(57, IommuWidths.agawToWidth(3));
        assertEquals(64, IommuWidths.agawToWidth(4), "66 bits do not exist: capped at 64");
    }

    @Test
    void amdV2NeedsBothFeatureBitsAndGatsOneForFiveLevels() {
        long giosupOnly = 1L << 48;
        IommuWidths.Width fallback = IommuWidths.amd(giosupOnly, true, true, Known.YES);
        assertEquals(64, fallback.bits(), "GTSup missing: v1");
        assertTrue(fallback.why().contains("pgtbl_v2 asked but GIOSup/GTSup missing, so v1"), fallback.why());
        assertTrue(IommuWidths.amd(0, false, false, Known.YES).why().contains(": v1 page table, full 64-bit aperture"));
        long v2 = (1L << 48) | (1L << 4);
        assertEquals(47, IommuWidths.amd(v2 | (2L << 12), true, true, Known.YES).bits(), "GATS 2 is not 5 levels");
        assertEquals(47, IommuWidths.amd(v2 | (3L << 12), true, true, Known.YES).bits(), "GATS 3 is not 5 levels");
        assertTrue(IommuWidths.amd(v2 | (1L << 12), true, true, Known.YES).why().contains("v2 page table with 5 levels"));
        assertTrue(IommuWidths.amd(v2, true, true, Known.YES).why().contains("v2 page table with 4 levels"));
        assertEquals(64, IommuWidths.amd(v2, false, true, Known.YES).bits(), "v2 not asked");
    }

    @Test
    void amdHatsLimitAfter612() {
        assertEquals(64, IommuWidths.amd(3L << 10, false, false, Known.NO).bits(), "HATS 3: 7 levels, 75 bits, capped");
        IommuWidths.Width h1 = IommuWidths.amd(1L << 10, false, false, Known.NO);
        assertTrue(h1.why().contains("limited by HATS 1 to 5 levels, 57 bits") && h1.why().contains("assumed for kernels after 6.12"), h1.why());
        IommuWidths.Width u = IommuWidths.amd(0, false, false, Known.UNKNOWN);
        assertTrue(u.why().contains("limited by HATS 0 to 4 levels, 48 bits") && u.why().contains("kernel release unknown"), u.why());
        assertEquals(48, IommuWidths.amd(1L << 9, false, false, Known.NO).bits(), "bit 9 is not HATS");
    }

    @Test
    void smmuV3WithoutEitherStageHasNoWidth() {
        IommuWidths.Width none = IommuWidths.smmuV3(48, 48, 0);
        assertEquals(0, none.bits());
        assertTrue(none.why().startsWith("ias 48-bit, oas 48-bit, features 0x0: neither stage 1 nor stage 2"), none.why());
        assertEquals(0, IommuWidths.smmuV3(48, 48, 1 << 14).bits(), "VAX alone is no stage");
        IommuWidths.Width noWord = IommuWidths.smmuV3(48, 44, -1);
        assertTrue(noWord.why().startsWith("ias 48-bit, oas 44-bit: no features word"), noWord.why());
        IommuWidths.Width s1 = IommuWidths.smmuV3(44, 44, 1 << 9);
        assertTrue(s1.why().contains("stage-1 domain, 48-bit input") && !s1.why().contains("VAX"), s1.why());
        IommuWidths.Width vax = IommuWidths.smmuV3(52, 52, (1 << 9) | (1 << 14));
        assertTrue(vax.why().contains("VAX allows 52 only with 52-bit kernel VAs; 48 assumed"), vax.why());
        IommuWidths.Width s2 = IommuWidths.smmuV3(40, 44, (1 << 10) | (1 << 14));
        assertEquals(40, s2.bits());
        assertTrue(s2.why().contains("stage-2-only SMMU, input size ias"), s2.why());
    }
}
