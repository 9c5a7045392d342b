package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The model's small records and enums: their contracts (validation, labels, which guest kinds are DMA-mapped). */
class ModelRecordsTest {
    static final Source S = Source.BUILTIN;

    @Test
    void everyLabelReadsBackAndUnknownLabelsDoNot() {
        for (Backend b : Backend.values()) {
            assertEquals(b, Backend.fromLabel(b.label()));
        }
        for (GuestKind k : GuestKind.values()) {
            assertEquals(k, GuestKind.fromLabel(k.label()));
        }
        for (IommuKind k : IommuKind.values()) {
            assertEquals(k, IommuKind.fromLabel(k.label()));
        }
        for (Known k : Known.values()) {
            assertEquals(k, Known.fromLabel(k.label()));
        }
        for (MsiKind k : MsiKind.values()) {
            assertEquals(k, MsiKind.fromLabel(k.label()));
        }
        for (RelaxablePolicy p : RelaxablePolicy.values()) {
            assertEquals(p, RelaxablePolicy.fromLabel(p.label()));
        }
        for (RegionType t : RegionType.values()) {
            assertEquals(Optional.of(t), RegionType.fromLabel(t.label()));
        }
        assertNull(Backend.fromLabel("vfio"));
        assertNull(GuestKind.fromLabel("RAM"));
        assertNull(IommuKind.fromLabel("intel"));
        assertNull(Known.fromLabel("maybe"));
        assertNull(MsiKind.fromLabel("sw"));
        assertNull(RelaxablePolicy.fromLabel("lax"));
        assertEquals(Optional.empty(), RegionType.fromLabel("msi-x"));
        assertEquals("vfio-type1", Backend.VFIO_TYPE1.label());
        assertEquals("device-bar", GuestKind.DEVICE_BAR.label());
        assertEquals("arm-smmu-v3", IommuKind.ARM_SMMU_V3.label());
        assertEquals("software", MsiKind.SOFTWARE.label());
        assertEquals(RegionType.MSI_SW, MsiKind.SOFTWARE.type());
        assertEquals(RegionType.MSI_HW, MsiKind.HARDWARE.type());
        assertEquals(Known.YES, Known.of(true));
        assertEquals(Known.NO, Known.of(false));
    }

    /** sysfs prints four types (include/linux/iommu.h, iommu_group_show_resv_regions); a word of a real type's length is not one. */
    @Test
    void onlyTheFourSysfsTypesAreRead() {
        assertEquals(Optional.of(RegionType.DIRECT), RegionType.fromSysfs("direct"));
        assertEquals(Optional.of(RegionType.DIRECT_RELAXABLE), RegionType.fromSysfs("direct-relaxable"));
        assertEquals(Optional.of(RegionType.RESERVED), RegionType.fromSysfs("reserved"));
        assertEquals(Optional.of(RegionType.MSI), RegionType.fromSysfs("msi"));
        for (String s : new String[] {"abc", "reservex", "directx", "msi-hw", "msi-sw", "bridge-window", "outside-aperture", "MSI", ""}) {
            assertEquals(Optional.empty(), RegionType.fromSysfs(s), s);
        }
    }

    @Test
    void onlyRamLikeKindsAreMappedAndBarsOnlyForPeerToPeer() {
        for (GuestKind k : List.of(GuestKind.RAM, GuestKind.HOTPLUG, GuestKind.ROM, GuestKind.IVSHMEM)) {
            assertTrue(k.dmaMapped(false) && k.dmaMapped(true), k.label());
        }
        for (GuestKind k : List.of(GuestKind.BAR, GuestKind.DEVICE_BAR)) {
            assertTrue(!k.dmaMapped(false) && k.dmaMapped(true), k.label());
        }
        assertTrue(!GuestKind.MMIO.dmaMapped(false) && !GuestKind.MMIO.dmaMapped(true));
    }

