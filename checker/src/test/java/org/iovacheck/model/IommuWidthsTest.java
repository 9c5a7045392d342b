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
}
