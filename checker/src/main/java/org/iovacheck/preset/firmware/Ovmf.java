package org.iovacheck.preset.firmware;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * OVMF (edk2 OvmfPkg/Library/PlatformInitLib/MemDetect.c) on QEMU q35/pc: the 64-bit PCI window (PlatformGetFirstNonAddress,
 * PlatformAddressWidthFromCpuid, PlatformDynamicMmioWindow, PlatformReservationConflictCB) and the BARs in it (PciHostBridgeDxe
 * AllocateResource from the window's base; PciBusDxe order). Behaviour per edk2 release, from the git history of MemDetect.c.
 */
public final class Ovmf {
    /** PcdPciMmio64Size in OvmfPkg/OvmfPkgX64.dsc: 32 GiB. */
    public static final long DEFAULT_MMIO64 = 0x800000000L;
    /** X-PciMmio64Mb is accepted up to 0x1000000 MiB (16 TiB), PlatformGetFirstNonAddress. */
    public static final long MAX_MMIO64_MB = 0x1000000L;
    /** First release with the CPUID phys-bits check and the dynamic window (commits 8f9ef9c9a0, ecb778d0ac). */
    public static final int DYNAMIC_SINCE = 202211;
    /** First release that moves the window off e820 reservations (c0a0b9bc35, PlatformReservationConflictCB). */
    public static final int CONFLICT_CB_SINCE = 202302;
    /** First release capping PhysBits at 46 instead of 47 (c1e8537690). */
    public static final int CAP46_SINCE = 202308;
    /** First release with 5-level paging: cap 48 when LA57 is on (adebfe121c). */
    public static final int LA57_SINCE = 202405;
    /** First release reading GuestPhysBits, CPUID 0x80000008 EAX[23:16] (603ad2d6ae, 90cb1ec332). */
    public static final int GUEST_PHYS_BITS_SINCE = 202408;
    /** First release using X-PciMmio64Mb unconditionally instead of the dynamic window (9ac1704af6). */
    public static final int OVERRIDE_WINS_SINCE = 202505;
    /** First release with q35's MMCONFIG at 0xe0000000 and the 32-bit aperture below it (82c1aa87f9, Platform.c). */
    public static final int ECAM_E0_SINCE = 202305;
    public static final int LATEST = Integer.MAX_VALUE;
    /** QEMU std VGA's vram BAR 0: 16 MiB, 32-bit prefetchable (hw/display/vga-pci.c, VGA_RAM_SIZE default 16 MiB). */
    public static final long VGA_VRAM = 16L << 20;
    /** The end of OVMF's 32-bit aperture below the IO-APIC gap (PlatformMemMapInitialization: 0xFC000000). */
    static final long MMIO32_END = 0xfc000000L;
    /** PcdPciExpressBaseAddress in OvmfPkgX64.dsc: 0xB0000000 before edk2-stable202305, 0xE0000000 since. */
    static final long ECAM_B0 = 0xb0000000L;
    static final long ECAM_E0 = 0xe0000000L;

    /** Immutable; the OVMF-relevant settings: edk2 release (YYYYMM), vCPU features, and the fw_cfg override (-1: none). */
    public record Settings(int version, boolean pdpe1gb, boolean la57, int guestPhysBits, long mmio64Mb) {
    }

    private Ovmf() {
    }

    /** The PhysBits OVMF settles on (0 when it does not trust CPUID and guesses from memory instead), with why. */
    public static int physBits(X86Platform m, Settings s, List<String> why) {
        if (s.version() < DYNAMIC_SINCE) {
            why.add("edk2 before stable202211 does not read phys-bits from CPUID");
            return 0;
        }
        int phys = m.physBits();
        boolean gpb = s.version() >= GUEST_PHYS_BITS_SINCE && s.guestPhysBits() != 0;
        boolean valid = gpb || X86Platform.quirkValid(phys, m.amd());
        if (gpb && phys > s.guestPhysBits()) {
            phys = s.guestPhysBits();
            why.add("PhysBits limited to GuestPhysBits " + phys);
        }
        if (!valid) {
            why.add("CPUID phys-bits " + phys + " is not trusted (PlatformAddressWidthFromCpuid: 41 or more, or 36/39 on Intel,"
                    + " 40 on AMD); OVMF keeps the classic window");
            return 0;
        }
        if (s.version() >= LA57_SINCE && s.la57()) {
            if (phys > 48 && !gpb) {
                phys = 48;
                why.add("PhysBits limited to 48 (5-level paging, no GuestPhysBits)");
            }
        } else {
            int cap = s.version() >= CAP46_SINCE ? 46 : 47;
            if (phys > cap) {
                phys = cap;
                why.add("PhysBits limited to " + cap + " (4-level paging)");
            }
        }
        if (!s.pdpe1gb() && phys > 40) {
            phys = 40;
            why.add("PhysBits limited to 40 (no 1 GiB pages: the vCPU lacks pdpe1gb)");
        }
        return phys;
    }

    /** The 64-bit window and every BAR in it; the 32-bit BARs go to the 32-bit holes. */
    public static Placement place(X86Platform m, Settings s, List<BarSpec> bars) throws InputException {
        List<String> notes = new ArrayList<>();
        long size = DEFAULT_MMIO64;
        boolean override = false;
        if (s.mmio64Mb() >= 0) {
            if (s.mmio64Mb() <= MAX_MMIO64_MB) {
                size = s.mmio64Mb() << 20;
                override = true;
            } else {
                notes.add("OVMF ignores X-PciMmio64Mb above 0x1000000 (16 TiB) as malformed");
            }
        }
        List<BarSpec> low = new ArrayList<>();
        List<BarSpec> high = new ArrayList<>();
        for (BarSpec b : bars) {
            (b.width().is64() ? high : low).add(b);
        }
        if (size == 0) {
            notes.add("X-PciMmio64Mb=0 disables OVMF's 64-bit PCI window; 64-bit BARs are degraded into the 32-bit holes");
            low.addAll(high);
            return new Placement("ovmf-pci64", null, List.of(), low, notes);
        }
        long first = m.ramEnd();
        if (m.reservedMemoryEnd() != 0) {
            first = m.reservedMemoryEnd();
        }
        long base = U64.alignUp(first, X86Platform.GIB);
        size = U64.alignUp(size, X86Platform.GIB);
        base = U64.alignUp(base, BarPacker.powerOfTwoFloor(size));
        String mode = "classic";
        int phys = physBits(m, s, notes);
        if (phys != 0) {
            long addrSpace = 1L << phys;
            long mmioSpace = 1L << (phys - 3);
            if (override && s.version() >= OVERRIDE_WINS_SINCE) {
                mode = "X-PciMmio64Mb override";
            } else if (U64.lt(size, mmioSpace) && U64.lt(base + mmioSpace, addrSpace)) {
                mode = "dynamic";
                size = mmioSpace;
                base = addrSpace - mmioSpace;
                if (s.version() >= CONFLICT_CB_SINCE) {
                    base = avoidReservations(m, base, size, notes);
                }
            }
        }
        notes.add("OVMF " + mode + " 64-bit PCI window " + U64.shortHex(base) + "-" + U64.shortHex(base + size - 1)
                + (phys != 0 ? " (PhysBits " + phys + ")" : ""));
        Range window = Range.ofSize(base, size);
        List<BarSpec> ordered = BarPacker.edk2Order(high);
        List<Placement.PlacedBar> placed = List.of();
        if (!ordered.isEmpty()) {
            long span = BarPacker.span(ordered);
            long at = U64.alignUp(base, ordered.get(0).size());
            if (!U64.addFits(at, span) || U64.lt(base + size, at + span) || at + span == 0) {
                throw InputException.option("--device", "the 64-bit BARs (" + U64.shortHex(span) + " bytes) do not fit OVMF's 64-bit window "
                        + U64.shortHex(base) + "-" + U64.shortHex(base + size - 1) + "; PciBusDxe then rejects devices (OVMF 2022.11 left such a"
                        + " device without any BAR), which iovacheck does not model");
            }
            placed = BarPacker.lay(ordered, at);
        }
        return new Placement("ovmf-pci64", window, placed, low, notes);
    }

    /**
     * OVMF's 32-bit PCI aperture [base, end) (OvmfPkg/Library/PlatformInitLib/Platform.c PlatformMemMapInitialization): on q35
     * before edk2-stable202305 from PcdPciExpressBaseAddress + 256 MiB = 0xC0000000 to 0xFC000000; since then (82c1aa87f9) from
     * Uc32Base to the MMCONFIG at 0xE0000000; on pc from Uc32Base to 0xFC000000. Uc32Base = 4 GiB minus the largest power of
     * two not above 4 GiB - RAM below 4 GiB (MemDetect.c PlatformQemuUc32BaseInitialization).
     */
    static long[] aperture32(boolean q35, long below4g, int version) {
        long uc32 = X86Platform.FOUR_GIB - Long.highestOneBit(X86Platform.FOUR_GIB - below4g);
        if (q35) {
            return version < ECAM_E0_SINCE ? new long[] {ECAM_B0 + (256L << 20), MMIO32_END} : new long[] {uc32, ECAM_E0};
        }
        return new long[] {uc32, MMIO32_END};
    }

    /**
     * Where OVMF puts QEMU std VGA's vram (BAR 0, 16 MiB, 32-bit prefetchable) among the BARs that go below 4 GiB ({@code low}:
     * the devices' 32-bit BARs and any 64-bit ones degraded there). PciHostBridgeDxe AllocateResource places the root bridge's
     * MEM block upward from the aperture base, aligned to its largest BAR; inside it PciBusDxe orders by descending alignment,
     * and the vram, merged from the PMEM list (DegradeResource), comes before the other BARs of 16 MiB (the VGA sits on the
     * bus before the assigned devices: q35 slot 1, pc slot 2). So it starts after the BARs larger than 16 MiB.
     * Measured with OVMF 2022.11: 0xc0000000 on q35, the aperture base on pc.
     */
    public static Range vram(boolean q35, long below4g, int version, List<BarSpec> low, List<String> notes) throws InputException {
        long[] ap = aperture32(q35, below4g, version);
        long larger = 0;
        long align = VGA_VRAM;
        boolean rom = false;
        for (BarSpec b : low) {
            if (Long.compareUnsigned(b.size(), VGA_VRAM) > 0) {
                larger = U64.addFits(larger, b.size()) ? larger + b.size() : U64.MAX;
                align = U64.max(align, b.size());
            }
            rom |= b.rom();
        }
        long at = U64.alignUp(ap[0], align);
        if (larger == U64.MAX || !U64.addFits(at, larger) || U64.lt(ap[1] - VGA_VRAM, at + larger)) {
            throw InputException.option("vga", "OVMF's 32-bit aperture " + U64.shortHex(ap[0]) + "-" + U64.shortHex(ap[1] - 1)
                    + " cannot hold the BARs below 4 GiB with the VGA's 16 MiB vram; PciBusDxe then rejects devices (not modelled)");
        }
        at += larger;
        notes.add("std VGA vram at " + U64.shortHex(at) + " in OVMF's 32-bit aperture " + U64.shortHex(ap[0]) + "-" + U64.shortHex(ap[1] - 1)
                + " (PlatformMemMapInitialization; PciBusDxe order)");
        if (rom) {
            notes.add("option ROM BARs are taken as at most 16 MiB (the PCI Local Bus Specification's limit), so they follow the vram");
        }
        return Range.ofSize(at, VGA_VRAM);
    }

    /**
     * The values of X-PciMmio64Mb that can give different layouts for these devices, besides "not given": 0 (no window) and,
     * for each power-of-two class [2^j, 2^(j+1)) GiB up to 16 TiB, its smallest size that holds the 64-bit BARs (in MiB).
     * PlatformGetFirstNonAddress rounds the size up to 1 GiB and aligns the base to GetPowerOfTwo64(size), so within a class
     * the window starts at the same address for every size, and so does every BAR (laid out from the base, aligned to the
     * largest BAR, which is at most 2^j GiB when the BARs fit at all); a larger size of the class only widens the window (not
     * DMA-mapped when devices are given) and can only meet more. Values above 0x1000000 are ignored, as if not given.
     */
    public static List<Long> distinctMmio64Mb(List<BarSpec> bars) {
        List<BarSpec> high = new ArrayList<>();
        for (BarSpec b : bars) {
            if (b.width().is64()) {
                high.add(b);
            }
        }
        long span = high.isEmpty() ? 0 : BarPacker.span(BarPacker.edk2Order(high));
        long needGib = Long.divideUnsigned(U64.alignUp(span, X86Platform.GIB), X86Platform.GIB);
        List<Long> out = new ArrayList<>();
        out.add(0L);
        for (int j = 0; (1L << j) <= (MAX_MMIO64_MB >> 10); j++) {
            long gib = Math.max(1L << j, needGib);
            if (gib < (1L << (j + 1)) && (gib << 10) <= MAX_MMIO64_MB) {
                out.add(gib << 10);
            }
        }
        return out;
    }

    /** PlatformReservationConflictCB over QEMU's e820 entries: a window meeting one moves below it, aligned to its size. */
    private static long avoidReservations(X86Platform m, long base, long size, List<String> notes) throws InputException {
        for (long[] e : m.e820()) {
            long lo = U64.max(e[0], base);
            long hi = U64.min(e[1], base + size);
            if (U64.lt(lo, hi)) {
                if (U64.lt(e[0], size)) {
                    throw InputException.option("phys-bits", "OVMF's dynamic window " + U64.shortHex(base) + " meets the e820 entry at "
                            + U64.shortHex(e[0]) + " and moving it below would wrap around 0; the firmware's result is undefined");
                }
                long nb = (e[0] - size) & ~(size - 1);
                notes.add("OVMF moves the window from " + U64.shortHex(base) + " to " + U64.shortHex(nb) + " below the e820 entry at "
                        + U64.shortHex(e[0]) + " (PlatformReservationConflictCB)");
                base = nb;
            }
        }
        return base;
    }
}
