package org.iovacheck.preset.firmware;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * edk2 ArmVirtQemu on QEMU arm virt: OvmfPkg/Fdt/FdtPciHostBridgeLib takes the 64-bit PCI window from the device tree's
 * MMIO64 range (virt's high PCIe MMIO region) and PciHostBridgeDxe (AllocateResource) places the root bridge's BARs upward
 * from its base, in PciBusDxe order (InsertResourceNode). ArmVirtQemu has no IncompatiblePciDeviceSupport driver, so
 * PcdPciDegradeResourceForOptionRom (TRUE, MdeModulePkg.dec) moves the 64-bit BARs of a device with an option ROM below
 * 4 GiB (DegradeResource). Without a high window every BAR goes below 4 GiB.
 */
public final class ArmVirtEdk2 {
    private ArmVirtEdk2() {
    }

    public static Placement place(Range high, List<BarSpec> bars) throws InputException {
        List<String> notes = new ArrayList<>();
        List<BarSpec> low = new ArrayList<>();
        List<BarSpec> up = new ArrayList<>();
        for (BarSpec b : bars) {
            if (b.width().is64() && high != null && !b.rom()) {
                up.add(b);
            } else {
                low.add(b);
                if (b.width().is64() && b.rom()) {
                    notes.add(b.name() + " is degraded below 4 GiB: its device has an option ROM (DegradeResource)");
                }
            }
        }
        if (high == null && bars.stream().anyMatch(b -> b.width().is64())) {
            notes.add("no high PCIe MMIO window (it does not fit the IPA size or is off): 64-bit BARs go below 4 GiB");
        }
        List<BarSpec> ordered = BarPacker.edk2Order(up);
        List<Placement.PlacedBar> placed = List.of();
        if (!ordered.isEmpty()) {
            long span = BarPacker.span(ordered);
            long at = U64.alignUp(high.first(), ordered.get(0).size());
            if (!U64.addFits(at, span) || U64.lt(high.last(), at + span - 1)) {
                throw InputException.option("--device", "the 64-bit BARs (" + U64.shortHex(span) + " bytes) do not fit the high PCIe window " + high);
            }
            placed = BarPacker.lay(ordered, at);
            notes.add("edk2 places the 64-bit BARs upward from the high PCIe window's base " + U64.shortHex(high.first()));
        }
        return new Placement("high-pcie-mmio", high, placed, low, notes);
    }
}
