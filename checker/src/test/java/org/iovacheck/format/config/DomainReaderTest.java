package org.iovacheck.format.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.iovacheck.format.InputException;
import org.junit.jupiter.api.Test;

class DomainReaderTest {
    static final Path DIR = Path.of("src/test/resources/configs");
    static final Path GUESTS = Path.of("../models/guests");

    /** A shipped example guest (models/guests) or an error fixture (test resources). */
    private static GuestConfig read(String name) throws InputException {
        return ConfigFiles.read(java.nio.file.Files.exists(GUESTS.resolve(name)) ? GUESTS.resolve(name) : DIR.resolve(name));
    }

    private static GuestConfig xml(String body) throws InputException {
        return DomainReader.read("<domain type='kvm'>\n" + body + "\n</domain>\n", "t.xml");
    }

    @Test
    void q35AmdGuestMapsOntoQ35WithMachineRamPhysBitsAndTheHostsVendor() throws Exception {
        GuestConfig c = read("q35-amd-1100g.xml");
        assertEquals("qemu-q35", c.preset());
        assertEquals(Long.toString(1100L << 30), c.settings().get("ram"));
        assertEquals("7.0", c.settings().get("machine"));
        assertEquals("48", c.settings().get("phys-bits"));
        assertTrue(c.cpu().vendorFromHost());
        assertFalse(c.cpu().physBitsFromHost(), "maxphysaddr emulate fixes the bits");
        assertEquals(List.of("0000:41:00.0"), c.hostdevs());
        assertTrue(c.ignored().containsAll(List.of("<name>", "<uuid>", "<vcpu>", "<emulator>", "<os><boot>")), c.ignored().toString());
        assertEquals("seabios", c.facts().firmware());
    }

    @Test
    void hotplugNumaOvmfGuestSubtractsMemoryDevicesAndRecordsEveryFact() throws Exception {
        GuestConfig c = read("q35-hotplug-ovmf-numa.xml");
        assertEquals(Long.toString(16L << 30), c.settings().get("ram"), "initial RAM is the NUMA cells' sum");
        assertEquals(Long.toString(64L << 30), c.settings().get("maxmem"));
        assertEquals("16", c.settings().get("slots"));
        assertEquals("8.2", c.settings().get("machine"));
        assertTrue(c.cpu().physBitsFromHost());
        assertEquals(39, c.cpu().physBitsLimit());
        assertEquals("ovmf", c.facts().firmware());
        assertEquals(List.of("looking-glass " + (256L << 20)), c.facts().shmem());
        assertEquals("intel", c.facts().viommu());
        assertEquals(39, c.facts().viommuAwBits());
        assertEquals(2, c.facts().memoryDevices().size());
        assertEquals(List.of("0000:01:00.0"), c.hostdevs());
        assertTrue(c.notes().stream().anyMatch(n -> n.startsWith("NUMA: 2 cell(s)")), c.notes().toString());
        assertTrue(c.ignored().containsAll(List.of("<disk>", "<interface type='network'>", "<features>", "<cpu><topology>", "<clock>")),
                c.ignored().toString());
    }

    @Test
    void armVirtGuestTakesMemoryInKibAndMaxMemory() throws Exception {
        GuestConfig c = read("virt-arm.xml");
        assertEquals("qemu-virt", c.preset());
        assertEquals(Long.toString(4L << 30), c.settings().get("ram"));
        assertEquals(Long.toString(8L << 30), c.settings().get("maxmem"));
        assertEquals("4", c.settings().get("slots"));
        assertNull(c.settings().get("compact-highmem"), "virt-8.2 keeps QEMU's default");
        assertEquals(List.of("0000:02:00.1"), c.hostdevs());
    }

    @Test
    void oldVirtMachineTurnsCompactHighmemOff() throws Exception {
        GuestConfig c = xml("<memory unit='GiB'>2</memory><os><type arch='aarch64' machine='virt-7.1'>hvm</type></os>");
        assertEquals("off", c.settings().get("compact-highmem"));
    }

