package org.iovacheck.format.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.iovacheck.format.InputException;
import org.junit.jupiter.api.Test;

/** Every element of docs/libvirt.md ("What is read") and its errors, each at its line (libvirt docs/formatdomain.rst). */
class DomainElementsTest {
    private static GuestConfig xml(String body) throws InputException {
        return DomainReader.read("<domain type='kvm'>\n" + body + "</domain>\n", "d.xml");
    }

    private static String q35(String rest) {
        return "<os><type arch='x86_64' machine='pc-q35-8.2'>hvm</type></os>\n" + rest;
    }

    private static InputException error(String body) {
        InputException e = assertThrows(InputException.class, () -> xml(body));
        assertEquals("d.xml", e.file());
        return e;
    }

    private static void assertError(String body, int line, String problem) {
        InputException e = error(body);
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(problem, e.problem());
    }

    @Test
    void theDomainAndOs() throws InputException {
        assertEquals("not a libvirt domain XML: the root element is <network>, not <domain>",
                assertThrows(InputException.class, () -> DomainReader.read("<network/>", "d.xml")).problem());
        InputException t = assertThrows(InputException.class, () -> DomainReader.read("\n<domain type='xen'/>", "d.xml"));
        assertEquals(2, t.line());
        assertTrue(t.problem().startsWith("hypervisor type 'xen' is not supported"), t.problem());
        assertTrue(assertThrows(InputException.class, () -> DomainReader.read("<domain/>", "d.xml")).problem()
                .startsWith("hypervisor type 'null' is not supported"));
        assertError("<memory>1024</memory>\n", 1, "no <os> element: iovacheck needs <os><type machine='...'> (virsh dumpxml prints it)");
        assertError("<os>\n<type>hvm</type></os>\n", 3, "no machine type: give <os><type arch='x86_64' machine='pc-q35-7.0'>hvm</type>"
                + " (virsh dumpxml prints it)");
        assertError("<os>\n</os>\n", 2, "no machine type: give <os><type arch='x86_64' machine='pc-q35-7.0'>hvm</type> (virsh dumpxml prints it)");
        assertError("<os><type arch='aarch64' machine='q35'>hvm</type></os>\n", 2, "arch 'aarch64' does not go with machine 'q35'");
        assertError("<os><type arch='x86_64' machine='virt'>hvm</type></os>\n", 2, "arch 'x86_64' does not go with machine 'virt'");
        assertError("<os><type machine='microvm'>hvm</type></os>\n", 2,
                "machine type 'microvm' is not modelled (iovacheck models q35 and pc-i440fx on x86 and virt on arm, with upstream "
                        + "version numbers X.Y)");
        assertError("<os><type machine='q35'/></os>\n<os><type machine='q35'/></os>\n<memory>1024</memory>\n", 3,
                "<os> given twice inside <domain>");
        GuestConfig i686 = xml("<os><type arch='i686' machine='pc'>hvm</type><boot dev='hd'/></os>\n<memory>1048576</memory>\n");
        assertEquals("qemu-pc", i686.preset());
        assertTrue(i686.ignored().contains("<os><boot>"), i686.ignored().toString());
        GuestConfig noArch = xml("<os><type machine='pc-q35-6.2'>hvm</type></os>\n<memory>1048576</memory>\n");
        assertEquals("6.2", noArch.settings().get("machine"));
        assertEquals(GuestConfig.Syntax.LIBVIRT, noArch.syntax());
        assertEquals("d.xml", noArch.file());
    }

