package org.iovacheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;
import org.junit.jupiter.api.Test;

/** The address-space picture: boxes in address order over the whole 64-bit line, and every conflict drawn when ranges are cut. */
class AddressMapTest {
    private static final Pattern RECT = Pattern.compile("<rect class=\"([^\"]+)\" x=\"([0-9.]+)\" y=\"[0-9]+\" width=\"([0-9.]+)\"");

    private static ReservedRegion window(long first, long last) {
        return new ReservedRegion(new Range(first, last), RegionType.MSI_HW, "1", null, new Source("test", 1));
    }

    @Test
    void boxesFollowAddressOrderAndTheLastReachesTheEndOfTheLine() {
        GuestRegion low = new GuestRegion("low", GuestKind.RAM, new Range(0x1000, 0xffff));
        GuestRegion top = new GuestRegion("top", GuestKind.RAM, new Range(0x8000_0000_0000_0000L, U64.MAX));
        ReservedRegion w = window(0x8000_0000_0000_0000L, 0x8000_0000_0000_0fffL);
        Conflict c = Conflict.of(top, w);
        AddressMap.Picture p = AddressMap.draw(List.of(low, top), List.of(low, top), List.of(w), List.of(c));
        List<double[]> guest = new ArrayList<>();
        Matcher m = RECT.matcher(p.svg());
        double hitX = -1;
        double windowX = -1;
        while (m.find()) {
            double x = Double.parseDouble(m.group(2));
            double width = Double.parseDouble(m.group(3));
            switch (m.group(1)) {
                case "g-ram" -> guest.add(new double[] {x, width});
                case "hit" -> hitX = x;
                case "r-msi-hw" -> windowX = x;
                default -> {
                }
            }
        }
        assertEquals(2, guest.size());
        assertTrue(guest.get(0)[0] + guest.get(0)[1] <= guest.get(1)[0], "low before top");
        assertEquals(90 + 1100, guest.get(1)[0] + guest.get(1)[1], 0.2, "the region ending at 2^64 - 1 reaches the end of the axis");
        assertEquals(guest.get(1)[0], windowX, 1e-9, "the window starts where top starts");
        assertEquals(windowX, hitX, 1e-9, "the overlap is drawn where it lies");
        assertTrue(p.svg().contains(">2^64</text>"), "the axis ends at 2^64");
        assertEquals(0, p.excludedNotDrawn());
    }

    @Test
    void manyExcludedRangesKeepEveryConflictAndSayHowManyAreLeftOut() {
        GuestRegion ram = new GuestRegion("ram", GuestKind.RAM, new Range(1L << 40, (1L << 40) + (1L << 30) - 1));
        List<ReservedRegion> ex = new ArrayList<>();
        List<Conflict> cs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            long base = (long) i << 32;
            ex.add(window(base, base + 0xfff));
        }
        ReservedRegion inside = window((1L << 40) + 0x10000, (1L << 40) + 0x10fff);
        ex.add(inside);
        cs.add(Conflict.of(ram, inside));
        java.util.Collections.reverse(ex);
        AddressMap.Picture p = AddressMap.draw(List.of(ram), List.of(ram), ex, cs);
        assertEquals(ex.size() - AddressMap.MAX_EXCLUDED, p.excludedNotDrawn());
        Matcher m = RECT.matcher(p.svg());
        int windows = 0;
        int hits = 0;
        while (m.find()) {
            windows += m.group(1).equals("r-msi-hw") ? 1 : 0;
            hits += m.group(1).equals("hit") ? 1 : 0;
        }
        assertEquals(AddressMap.MAX_EXCLUDED, windows);
        assertEquals(1, hits);
        assertTrue(p.svg().contains("0x0000010000010000-0x0000010000010fff"), "the conflicting window is among those drawn");
    }
}