    @Test
    void libvirtUnitsAreBinaryOrDecimalAsDocumented() throws Exception {
        String os = "<os><type arch='x86_64' machine='q35'>hvm</type></os>";
        assertEquals(Long.toString(4_000_000_000L), xml("<memory unit='GB'>4</memory>" + os).settings().get("ram"));
        assertEquals(Long.toString(4L << 30), xml("<memory unit='G'>4</memory>" + os).settings().get("ram"));
        assertEquals(Long.toString(1024L * 1024), xml("<memory>1024</memory>" + os).settings().get("ram"), "default unit is KiB");
        assertEquals("latest", xml("<memory>1048576</memory>" + os).settings().get("machine"));
    }

    @Test
    void unsupportedHypervisorIsAClearError() {
        InputException e = assertThrows(InputException.class, () -> read("xen.xml"));
        assertTrue(e.getMessage().contains("hypervisor type 'xen' is not supported"), e.getMessage());
        assertTrue(e.getMessage().contains("xen.xml:1"), e.getMessage());
    }

    @Test
    void malformedXmlNamesFileAndLine() {
        InputException e = assertThrows(InputException.class, () -> read("malformed.xml"));
        assertTrue(e.getMessage().startsWith(DIR.resolve("malformed.xml") + ":5: malformed XML"), e.getMessage());
    }

    @Test
    void duplicateElementsUnknownMachinesAndBadUnitsAreErrorsWithTheirLine() {
        String os = "<os><type arch='x86_64' machine='q35'>hvm</type></os>";
        InputException dup = assertThrows(InputException.class, () -> xml("<memory>1</memory>\n<memory>2</memory>" + os));
        assertTrue(dup.getMessage().startsWith("t.xml:3: <memory> given twice"), dup.getMessage());
        InputException mach = assertThrows(InputException.class, () -> xml("<memory>1</memory><os><type machine='microvm'>hvm</type></os>"));
        assertTrue(mach.getMessage().contains("machine type 'microvm' is not modelled"), mach.getMessage());
        InputException unit = assertThrows(InputException.class, () -> xml("<memory unit='parsecs'>1</memory>" + os));
        assertTrue(unit.getMessage().contains("unknown unit 'parsecs'"), unit.getMessage());
        InputException doctype = assertThrows(InputException.class,
                () -> DomainReader.read("<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain type='kvm'>&x;</domain>", "e.xml"));
        assertTrue(doctype.getMessage().startsWith("e.xml:1: malformed XML"), doctype.getMessage());
    }

    @Test
    void hostdevThatIsNotPciIsIgnoredAndListed() throws Exception {
        GuestConfig c = xml("<memory>1048576</memory><os><type machine='q35'>hvm</type></os><devices>"
                + "<hostdev mode='subsystem' type='usb'><source><vendor id='0x1'/></source></hostdev>"
                + "<interface type='hostdev'><source><address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x2'/></source></interface>"
                + "</devices>");
        assertEquals(List.of("0000:03:10.2"), c.hostdevs());
        assertTrue(c.ignored().stream().anyMatch(s -> s.startsWith("<hostdev mode='subsystem' type='usb'>")), c.ignored().toString());
    }

    @Test
    void vendorIdOnTheModelOverridesTheHostAndTcgUsesTheModelsVendor() throws Exception {
        String os = "<memory>1048576</memory><os><type machine='q35'>hvm</type></os>";
        GuestConfig v = xml(os + "<cpu mode='custom'><model vendor_id='AuthenticAMD'>Skylake-Server</model></cpu>");
        assertEquals("on", v.settings().get("amd"));
        assertFalse(v.cpu().vendorFromHost());
        GuestConfig tcg = DomainReader.read("<domain type='qemu'>" + os + "<cpu mode='custom'><model>Skylake-Server</model></cpu></domain>", "t.xml");
        assertEquals("off", tcg.settings().get("amd"));
        GuestConfig tcgDefault = DomainReader.read("<domain type='qemu'>" + os + "</domain>", "t.xml");
        assertEquals("on", tcgDefault.settings().get("amd"), "qemu64 is an AMD model in QEMU");
    }
}