    @Test
    void firmware() throws InputException {
        String mem = "<memory>1048576</memory>\n";
        GuestConfig none = xml(q35(mem));
        assertEquals("seabios", none.facts().firmware());
        assertTrue(none.notes().contains("no <os firmware> and no <loader>: QEMU's default firmware, SeaBIOS"));
        assertEquals("ovmf", xml("<os firmware='efi'><type machine='q35'>hvm</type></os>\n" + mem).facts().firmware());
        GuestConfig bios = xml("<os firmware='bios'><type machine='q35'>hvm</type></os>\n" + mem);
        assertEquals("seabios", bios.facts().firmware());
        assertFalse(bios.notes().stream().anyMatch(n -> n.startsWith("no <os firmware>")));
        assertEquals("ovmf", xml("<os><type machine='q35'>hvm</type><loader readonly='yes' type='pflash'>/x/code.fd</loader></os>\n" + mem)
                .facts().firmware());
        assertEquals("ovmf", xml("<os><type machine='q35'>hvm</type><loader>/usr/share/OVMF/OVMF_CODE.fd</loader></os>\n" + mem)
                .facts().firmware());
        assertEquals("ovmf", xml("<os><type machine='q35'>hvm</type><loader>/usr/share/qemu/edk2-x86_64-code.fd</loader></os>\n" + mem)
                .facts().firmware());
        assertEquals("ovmf", xml("<os><type machine='virt'>hvm</type><loader type='rom'>/usr/share/AAVMF/AAVMF_CODE.fd</loader></os>\n" + mem)
                .facts().firmware());
        assertEquals("seabios", xml("<os firmware='efi'><type machine='q35'>hvm</type><loader type='rom'>/x/bios.bin</loader></os>\n" + mem)
                .facts().firmware(), "the loader decides");
        assertNull(xml("<os><type machine='virt'>hvm</type></os>\n" + mem).facts().firmware());
    }

    @Test
    void memoryAndItsUnits() throws InputException {
        assertEquals(Long.toString(1L << 30), xml(q35("<memory>1048576</memory>\n")).settings().get("ram"));
        assertEquals(Long.toString(4_000_000_000L), xml(q35("<memory unit='GB'>4</memory>\n")).settings().get("ram"));
        GuestConfig odd = xml(q35("<memory unit='b'>1048577</memory>\n"));
        assertTrue(odd.notes().contains("<memory> is not a whole number of MiB; libvirt may round it up before starting QEMU "
                + "(qemuDomainAlignMemorySizes)"), odd.notes().toString());
        assertFalse(xml(q35("<memory unit='MiB'>1</memory>\n")).notes().stream().anyMatch(n -> n.contains("whole number of MiB")));
        GuestConfig balloon = xml(q35("<memory>2097152</memory>\n<currentMemory>1048576</currentMemory>\n"));
        assertTrue(balloon.notes().contains("<currentMemory> is the balloon target; QEMU still maps all of <memory>, so the layout uses <memory>"));
        assertFalse(xml(q35("<memory>2097152</memory>\n<currentMemory unit='MiB'>2048</currentMemory>\n")).notes().stream()
                .anyMatch(n -> n.contains("balloon")));
        GuestConfig max = xml(q35("<memory>2097152</memory>\n<maxMemory slots='16' unit='GiB'>64</maxMemory>\n"));
        assertEquals(Long.toString(64L << 30), max.settings().get("maxmem"));
        assertEquals("16", max.settings().get("slots"));
        assertNull(xml(q35("<memory>2097152</memory>\n<maxMemory unit='GiB'>64</maxMemory>\n")).settings().get("slots"));
        assertError(q35("<memory>2097152</memory>\n<maxMemory slots='x' unit='GiB'>64</maxMemory>\n"), 4, "maxMemory slots: 'x' is not a number");
        assertError(q35(""), 1, "no <memory> element and no NUMA cells: the guest's RAM size is missing");
        assertError(q35("<memory unit='XB'>1</memory>\n"), 3,
                "<memory>: unknown unit 'XB' (libvirt takes b, KiB, MiB, GiB, TiB, KB, MB, GB, TB ...)");
        assertError(q35("<memory>many</memory>\n"), 3, "<memory>: 'many' is not a whole number");
        assertError(q35("<memory>-1</memory>\n"), 3, "<memory>: -1 KiB does not fit in 63 bits");
        assertError(q35("<memory unit='EiB'>8</memory>\n"), 3, "<memory>: 8 EiB does not fit in 63 bits");
    }

