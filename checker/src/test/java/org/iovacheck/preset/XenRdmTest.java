package org.iovacheck.preset;

import static org.iovacheck.preset.Layouts.assertRefused;
import static org.iovacheck.preset.Layouts.assertRegion;
import static org.iovacheck.preset.Layouts.layout;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.Range;
import org.junit.jupiter.api.Test;

/** libxl__domain_device_construct_rdm (tools/libs/light/libxl_dm.c) worked by hand for the xen-hvm preset. */
class XenRdmTest {
    private final XenHvm xen = new XenHvm();

    @Test
    void intelRmrrBetweenBoundaryAndFourGibMovesLowRam() throws InputException {
        GuestLayout l = layout(xen, "ram=4G", "rdm=0xbdf6e000-0xbdf84fff");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0xc0000L, 0xbddfffffL);
        assertRegion(l, "rdm-hole", GuestKind.MMIO, 0xbde00000L, 0xefffffffL);
        assertRegion(l, "ram-above-4g", GuestKind.RAM, 0x100000000L, 0x1419fffffL);
    }

    @Test
    void smallGuestBelowTheRdmIsUntouched() throws InputException {
        GuestLayout l = layout(xen, "ram=2G", "rdm=0xbdf6e000-0xbdf84fff");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0xc0000L, 0x7f7fffffL);
    }

    @Test
    void rdmBelowTheBoundaryIsAConflict() {
        assertRefused(xen, "RDM conflict at 0x7f000000", "ram=4G", "rdm=0x7f000000-0x7f0fffff");
    }

    @Test
    void relaxedKeepsRamOverTheRdm() throws InputException {
        GuestLayout l = layout(xen, "ram=4G", "rdm=0x7f000000-0x7f0fffff", "rdm-policy=relaxed");
        assertRegion(l, "ram-below-4g", GuestKind.RAM, 0xc0000L, 0xefffffffL);
    }

    @Test
    void twoRdmsAboveTheBoundaryTakeTheLowest() throws InputException {
        // the first RDM moves lowmem_end to 0xd0000000, the second (lower) to 0xbde00000; high RAM grows by both moves
        XenRdm.Result r = XenRdm.construct(List.of(new Range(0xd0000000L, 0xd0000fffL), new Range(0xbdf6e000L, 0xbdf84fffL)),
                0xf0000000L, 0x10f800000L, 2L << 30, true);
        assertEquals(0xbde00000L, r.lowmemEnd());
        assertEquals(0x10f800000L + (0xf0000000L - 0xbde00000L), r.highmemEnd());
    }
}
