package org.iovacheck.format.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iovacheck.model.Known;
import org.iovacheck.model.PciBar;
import org.iovacheck.testing.FakeHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /proc, kernel-log and resource readers on text laid out as the kernel prints it. */
class ProcAndDeviceReadersTest {
    @TempDir
    Path dir;

    @Test
    void iomemBusWindowsKeepTheirNestingAndZeroedAddressesAreRefused() throws Exception {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(proc.resolve("iomem"), """
                00000000-00000fff : Reserved
                80000000-dfffffff : PCI Bus 0000:00
                  a0000000-a10fffff : PCI Bus 0000:01
                    a0000000-a0ffffff : 0000:01:00.0
                fed00000-fed003ff : HPET 0
                4000000000-7fffffffff : PCI Bus 0000:00
                  4000000000-4401ffffff : PCI Bus 0000:01
                """);
        Reads r = new Reads();
        List<ProcReader.BusWindow> w = ProcReader.busWindows(r, proc);
        assertEquals(4, w.size());
        assertEquals("0000:00", w.get(0).bus());
        assertTrue(w.get(0).topLevel());
        assertEquals("0000:01", w.get(1).bus());
        assertFalse(w.get(1).topLevel());
        assertEquals(0x4000000000L, w.get(3).range().first());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        Files.writeString(proc.resolve("iomem"), "00000000-00000000 : Reserved\n00000000-00000000 : PCI Bus 0000:00\n");
        Reads z = new Reads();
        assertNull(ProcReader.busWindows(z, proc));
        assertTrue(z.warnings().get(0).contains("every address reads as zero"), z.warnings().toString());
    }

    @Test
    void interruptChipsDecideIsolation() throws Exception {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(proc.resolve("interrupts"), "  9:  0  0  IR-IO-APIC    9-fasteoi   acpi\n 40:  0 12  IR-PCI-MSI-0000:00:1f.6  0-edge eno1\n");
        assertEquals(Known.YES, ProcReader.interrupts(new Reads(), proc).isolated());
        Files.writeString(proc.resolve("interrupts"), " 20:  0  ITS-MSI 524288 Edge  vfio-msix[0]\n");
        assertEquals(Known.YES, ProcReader.interrupts(new Reads(), proc).isolated());
        Files.writeString(proc.resolve("interrupts"), " 40:  0 12  PCI-MSI 524288-edge  eno1\n 41: 0 GICv2m-PCI-MSI 1 Edge x\n");
        assertEquals(Known.NO, ProcReader.interrupts(new Reads(), proc).isolated());
        Files.writeString(proc.resolve("interrupts"), "  0:  10  IO-APIC  2-edge  timer\n");
        assertEquals(Known.UNKNOWN, ProcReader.interrupts(new Reads(), proc).isolated());
        assertEquals(Known.YES, DmesgReader.interruptRemapping("[0.1] DMAR-IR: Enabled IRQ remapping in x2apic mode\n").isolated());
    }

    @Test
    void cpuinfoGivesTheFirstProcessorsVendorAndBits() throws Exception {
        FakeHost h = new FakeHost(dir.resolve("root")).cpu("AuthenticAMD", 52, "fpu la57 svm");
        ProcReader.Cpu c = ProcReader.cpu(new Reads(), h.root().resolve("proc"));
        assertEquals("AuthenticAMD", c.vendor());
        assertEquals(52, c.physBits());
        assertTrue(c.flags().contains("la57"));
    }

    @Test
    void resourceLinesBecomeBarsWithTheKernelsIndexAndFlags() throws Exception {
        String text = FakeHost.resourceLine(0xfb000000L, 0xfbffffffL, 0x40200)          // BAR0 32-bit memory
                + FakeHost.resourceLine(0xe0000000L, 0xefffffffL, 0x14220c)              // BAR1 64-bit prefetchable
                + FakeHost.emptyResource()                                             // BAR2: part of BAR1
                + FakeHost.emptyResource() + FakeHost.emptyResource()
                + FakeHost.resourceLine(0xe000, 0xe07f, 0x40101)                        // BAR5 I/O
                + FakeHost.resourceLine(0xfc000000L, 0xfc07ffffL, 0x46200)              // ROM
                + FakeHost.resourceLine(0x38000000000L, 0x38000ffffffL, 0x14220c)      // VF BAR0
                + FakeHost.emptyResource().repeat(5)
                + FakeHost.resourceLine(0xf0000000L, 0xf0ffffffL, 0x200);              // 13: a bridge window, not a BAR
        Path f = Files.writeString(dir.resolve("resource"), text);
        Reads r = new Reads();
        List<PciBar> bars = DeviceReader.bars(r, f);
        assertEquals(List.of(0, 1, 5, 6, 7), bars.stream().map(PciBar::index).toList());
        assertFalse(bars.get(0).mem64() || bars.get(0).prefetchable() || bars.get(0).io());
        assertTrue(bars.get(1).mem64() && bars.get(1).prefetchable());
        assertTrue(bars.get(2).io());
        assertEquals("ROM", bars.get(3).label());
        assertEquals("VF-BAR0", bars.get(4).label());
        assertEquals(0xffffffL, bars.get(4).sizeMinusOne());
        // index 12 is the last SR-IOV BAR; no IORESOURCE_IO/MEM flag, 0-0, or an end below the start: no resource; one byte is one
        Files.writeString(f, FakeHost.emptyResource().repeat(7) + FakeHost.resourceLine(0x1000, 0x1000, 0x100)
                + FakeHost.resourceLine(0x2000, 0x2fff, 0x1000) + FakeHost.resourceLine(0, 0, 0x200) + FakeHost.resourceLine(0x3fff, 0x3000, 0x200)
                + FakeHost.resourceLine(0, 0xfff, 0x200) + FakeHost.resourceLine(0x38001000000L, 0x38001ffffffL, 0x14220c));
        Reads quiet = new Reads();
        List<PciBar> odd = DeviceReader.bars(quiet, f);
        assertEquals(List.of("VF-BAR0 0x1000 0x1000", "VF-BAR4 0x0 0xfff", "VF-BAR5 0x38001000000 0x38001ffffff"),
                odd.stream().map(b -> b.label() + " 0x" + Long.toHexString(b.range().first()) + " 0x" + Long.toHexString(b.range().last())).toList());
        assertEquals(List.of(), quiet.warnings());
        Files.writeString(f, "0xzz 0x0000000000000fff 0x0000000000000200\n0x0000000000001000 0xzz 0x0000000000000200\n"
                + "0x0000000000001000 0x0000000000001fff 0xzz\n");
        Reads hex = new Reads();
        assertTrue(DeviceReader.bars(hex, f).isEmpty());
        assertEquals(List.of(f + ":1: not hexadecimal; resource skipped", f + ":2: not hexadecimal; resource skipped",
                f + ":3: not hexadecimal; resource skipped"), hex.warnings());
        Files.writeString(f, "0x0000 garbage\n");
        Reads bad = new Reads();
        assertTrue(DeviceReader.bars(bad, f).isEmpty());
        assertTrue(bad.warnings().get(0).contains("resource:1"), bad.warnings().toString());
    }
}