    @Test
    void everyLibvirtUnit() throws InputException {
        String[][] units = {{"b", "1"}, {"bytes", "1"}, {"byte", "1"}, {"Bytes", "1"}, {"k", "1024"}, {"KiB", "1024"}, {"M", "1048576"}, {"MiB", "1048576"},
                {"g", "1073741824"}, {"GiB", "1073741824"}, {"T", "1099511627776"}, {"TiB", "1099511627776"},
                {"P", "1125899906842624"}, {"PiB", "1125899906842624"}, {"E", "1152921504606846976"}, {"EiB", "1152921504606846976"},
                {"KB", "1000"}, {"MB", "1000000"}, {"GB", "1000000000"}, {"TB", "1000000000000"}, {"PB", "1000000000000000"},
                {"EB", "1000000000000000000"}};
        for (String[] u : units) {
            assertEquals(Long.parseLong(u[1]), Xml.scaled("1", u[0], "f", 1, "x"), u[0]);
        }
        assertEquals(1L << 10, Xml.scaled(" 1 ", null, "f", 1, "x"), "KiB by default");
        assertEquals(Long.MAX_VALUE, Xml.scaled("9223372036854775807", "b", "f", 1, "x"));
        assertThrows(InputException.class, () -> Xml.scaled("9223372036854775808", "b", "f", 1, "x"));
        assertEquals(16, Xml.integer("0x10", "f", 1, "n", 0, 16));
        assertEquals(0, Xml.integer("0", "f", 1, "n", 0, 16));
        assertEquals("n 17 is outside 0..16", assertThrows(InputException.class, () -> Xml.integer("17", "f", 1, "n", 0, 16)).problem());
        assertEquals("n -1 is outside 0..16", assertThrows(InputException.class, () -> Xml.integer("-1", "f", 1, "n", 0, 16)).problem());
        assertEquals("n: '0xg' is not a number", assertThrows(InputException.class, () -> Xml.integer("0xg", "f", 1, "n", 0, 16)).problem());
    }

    @Test
    void numaCells() throws InputException {
        GuestConfig c = xml(q35("<cpu><numa><cell id='0' memory='1' unit='GiB'/><cell id='1' memory='1048576'/></numa><topology sockets='1'/></cpu>\n"));
        assertEquals(Long.toString(2L << 30), c.settings().get("ram"), "no <memory>: the cells' sum");
        assertTrue(c.notes().contains("NUMA: 2 cell(s); QEMU lays guest RAM out as one block whatever the cells (they only shape the ACPI SRAT),"
                + " so the layout is the same"), c.notes().toString());
        assertTrue(c.ignored().contains("<cpu><topology>"), c.ignored().toString());
        GuestConfig below = xml(q35("<memory unit='GiB'>1</memory>\n<cpu><numa><cell memory='2' unit='GiB'/></numa></cpu>\n"));
        assertEquals(Long.toString(2L << 30), below.settings().get("ram"));
        assertTrue(below.notes().contains("<memory> " + (1L << 30) + " bytes is below the NUMA cells' sum " + (2L << 30)
                + " bytes; libvirt uses the cells' sum"), below.notes().toString());
        GuestConfig above = xml(q35("<memory unit='GiB'>4</memory>\n<cpu><numa><cell memory='2' unit='GiB'/></numa></cpu>\n"));
        assertEquals(Long.toString(2L << 30), above.settings().get("ram"), "the cells' sum is the initial RAM");
        assertError(q35("<memory>1048576</memory>\n<cpu><numa>\n<cell id='0'/></numa></cpu>\n"), 5, "<cell> without memory=");
        GuestConfig equal = xml(q35("<memory unit='GiB'>2</memory>\n<cpu><numa><cell memory='2' unit='GiB'/></numa></cpu>\n"));
        assertEquals(Long.toString(2L << 30), equal.settings().get("ram"));
        assertFalse(equal.notes().stream().anyMatch(n -> n.contains("below the NUMA cells' sum")), "equal is not below: " + equal.notes());
        GuestConfig arm = DomainReader.read("<domain type='kvm'>\n<memory unit='GiB'>2</memory>\n<os><type arch='aarch64' machine='virt-8.2'>"
                + "hvm</type></os>\n<cpu><numa><cell memory='2' unit='GiB'/><cell memory='2' unit='GiB'/></numa></cpu>\n</domain>\n", "a.xml");
        assertEquals(Long.toString(4L << 30), arm.settings().get("ram"), "virt too: the cells' sum");
    }

