package org.iovacheck.format.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Known;
import org.iovacheck.model.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /proc files and kernel log lines collect reads (docs/live-host.md): /proc/cpuinfo (arch/x86/kernel/cpu/proc.c show_cpuinfo),
 * /proc/iomem (kernel/resource.c r_show), /proc/interrupts chip names, the SMMUv3 probe line (arm-smmu-v3.c
 * arm_smmu_device_hw_probe) and the interrupt-remapping lines of intel/irq_remapping.c and amd/init.c.
 */
class ProcFilesTest {
    @TempDir
    Path dir;

    private Path proc(String name, String text) throws Exception {
        Path p = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(p.resolve(name), text);
        return p;
    }

    @Test
    void cpuinfoFirstProcessorOnly() throws Exception {
        Path p = proc("cpuinfo", "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu svm  lm\naddress sizes\t: 48 bits physical, 48 bits virtual\n"
                + "\nprocessor\t: 1\nvendor_id\t: GenuineIntel\naddress sizes\t: 39 bits physical, 48 bits virtual\n");
        Reads r = new Reads();
        ProcReader.Cpu c = ProcReader.cpu(r, p);
        assertEquals(new ProcReader.Cpu("AuthenticAMD", 48, List.of("fpu", "svm", "lm")), c);
        assertEquals(List.of(), r.warnings());
        Path arm = proc("cpuinfo", "\nprocessor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd\n\nprocessor\t: 1\n");
        assertEquals(new ProcReader.Cpu(null, 0, List.of()), ProcReader.cpu(new Reads(), arm));
        assertEquals(new ProcReader.Cpu(null, 0, List.of()), ProcReader.cpu(new Reads(), dir.resolve("none")));
        Reads bad = new Reads();
        assertEquals(0, ProcReader.cpu(bad, proc("cpuinfo", "vendor_id : X\naddress sizes : many bits physical\n")).physBits());
        assertEquals(List.of(dir.resolve("proc/cpuinfo") + ": 'address sizes : many bits physical' is not 'N bits physical'"), bad.warnings());
        Reads big = new Reads();
        assertEquals(0, ProcReader.cpu(big, proc("cpuinfo", "address sizes : 65 bits physical\n")).physBits());
        assertEquals(List.of(dir.resolve("proc/cpuinfo") + ": 65 physical address bits is out of range; ignored"), big.warnings());
        assertEquals(64, ProcReader.cpu(new Reads(), proc("cpuinfo", "address sizes : 64 bits physical\n")).physBits());
        assertEquals(0, ProcReader.cpu(new Reads(), proc("cpuinfo", "address sizes : 46\n")).physBits(), "no 'bits' word");
        assertEquals(0, ProcReader.cpu(new Reads(), proc("cpuinfo", "address sizes : 46 bytes physical\n")).physBits());
        assertEquals(46, ProcReader.cpu(new Reads(), proc("cpuinfo", "address sizes : 46 bits\n")).physBits());
        assertEquals(new ProcReader.Cpu("GenuineIntel", 0, List.of()), ProcReader.cpu(new Reads(), proc("cpuinfo",
                "\nvendor_id\t: GenuineIntel\n\nvendor_id\t: AuthenticAMD\nflags\t: la57\naddress sizes\t: 57 bits physical\n")),
                "a blank line before the first processor's fields does not end it; the one after does");
    }

