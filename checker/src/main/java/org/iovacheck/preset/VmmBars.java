package org.iovacheck.preset;

import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;
import org.iovacheck.preset.firmware.BarSpec;
import org.iovacheck.preset.firmware.CloudHypervisorAllocator;
import org.iovacheck.preset.firmware.CrosvmAllocator;
import org.iovacheck.preset.firmware.DeviceSpecs;
import org.iovacheck.preset.firmware.Placement;

/** Device BARs that a VMM (not a guest firmware) allocates, added to a preset's layout (docs/firmware.md). */
final class VmmBars {
    private VmmBars() {
    }

    /** cloud-hypervisor: the layout's pci-mmio-32 and pci-mmio-64 windows, BARs top-down in each. */
    static void cloudHypervisor(LayoutBuilder b, String devicesText, int physBits) throws InputException {
        List<BarSpec> bars = DeviceSpecs.parse("none".equals(devicesText) ? null : devicesText);
        if (bars.isEmpty()) {
            return;
        }
        Range mmio32 = null;
        Range mmio64 = null;
        for (GuestRegion r : b.regions()) {
            if (r.name().equals("pci-mmio-32")) {
                mmio32 = r.range();
            } else if (r.name().equals("pci-mmio-64")) {
                long last = U64.min(r.range().last(), CloudHypervisorAllocator.deviceAreaLast(physBits));
                mmio64 = U64.le(r.range().first(), last) ? new Range(r.range().first(), last) : null;
            }
        }
        Placement pl = CloudHypervisorAllocator.place(bars, mmio32, mmio64);
        for (Placement.PlacedBar pb : pl.placed()) {
            b.bar(new GuestRegion(pb.bar().name(), GuestKind.DEVICE_BAR, pb.range()));
        }
        pl.notes().forEach(b::note);
    }

    /** crosvm x86_64: the layout's pci-mmio-low and high-mmio pools, BARs first fit from the bottom. */
    static void crosvm(LayoutBuilder b, String devicesText) throws InputException {
        List<BarSpec> bars = DeviceSpecs.parse("none".equals(devicesText) ? null : devicesText);
        if (bars.isEmpty()) {
            return;
        }
        Range low = null;
        Range high = null;
        for (GuestRegion r : b.regions()) {
            if (r.name().equals("pci-mmio-low")) {
                low = r.range();
            } else if (r.name().equals("high-mmio")) {
                high = r.range();
            }
        }
        Placement pl = CrosvmAllocator.place(bars, low, high);
        for (Placement.PlacedBar pb : pl.placed()) {
            b.bar(new GuestRegion(pb.bar().name(), GuestKind.DEVICE_BAR, pb.range()));
        }
        pl.notes().forEach(b::note);
    }
}