    @Test
    void cpuVendorAndPhysicalBits() throws InputException {
        String mem = "<memory>1048576</memory>\n";
        GuestConfig passthrough = xml(q35(mem + "<cpu mode='host-passthrough'/>\n"));
        assertTrue(passthrough.cpu().physBitsFromHost());
        assertTrue(passthrough.cpu().vendorFromHost());
        assertTrue(passthrough.notes().contains("<cpu mode='host-passthrough'>: QEMU -cpu host takes the host's physical address bits "
                + "(host-phys-bits=on)"), passthrough.notes().toString());
        assertTrue(xml(q35(mem + "<cpu mode='maximum'/>\n")).cpu().physBitsFromHost());
        assertFalse(xml(q35(mem + "<cpu mode='host-model'/>\n")).cpu().physBitsFromHost());
        assertFalse(xml(q35(mem)).cpu().physBitsFromHost());
        GuestConfig emulate = xml(q35(mem + "<cpu mode='host-passthrough'><maxphysaddr mode='emulate' bits='42'/></cpu>\n"));
        assertEquals("42", emulate.settings().get("phys-bits"));
        assertFalse(emulate.cpu().physBitsFromHost());
        GuestConfig limit = xml(q35(mem + "<cpu mode='host-passthrough'><maxphysaddr mode='passthrough' limit='39'/></cpu>\n"));
        assertTrue(limit.cpu().physBitsFromHost());
        assertEquals(39, limit.cpu().physBitsLimit());
        assertEquals(0, xml(q35(mem + "<cpu><maxphysaddr mode='passthrough'/></cpu>\n")).cpu().physBitsLimit());
        assertError(q35(mem + "<cpu>\n<maxphysaddr mode='emulate'/></cpu>\n"), 5, "<maxphysaddr mode='emulate'> needs bits=");
        assertError(q35(mem + "<cpu>\n<maxphysaddr mode='emulate' bits='53'/></cpu>\n"), 5, "maxphysaddr bits 53 is outside 32..52");
        assertError(q35(mem + "<cpu>\n<maxphysaddr mode='passthrough' limit='31'/></cpu>\n"), 5, "maxphysaddr limit 31 is outside 32..52");
        assertError(q35(mem + "<cpu>\n<maxphysaddr mode='emulate' bits='0'/></cpu>\n"), 5, "maxphysaddr bits 0 is outside 32..52");
        // both ends of QEMU's 32..52 (x86_cpu_realizefn: "phys-bits should be between 32 and 52") are taken
        assertEquals("32", xml(q35(mem + "<cpu><maxphysaddr mode='emulate' bits='32'/></cpu>\n")).settings().get("phys-bits"));
        assertEquals("52", xml(q35(mem + "<cpu><maxphysaddr mode='emulate' bits='52'/></cpu>\n")).settings().get("phys-bits"));
        assertEquals(32, xml(q35(mem + "<cpu><maxphysaddr mode='passthrough' limit='32'/></cpu>\n")).cpu().physBitsLimit());
        assertEquals(52, xml(q35(mem + "<cpu><maxphysaddr mode='passthrough' limit='52'/></cpu>\n")).cpu().physBitsLimit());
        // strtol skips leading white space (a tab or CR survives XML's attribute normalisation as a character reference)
        for (String ws : new String[] {" ", "&#9;", "&#13;", "&#10;"}) {
            assertEquals("40", xml(q35(mem + "<cpu><maxphysaddr mode='emulate' bits='" + ws + "40'/></cpu>\n")).settings().get("phys-bits"), ws);
        }
        // libvirt reads bits and limit in base 10 (src/conf/cpu_conf.c virCPUDefParseXML): 040 is forty, 0x28 is refused
        assertEquals("40", xml(q35(mem + "<cpu><maxphysaddr mode='emulate' bits='040'/></cpu>\n")).settings().get("phys-bits"));
        assertError(q35(mem + "<cpu>\n<maxphysaddr mode='emulate' bits='0x28'/></cpu>\n"), 5,
                "maxphysaddr bits: '0x28' is not a number (libvirt reads it in decimal)");
        assertError(q35(mem + "<cpu>\n<maxphysaddr mode='passthrough' limit='40 '/></cpu>\n"), 5,
                "maxphysaddr limit: '40 ' is not a number (libvirt reads it in decimal)");
        assertError(q35(mem + "<cpu>\n<maxphysaddr mode='copy'/></cpu>\n"), 5,
                "<maxphysaddr mode='copy'>: libvirt takes mode='passthrough' or 'emulate'");
        GuestConfig vendor = xml(q35(mem + "<cpu mode='custom'><model vendor_id='AuthenticAMD'>EPYC</model></cpu>\n"));
        assertEquals("on", vendor.settings().get("amd"));
        assertFalse(vendor.cpu().vendorFromHost());
        assertTrue(vendor.notes().contains("vCPU vendor AuthenticAMD from <model vendor_id>"));
        assertEquals("off", xml(q35(mem + "<cpu><model vendor_id='GenuineIntel'>EPYC</model></cpu>\n")).settings().get("amd"));
        GuestConfig tcg = DomainReader.read("<domain type='qemu'>" + q35(mem) + "</domain>", "d.xml");
        assertEquals("on", tcg.settings().get("amd"));
        assertTrue(tcg.notes().contains("TCG guest: vCPU vendor of CPU model qemu64 is AMD (target/i386/cpu.c builtin_x86_defs)"),
                tcg.notes().toString());
        GuestConfig tcgModel = DomainReader.read("<domain type='qemu'>" + q35(mem + "<cpu><model>Skylake-Client</model></cpu>") + "</domain>",
                "d.xml");
        assertEquals("off", tcgModel.settings().get("amd"));
        assertFalse(tcgModel.cpu().physBitsFromHost());
        GuestConfig tcgPass = DomainReader.read("<domain type='qemu'>" + q35(mem + "<cpu mode='host-passthrough'/>") + "</domain>", "d.xml");
        assertFalse(tcgPass.cpu().physBitsFromHost(), "host bits only under KVM");
        GuestConfig arm = xml("<os><type arch='aarch64' machine='virt'>hvm</type></os>\n" + mem
                + "<cpu mode='host-passthrough'><maxphysaddr mode='emulate' bits='40'/></cpu>\n");
        assertNull(arm.settings().get("phys-bits"));
        assertFalse(arm.cpu().vendorFromHost());
        assertTrue(arm.notes().contains("<maxphysaddr> applies to x86 guests; ignored for virt"), arm.notes().toString());
        assertFalse(xml("<os><type machine='virt'>hvm</type></os>\n" + mem + "<cpu mode='host-passthrough'/>\n").notes().stream()
                .anyMatch(n -> n.contains("maxphysaddr")));
    }