    @Test
    void iomemLines() throws Exception {
        Path p = proc("iomem", "00000000-00000fff : Reserved\n\nc0000000-febfffff : PCI Bus 0000:00\n  c8000000-c8ffffff : PCI Bus 0000:01\n"
                + "    c8000000-c80fffff : 0000:01:00.0\nnot a line\nzz-yy : PCI Bus 0000:02\n  ffff-0 : PCI Bus 0000:03\n"
                + "fc00000000-fcffffffff : PCI Bus 0000:80\n");
        Reads r = new Reads();
        List<ProcReader.BusWindow> w = ProcReader.busWindows(r, p);
        assertEquals(List.of(new ProcReader.BusWindow(new Range(0xc0000000L, 0xfebfffffL), "0000:00", true),
                new ProcReader.BusWindow(new Range(0xc8000000L, 0xc8ffffffL), "0000:01", false),
                new ProcReader.BusWindow(new Range(0xfc00000000L, 0xfcffffffffL), "0000:80", true)), w);
        Path f = dir.resolve("proc/iomem");
        assertEquals(List.of(f + ":5: not 'start-end : name'; line skipped", f + ":6: addresses are not hexadecimal; line skipped"), r.warnings());
        assertNull(ProcReader.busWindows(new Reads(), dir.resolve("none")));
        assertEquals(List.of(), ProcReader.busWindows(new Reads(), proc("iomem", "")), "an empty file has no windows and nothing hidden");
        Reads z = new Reads();
        assertNull(ProcReader.busWindows(z, proc("iomem", "00000000-00000000 : PCI Bus 0000:00\n  00000000-00000000 : x\n")));
        assertTrue(z.warnings().get(0).endsWith("every address reads as zero (the kernel hides them from unprivileged readers): bridge windows "
                + "not read; run collect as root"), z.warnings().toString());
        assertEquals(1, ProcReader.busWindows(new Reads(), proc("iomem", "00000000-00000000 : x\n00001000-00001fff : PCI Bus 0000:00\n")).size());
        assertEquals(List.of(new ProcReader.BusWindow(new Range(0, 0xfffffL), "0000:00", true)), ProcReader.busWindows(new Reads(),
                proc("iomem", "00000000-00000fff : Reserved\n00000000-000fffff : PCI Bus 0000:00\n")), "a range from 0 is not a hidden address");
        Reads odd = new Reads();
        assertEquals(List.of(), ProcReader.busWindows(odd, proc("iomem", "00001000-00001fff : Reserved\n00001000 : PCI-Bus\n-00000fff : x\n")));
        assertEquals(List.of(f + ":2: not 'start-end : name'; line skipped", f + ":3: addresses are not hexadecimal; line skipped"), odd.warnings(),
                "a dash only in the name is no range; a range without a start is not hexadecimal");
    }

    @Test
    void interruptChips() throws Exception {
        ProcReader.Isolation ir = ProcReader.interrupts(new Reads(), proc("interrupts",
                "           CPU0\n 24:  0  PCI-MSI-0000:00:1f.0  edge  x\n 25:  1  IR-PCI-MSIX-0000:01:00.0  0-edge  nvme0q0\n"));
        assertEquals(new ProcReader.Isolation(Known.YES, "/proc/interrupts: IR-PCI-MSIX-0000:01:00.0 (remapped or ITS-isolated MSIs)"), ir);
        assertEquals(new ProcReader.Isolation(Known.YES, "/proc/interrupts: ITS-PCI-MSIX-0000:01:00.0 (remapped or ITS-isolated MSIs)"),
                ProcReader.interrupts(new Reads(), proc("interrupts", " 30: 0 ITS-PCI-MSIX-0000:01:00.0 0 Edge nvme\n")));
        assertEquals(new ProcReader.Isolation(Known.NO, "/proc/interrupts: PCI-MSI-0000:00:1f.0 without IR- or ITS- (MSIs not remapped)"),
                ProcReader.interrupts(new Reads(), proc("interrupts", " 24:  0  PCI-MSI-0000:00:1f.0  edge  x\n 25: 0 PCI-MSIX-2 edge y\n")));
        assertEquals(new ProcReader.Isolation(Known.UNKNOWN, null), ProcReader.interrupts(new Reads(), proc("interrupts", "  0: 1 IO-APIC 2-edge timer\n")));
        assertEquals(new ProcReader.Isolation(Known.UNKNOWN, null), ProcReader.interrupts(new Reads(), dir.resolve("none")));
    }

