package org.iovacheck.preset;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.preset.firmware.ArmVirtEdk2;
import org.iovacheck.preset.firmware.BarSpec;
import org.iovacheck.preset.firmware.Placement;

/** qemu-virt with firmware=edk2: the devices' BARs where ArmVirtQemu places them (docs/firmware.md). */
final class ArmEdk2Bars {
    private ArmEdk2Bars() {
    }

    static List<GuestRegion> bars(List<GuestRegion> regions, List<BarSpec> devices, List<String> notes) throws InputException {
        Range high = null;
        GuestRegion low32 = null;
        for (GuestRegion r : regions) {
            if (r.name().equals("high-pcie-mmio")) {
                high = r.range();
            } else if (r.name().equals("pcie-mmio")) {
                low32 = r;
            }
        }
        Placement pl = ArmVirtEdk2.place(high, devices);
        notes.addAll(pl.notes());
        List<GuestRegion> out = new ArrayList<>();
        for (Placement.PlacedBar pb : pl.placed()) {
            out.add(new GuestRegion(pb.bar().name(), pb.bar().ivshmem() ? GuestKind.IVSHMEM : GuestKind.DEVICE_BAR, pb.range()));
        }
        List<String> lowNames = new ArrayList<>();
        boolean lowIvshmem = false;
        for (BarSpec s : pl.low()) {
            if (s.ivshmem() && s.index() == 0) {
                continue; // emulated register BAR: never DMA-mapped
            }
            lowNames.add(s.name());
            lowIvshmem |= s.ivshmem();
        }
        if (!lowNames.isEmpty() && low32 != null) {
            out.add(new GuestRegion(String.join("+", lowNames) + " (anywhere in " + low32.name() + ")", lowIvshmem ? GuestKind.IVSHMEM
                    : GuestKind.DEVICE_BAR, low32.range()));
            notes.add("where edk2 puts BARs below 4 GiB is not modelled: the whole 32-bit PCIe window stands for " + String.join(", ", lowNames));
        }
        return out;
    }
}