    @Test
    void hostdevs() throws InputException {
        GuestConfig c = xml(q35("<memory>1048576</memory>\n<devices>\n"
                + "<hostdev mode='subsystem' type='pci' managed='yes'><driver name='vfio' iommufd='yes'/>"
                + "<source><address domain='0x0000' bus='0x41' slot='0x00' function='0x1'/></source></hostdev>\n"
                + "<interface type='hostdev'><source><address type='pci' bus='0x03' slot='0x1f' function='0x7'/></source></interface>\n"
                + "<hostdev mode='subsystem' type='pci'><driver name='vfio'/><source><address domain='0x10' bus='2' slot='3' function='0'/>"
                + "</source></hostdev>\n<interface type='network'/>\n<hostdev mode='subsystem' type='usb'/>\n"
                + "<hostdev mode='capabilities' type='pci'/>\n</devices>\n"));
        assertEquals(List.of("0000:41:00.1", "0000:03:1f.7", "0010:02:03.0"), c.hostdevs());
        assertTrue(c.notes().contains("hostdev 0000:41:00.1 uses iommufd: reserved regions are enforced per device (EADDRINUSE at attach "
                + "instead of EINVAL)"), c.notes().toString());
        assertEquals(1, c.notes().stream().filter(n -> n.contains("iommufd")).count());
        assertTrue(c.ignored().containsAll(List.of("<interface type='network'>",
                "<hostdev mode='subsystem' type='usb'> (not a PCI device: not VFIO-mapped)",
                "<hostdev mode='capabilities' type='pci'> (not a PCI device: not VFIO-mapped)")), c.ignored().toString());
        String dev = "<memory>1048576</memory>\n<devices>\n<hostdev mode='subsystem' type='pci'>\n";
        assertError(q35(dev + "</hostdev></devices>\n"), 5, "<hostdev> without <source><address domain bus slot function>");
        assertError(q35("<memory>1048576</memory>\n<devices>\n<interface type='hostdev'><source/></interface></devices>\n"), 5,
                "<interface> without <source><address domain bus slot function>");
        assertError(q35(dev + "<source><address bus='0x100' slot='0' function='0'/></source></hostdev></devices>\n"), 6,
                "<address bus='0x100'>: invalid PCI address bus 0x100, must be <= 0xFF");
        assertError(q35(dev + "<source><address bus='0' slot='0x20' function='0'/></source></hostdev></devices>\n"), 6,
                "<address slot='0x20'>: invalid PCI address slot 0x20, must be <= 0x1F");
        assertError(q35(dev + "<source><address bus='0' slot='0' function='8'/></source></hostdev></devices>\n"), 6,
                "<address function='8'>: invalid PCI address function 0x8, must be <= 0x7");
    }