    @Test
    void aLayoutMapsItsDeviceBarsInsteadOfItsWindowsWhenDevicesAreGiven() {
        GuestRegion ram = new GuestRegion("ram", GuestKind.RAM, new Range(0, 0x7fffffffL));
        GuestRegion window = new GuestRegion("pci", GuestKind.BAR, new Range(0x80000000L, 0xbfffffffL));
        GuestRegion mmio = new GuestRegion("ioapic", GuestKind.MMIO, new Range(0xfec00000L, 0xfec00fffL));
        GuestRegion hp = new GuestRegion("hp", GuestKind.HOTPLUG, new Range(0x100000000L, 0x1ffffffffL));
        GuestRegion bar1 = new GuestRegion("01:00.0 BAR1", GuestKind.DEVICE_BAR, new Range(0xa0000000L, 0xa0ffffffL));
        GuestRegion bar0 = new GuestRegion("01:00.0 BAR0", GuestKind.DEVICE_BAR, new Range(0x90000000L, 0x90ffffffL));
        GuestLayout plain = new GuestLayout("t", List.of(hp, mmio, window, ram), List.of("-m 2G"), List.of("n"));
        assertEquals(List.of(ram, window, mmio, hp), plain.regions(), "sorted by address");
        assertEquals(List.of(ram, hp), plain.mapped(false));
        assertEquals(List.of(ram, window, hp), plain.mapped(true));
        GuestLayout devices = new GuestLayout("t", List.of(hp, mmio, window, ram), List.of(), List.of(), List.of(bar1, bar0));
        assertEquals(List.of(bar0, bar1), devices.bars());
        assertEquals(List.of(ram, hp), devices.mapped(false));
        assertEquals(List.of(ram, bar0, bar1, hp), devices.mapped(true));
        assertEquals(List.of(ram, window, hp), devices.withoutBars().mapped(true));
        assertEquals(List.of(), devices.withoutBars().bars());
        assertEquals("t", devices.withoutBars().origin());
        assertEquals(List.of(ram, hp), CheckQuery.of(new ResolvedHost(Host.ofGroups("h", List.of(), S), List.of(), List.of(), List.of(), List.of()),
                devices, false).mapped());
    }

    @Test
    void recordsRefuseMissingPartsAndConflictsMustBeExact() {
        assertThrows(IllegalArgumentException.class, () -> new GuestRegion(null, GuestKind.RAM, Range.ALL));
        assertThrows(IllegalArgumentException.class, () -> new GuestRegion("r", null, Range.ALL));
        assertThrows(IllegalArgumentException.class, () -> new GuestRegion("r", GuestKind.RAM, null));
        assertThrows(IllegalArgumentException.class, () -> new ReservedRegion(null, RegionType.RESERVED, "1", null, S));
        assertThrows(IllegalArgumentException.class, () -> new ReservedRegion(Range.ALL, null, "1", null, S));
        assertThrows(IllegalArgumentException.class, () -> new ReservedRegion(Range.ALL, RegionType.RESERVED, "1", null, null));
        GuestRegion g = new GuestRegion("ram", GuestKind.RAM, new Range(0x1000, 0x1fff));
        ReservedRegion r = new ReservedRegion(new Range(0x1800, 0x2fff), RegionType.RESERVED, "1", null, S);
        assertEquals(new Range(0x1800, 0x1fff), Conflict.of(g, r).overlap());
        assertThrows(IllegalArgumentException.class, () -> new Conflict(g, r, new Range(0x1800, 0x1800)));
        ReservedRegion away = new ReservedRegion(new Range(0x2000, 0x2fff), RegionType.RESERVED, "1", null, S);
        assertThrows(IllegalArgumentException.class, () -> new Conflict(g, away, new Range(0x2000, 0x2000)));
        assertEquals("group 1", r.owner());
        assertEquals("host", new ReservedRegion(Range.ALL, RegionType.OUTSIDE_APERTURE, null, "aperture", S).owner());
        assertEquals(new ReservedRegion(Range.ALL, RegionType.MSI_SW, "1", null, S), r.withType(RegionType.MSI_SW).withRange(Range.ALL));
        assertThrows(IllegalArgumentException.class, () -> new Fleet("f", List.of(), S));
        assertEquals("h.yaml:3", new Source("h.yaml", 3).toString());
        assertEquals("h.yaml", new Source("h.yaml", 0).toString());
        assertEquals("<builtin>", Source.BUILTIN.toString());
    }

    @Test
    void pciResourcesAreNamedAsTheKernelNumbersThem() {
        Range r = new Range(0xf0000000L, 0xf0ffffffL);
        assertEquals("BAR0", new PciBar(0, r, false, false, false).label());
        assertEquals("BAR5", new PciBar(5, r, false, true, true).label());
        assertEquals("ROM", new PciBar(6, r, false, false, false).label());
        assertEquals("VF-BAR0", new PciBar(7, r, false, false, false).label());
        assertEquals("VF-BAR5", new PciBar(12, r, false, false, false).label());
        assertEquals("resource 13", new PciBar(13, r, false, false, false).label());
        assertEquals("resource -1", new PciBar(-1, r, false, false, false).label());
        assertEquals(0xffffff, new PciBar(0, r, false, false, false).sizeMinusOne());
    }