    @Test
    void kernelLog() throws InputException {
        List<DmesgReader.SmmuLine> s = DmesgReader.smmu("[0.1] x\n[1.2] arm-smmu-v3 arm-smmu-v3.0.auto: ias 48-bit, oas 48-bit (features 0x00001faf)\n"
                + "arm-smmu-v3 smmu1: ias 44-bit, oas 40-bit\n", "dmesg.txt");
        assertEquals(List.of(new DmesgReader.SmmuLine("arm-smmu-v3.0.auto", 48, 48, 0x1faf, 2), new DmesgReader.SmmuLine("smmu1", 44, 40, -1, 3)), s);
        assertEquals(List.of(), DmesgReader.smmu("", "d"));
        assertEquals(64, DmesgReader.smmu("arm-smmu-v3 a: ias 64-bit, oas 1-bit", "d").get(0).ias());
        assertEquals(new DmesgReader.SmmuLine("a", 1, 64, -1, 1), DmesgReader.smmu("arm-smmu-v3 a: ias 1-bit, oas 64-bit", "d").get(0));
        for (String bad : List.of("ias 0-bit, oas 48-bit", "ias 65-bit, oas 48-bit", "ias 48-bit, oas 0-bit", "ias 48-bit, oas 65-bit")) {
            InputException e = assertThrows(InputException.class, () -> DmesgReader.smmu("\narm-smmu-v3 a: " + bad + "\n", "d"));
            assertEquals("d", e.file());
            assertEquals(2, e.line());
            assertTrue(e.problem().startsWith("SMMU address sizes out of range (1..64 bits): arm-smmu-v3 a: "), e.problem());
        }
        assertEquals(new ProcReader.Isolation(Known.YES, "kernel log: [0.2] AMD-Vi: Interrupt remapping enabled"),
                DmesgReader.interruptRemapping("[0.1] DMAR-IR: No interrupt remapping support\n  [0.2] AMD-Vi: Interrupt remapping enabled  \n"));
        assertEquals(new ProcReader.Isolation(Known.NO, "kernel log: [0.1] DMAR-IR: Not enabling interrupt remapping"),
                DmesgReader.interruptRemapping("x\n[0.1] DMAR-IR: Not enabling interrupt remapping\n"));
        assertEquals(Known.NO, DmesgReader.interruptRemapping("No interrupt remapping support").isolated());
        assertEquals(new ProcReader.Isolation(Known.UNKNOWN, null), DmesgReader.interruptRemapping("nothing\n"));
    }

    @Test
    void readsKeepAWarningPerUnreadableFile() throws Exception {
        Reads r = new Reads();
        assertEquals(Optional.empty(), r.text(null));
        assertEquals(Optional.empty(), r.text(dir.resolve("none")));
        Path f = Files.writeString(dir.resolve("f"), "  first  \nsecond\n");
        assertEquals(Optional.of("first"), r.line(f));
        assertEquals(Optional.of("only"), r.line(Files.writeString(dir.resolve("g"), "only")));
        assertEquals(Optional.empty(), r.line(Files.writeString(dir.resolve("h"), "   \nx\n")));
        assertEquals(Optional.empty(), r.line(Files.writeString(dir.resolve("i"), "\nsecond\n")), "the first line is empty");
        assertEquals(List.of(), r.warnings());
        assertEquals(Optional.empty(), r.text(dir), "a folder cannot be read");
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).startsWith(dir + ": cannot read ("), r.warnings().get(0));
        Path link = Files.createSymbolicLink(dir.resolve("driver"), Path.of("../../bus/pci/drivers/vfio-pci"));
        assertEquals(Optional.of("vfio-pci"), r.linkName(link));
        assertEquals(Optional.empty(), r.linkName(f));
        assertEquals(Optional.empty(), r.linkName(dir.resolve("none")));
        assertEquals(1, r.warnings().size(), "a file or nothing where a link may be (a device without a driver) is no warning");
        Path root = Files.createSymbolicLink(dir.resolve("root"), Path.of("/"));
        assertEquals(Optional.empty(), r.linkName(root), "a target without a name");
        r.warn("extra");
        assertEquals("extra", r.warnings().get(r.warnings().size() - 1));
        assertEquals("IO: boom", Reads.describe(new java.io.IOException("boom")));
        assertEquals("Security", Reads.describe(new SecurityException()));
    }
}