    /**
     * libvirt reads each part of a PCI address with virXMLPropUInt in base 0 (src/conf/device_conf.c virPCIDeviceAddressParseXML;
     * src/util/virstring.c virStrToLong_uip): 0x/0X hexadecimal, a leading 0 octal, else decimal, an absent part is 0, and the
     * domain may be any 32-bit value (src/util/virpci.c virPCIDeviceAddressIsValid checks bus, slot and function only).
     */
    @Test
    void hostdevAddressesAreReadInCBaseZeroAsLibvirtReadsThem() throws InputException {
        String[][] cases = {
            {"domain='0x0000' bus='0x10' slot='0x1f' function='0x7'", "0000:10:1f.7"},
            {"bus='010' slot='010' function='07'", "0000:08:08.7"}, // octal, as C's strtoul in base 0
            {"bus='10' slot='10' function='0'", "0000:0a:0a.0"}, // decimal
            {"domain='0X1' bus='0XfF' slot='0x01' function='1'", "0001:ff:01.1"},
            {"bus=' +3' slot='0' function='0'", "0000:03:00.0"}, // leading space and a plus sign are skipped by strtoull
            {"bus='1'", "0000:01:00.0"}, // slot and function absent: 0 (virXMLPropUInt with VIR_XML_PROP_NONE)
            {"domain='0x10000' bus='0' slot='0' function='0'", "10000:00:00.0"}, // a 32-bit domain (Intel VMD's, e.g.)
            {"domain='4294967295' bus='0xff' slot='31' function='0'", "ffffffff:ff:1f.0"},
            {"bus='0' slot='0' function='0'", "0000:00:00.0"},
        };
        for (String[] c : cases) {
            GuestConfig g = xml(q35("<memory>1048576</memory>\n<devices>\n<hostdev mode='subsystem' type='pci'><source><address "
                    + c[0] + "/></source></hostdev>\n</devices>\n"));
            assertEquals(List.of(c[1]), g.hostdevs(), c[0]);
        }
        String dev = "<memory>1048576</memory>\n<devices>\n<hostdev mode='subsystem' type='pci'>\n<source><address ";
        String[] refused = {"bus='08'", "bus='0x'", "bus='-0'", "bus='-1'", "bus='3 '", "bus=''", "bus='1e1'", "bus='0x1g'",
            "domain='0x100000000'", "domain='4294967296'", "slot='\u0663'", "function='+-1'", "bus='0b1'", "bus='q1'",
            "domain='0x10000000000000000'", "domain='18446744073709551616'", "domain='0x1000000000000000000000001'"};
        for (String a : refused) {
            String raw = a.substring(a.indexOf('\'') + 1, a.length() - 1);
            assertError(q35(dev + a + "/></source></hostdev></devices>\n"), 6, "<address " + a.substring(0, a.indexOf('=')) + "='" + raw
                    + "'>: not a non-negative integer as libvirt reads it (0x10 hexadecimal, 010 octal, 10 decimal; nothing after the digits)");
        }
    }