    @Test
    void aClassRegionHasADecidedTypeAPowerOfTwoAlignmentAndSomeBase() {
        assertThrows(IllegalArgumentException.class, () -> new ParamRegion("m", RegionType.MSI, null, 0, 0, 1, 1, 1, false, S));
        assertThrows(IllegalArgumentException.class, () -> new ParamRegion("o", RegionType.OUTSIDE_APERTURE, null, 0, 0, 1, 1, 1, false, S));
        assertThrows(IllegalArgumentException.class, () -> new ParamRegion("a", RegionType.RESERVED, null, 0, 0, 0, 1, 1, false, S));
        assertThrows(IllegalArgumentException.class, () -> new ParamRegion("a", RegionType.RESERVED, null, 0, 0, 0x3000, 1, 1, false, S));
        assertThrows(IllegalArgumentException.class, () -> new ParamRegion("b", RegionType.RESERVED, null, 0x2000, 0x1000, 0x1000, 1, 1, false, S));
        assertThrows(IllegalArgumentException.class, () -> new ParamRegion("s", RegionType.RESERVED, null, 0, 0, 0x1000, 2, 1, false, S));
        assertThrows(IllegalArgumentException.class, () -> new ParamRegion("z", RegionType.RESERVED, null, 0, 0, 0x1000, 0, 1, false, S));
        // base range across 2^63: unsigned
        new ParamRegion("u", RegionType.RESERVED, null, 0x1000, 0x8000000000000000L, 0x1000, 1, 1, false, S);
        assertEquals(0x2000, new ParamRegion("f", RegionType.RESERVED, null, 0x1001, 0x3000, 0x1000, 1, 1, false, S).firstBase());
        assertEquals(0x2000, new ParamRegion("f", RegionType.RESERVED, null, 0x2000, 0x3000, 0x1000, 1, 1, false, S).firstBase());
        assertEquals(0, new ParamRegion("f", RegionType.RESERVED, null, 0, 0, 0x1000, 1, 1, false, S).firstBase());
        assertEquals(0x3000, new ParamRegion("f", RegionType.RESERVED, null, 0x2001, 0x3000, 0x1000, 1, 1, false, S).firstBase());
        // no multiple in [0x2001, 0x2fff]; none above 0xfffffffffffff000 either (the next would wrap to 0)
        assertThrows(IllegalArgumentException.class, () -> new ParamRegion("n", RegionType.RESERVED, null, 0x2001, 0x2fff, 0x1000, 1, 1, false, S).firstBase());
        assertThrows(IllegalArgumentException.class, () -> new ParamRegion("w", RegionType.RESERVED, null, 0xfffffffffffff001L, U64.MAX, 0x1000, 1, 1, false, S)
                .firstBase());
        assertTrue(new ParamRegion("x", RegionType.RESERVED, null, 5, 5, 1, 7, 7, false, S).isFixed());
        assertFalse(new ParamRegion("x", RegionType.RESERVED, null, 5, 5, 1, 7, 7, true, S).isFixed());
        assertFalse(new ParamRegion("x", RegionType.RESERVED, null, 5, 6, 1, 7, 7, false, S).isFixed());
        assertFalse(new ParamRegion("x", RegionType.RESERVED, null, 5, 5, 1, 6, 7, false, S).isFixed());
        assertThrows(IllegalArgumentException.class, () -> new PlatformClass("c", "d", List.of(), 0, 64, Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, S));
        assertThrows(IllegalArgumentException.class, () -> new PlatformClass("c", "d", List.of(), 1, 65, Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, S));
        assertThrows(IllegalArgumentException.class, () -> new PlatformClass("c", "d", List.of(), 40, 39, Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, S));
        assertEquals(1, new PlatformClass("c", "d", List.of(), 1, 1, Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, S).apertureMaxBits());
    }

    @Test
    void aHostFindsItsUnitsByName() {
        IommuUnit a = new IommuUnit("dmar0", IommuKind.INTEL_VTD, 39, "cap", S);
        IommuUnit b = new IommuUnit("dmar1", IommuKind.INTEL_VTD, 48, "cap", S);
        Host h = new Host("h", List.of(), Aperture.full(), List.of(), Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, List.of(), S, List.of(a, b), null);
        assertEquals(b, h.unit("dmar1"));
        assertEquals(a, h.unit("dmar0"));
        assertNull(h.unit("dmar2"));
        assertEquals(HostFacts.NONE, h.facts());
        Host g = Host.ofGroups("g", List.of(new Group("1", List.of(), S)), S);
        assertEquals(Backend.VFIO_TYPE1, g.backend());
        assertEquals(RelaxablePolicy.KERNEL, g.relaxable());
        assertTrue(g.aperture().isFull());
        assertNull(g.groups().get(0).unit());
    }

    @Test
    void descriptionsAndLabelsAreTheWordsTheReportsPrint() {
        assertEquals("bypass MSI doorbell", RegionType.MSI_HW.description());
        assertEquals("remappable MSI doorbell window", RegionType.MSI_SW.description());
        assertEquals("outside the IOMMU aperture", RegionType.OUTSIDE_APERTURE.description());
        assertEquals("direct-relaxable", RegionType.DIRECT_RELAXABLE.label());
        assertEquals("will not start", Severity.WILL_NOT_START.label());
        assertEquals("aborts at memory hot-plug", Severity.ABORTS_AT_HOTPLUG.label());
        assertEquals("starts; peer-to-peer to this BAR fails", Severity.P2P_FAILS.label());
        assertEquals("unknown", Known.UNKNOWN.label());
        assertEquals("strict", RelaxablePolicy.STRICT.label());
    }
}