    @Test
    void memoryDevicesSharedMemoryIommuAndPciHole() throws InputException {
        GuestConfig c = xml(q35("<memory unit='GiB'>8</memory>\n<maxMemory slots='4' unit='GiB'>64</maxMemory>\n<devices>\n"
                + "<memory model='dimm'><target><size unit='GiB'>2</size></target><address type='dimm' slot='0' base='0x240000000'/></memory>\n"
                + "<memory model='virtio-mem'><target><size unit='GiB'>1</size><address base='0X300000000'/></target></memory>\n"
                + "<memory model='nvdimm'><target><size unit='GiB'>1</size></target></memory>\n"
                + "<shmem name='looking-glass'><model type='ivshmem-plain'/><size unit='M'>32</size></shmem>\n<shmem name='small'/>\n"
                + "<iommu model='intel'><driver aw_bits='39' intremap='on'/></iommu>\n"
                + "<controller type='pci' index='0' model='pcie-root'><pcihole64 unit='GiB'>64</pcihole64></controller>\n"
                + "<controller type='usb'/>\n<disk type='file'/>\n</devices>\n"));
        assertEquals(Long.toString(4L << 30), c.settings().get("ram"), "<memory> minus the memory devices");
        assertTrue(c.notes().contains("initial RAM (-m size) = <memory> " + (8L << 30) + " minus memory devices " + (4L << 30) + " = "
                + (4L << 30) + " bytes (libvirt counts memory devices in <memory>, virDomainDefGetMemoryInitial)"), c.notes().toString());
        assertEquals(List.of(new ConfigFacts.MemoryDevice("dimm", 2L << 30, 0x240000000L), new ConfigFacts.MemoryDevice("virtio-mem", 1L << 30,
                0x300000000L), new ConfigFacts.MemoryDevice("nvdimm", 1L << 30, 0)), c.facts().memoryDevices());
        assertTrue(c.notes().contains("memory device dimm of " + (2L << 30) + " bytes at 0x240000000: it lives in the hot-plug area "
                + "(<maxMemory>), which is judged as a whole"), c.notes().toString());
        assertTrue(c.notes().contains("memory device nvdimm of " + (1L << 30) + " bytes: it lives in the hot-plug area (<maxMemory>), which is "
                + "judged as a whole"), c.notes().toString());
        assertEquals(List.of("looking-glass " + (32L << 20), "small " + (4L << 20)), c.facts().shmem());
        assertTrue(c.notes().contains("shmem 'looking-glass' (ivshmem-plain): a " + (32L << 20) + "-byte shared-memory BAR"));
        assertEquals("intel", c.facts().viommu());
        assertEquals(39, c.facts().viommuAwBits());
        assertEquals(Long.toString(64L << 30), c.settings().get("pci-hole64-size"));
        assertTrue(c.ignored().containsAll(List.of("<controller type='usb'>", "<disk>")), c.ignored().toString());
        assertFalse(xml(q35("<memory>1048576</memory>\n")).notes().stream().anyMatch(n -> n.startsWith("initial RAM")));
        GuestConfig zeroHole = xml(q35("<memory>1048576</memory>\n<devices><controller type='pci'><pcihole64>0</pcihole64></controller>"
                + "<controller type='pcie'><pcihole64>1</pcihole64></controller><iommu model='virtio'/></devices>\n"));
        assertNull(zeroHole.settings().get("pci-hole64-size"), "0 is libvirt's 'no hole size given'");
        assertTrue(zeroHole.ignored().contains("<controller type='pcie'>"), zeroHole.ignored().toString());
        assertEquals("virtio", zeroHole.facts().viommu());
        assertEquals(0, zeroHole.facts().viommuAwBits());
        String dev = "<memory unit='GiB'>8</memory>\n<devices>\n";
        assertError(q35(dev + "<memory model='dimm'>\n</memory></devices>\n"), 5, "<memory model='dimm'> without <target><size>");
        assertError(q35(dev + "<memory model='dimm'><target/>\n</memory></devices>\n"), 5, "<memory model='dimm'> without <target><size>");
        assertError(q35(dev + "<memory model='sgx-epc'><target><size>1</size></target></memory></devices>\n"), 5,
                "memory device model 'sgx-epc' is not modelled (dimm, nvdimm, virtio-mem, virtio-pmem)");
        assertError(q35(dev + "<memory model='dimm'><target><size>1</size></target>\n<address base='zz'/></memory></devices>\n"), 6,
                "base='zz' is not a hex address");
        assertError(q35(dev + "<iommu model='intel'>\n<driver aw_bits='31'/></iommu></devices>\n"), 6, "aw_bits 31 is outside 32..64");
        assertError(q35("<memory unit='GiB'>2</memory>\n<devices>\n<memory model='dimm'><target><size unit='GiB'>2</size></target></memory>"
                + "</devices>\n"), 1, "<memory> (" + (2L << 30) + " bytes) is not larger than the memory devices (" + (2L << 30)
                + " bytes); libvirt counts memory devices inside <memory>");
        assertError(q35("<memory>1048576</memory>\n<devices/>\n<devices/>\n"), 5, "<devices> given twice inside <domain>");
    }

    /** libvirt finds qemu:commandline/qemu:arg by namespace, whatever the prefix; an argument without value= is an error, as in libvirt. */
    @Test
    void qemuNamespaceWhateverItsPrefix() throws InputException {
        String ns = "http://libvirt.org/schemas/domain/qemu/1.0";
        GuestConfig q = xml(q35("<memory unit='GiB'>4</memory>\n<q:commandline xmlns:q='" + ns + "'><q:arg value='-machine'/>"
                + "<q:arg value='max-ram-below-4g=1G'/></q:commandline>\n"));
        assertEquals(Long.toString(1L << 30), q.settings().get("max-ram-below-4g"));
        GuestConfig other = xml(q35("<memory unit='GiB'>4</memory>\n<qemu:commandline xmlns:qemu='urn:other'><qemu:arg value='-machine'/>"
                + "<qemu:arg value='max-ram-below-4g=1G'/></qemu:commandline>\n"));
        assertNull(other.settings().get("max-ram-below-4g"), "another namespace under the usual prefix is not libvirt's");
        assertTrue(other.ignored().contains("<qemu:commandline>"), other.ignored().toString());
        GuestConfig bare = xml(q35("<memory unit='GiB'>4</memory>\n<qemu:commandline xmlns:qemu='" + ns + "'><arg value='-machine'/>"
                + "<arg value='max-ram-below-4g=1G'/></qemu:commandline>\n"));
        assertNull(bare.settings().get("max-ram-below-4g"), "an <arg> outside the namespace");
        assertTrue(bare.ignored().contains("<arg>"), bare.ignored().toString());
        assertError(q35("<memory unit='GiB'>4</memory>\n<qemu:commandline xmlns:qemu='" + ns + "'>\n<qemu:arg/></qemu:commandline>\n"), 5,
                "<qemu:arg> without value=");
        InputException undeclared = error(q35("<memory unit='GiB'>4</memory>\n<qemu:commandline><qemu:arg value='-m'/></qemu:commandline>\n"));
        assertEquals(4, undeclared.line());
        assertTrue(undeclared.problem().startsWith("malformed XML: "), undeclared.problem());
        GuestConfig passthrough = xml(q35("<memory unit='GiB'>4</memory>\n<cpu mode='host-passthrough'/>\n<qemu:commandline xmlns:qemu='" + ns
                + "'><qemu:arg value='-machine'/><qemu:arg value='max-ram-below-4g=1G'/></qemu:commandline>\n"));
        assertTrue(passthrough.cpu().physBitsFromHost(), "arguments without -cpu leave libvirt's CPU as it is");
        assertTrue(passthrough.cpu().vendorFromHost());
        assertNull(passthrough.settings().get("amd"));
        assertNull(passthrough.settings().get("phys-bits"));
        GuestConfig hole = xml(q35("<memory unit='GiB'>4</memory>\n<devices><controller type='pci' index='0' model='pcie-root'><pcihole64 unit='GiB'>"
                + "2</pcihole64></controller></devices>\n<qemu:commandline xmlns:qemu='" + ns + "'><qemu:arg value='-global'/>"
                + "<qemu:arg value='q35-pcihost.pci-hole64-size=4G'/></qemu:commandline>\n"));
        assertEquals(Long.toString(4L << 30), hole.settings().get("pci-hole64-size"), "QEMU takes the passed-through -global after libvirt's own");
        assertError(q35("<memory unit='GiB'>8</memory>\n<devices>\n<memory><target><size>1</size></target></memory></devices>\n"), 5,
                "<memory> device without model= (dimm, nvdimm, virtio-mem, virtio-pmem)");
    }

    @Test
    void qemuCommandlineArgumentsAreQemuOptions() throws InputException {
        GuestConfig c = xml(q35("<memory unit='GiB'>4</memory>\n<qemu:commandline xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>"
                + "<qemu:arg value='-machine'/><qemu:arg value='max-ram-below-4g=1G'/><qemu:env name='X' value='1'/>"
                + "</qemu:commandline>\n<name>vm</name>\n"));
        assertEquals(Long.toString(1L << 30), c.settings().get("max-ram-below-4g"));
        assertTrue(c.ignored().containsAll(List.of("<qemu:env>", "<name>")), c.ignored().toString());
        assertEquals("on", xml(q35("<memory unit='GiB'>4</memory>\n<qemu:commandline xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>"
                + "<qemu:arg value='-cpu'/><qemu:arg value='host,vendor=AuthenticAMD'/></qemu:commandline>\n")).settings().get("amd"));
    }
}
