package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check and place with a libvirt domain XML or a QEMU command line as the guest: the acceptance case and --write. */
class ConfigCommandTest {
    static final String CONFIGS = "src/test/resources/configs/";
    static final String GUESTS = "../models/guests/";
    static final String EPYC = Cli.HOSTS + "amd-epyc.yaml";
    static final String HT = "hits reserved 0x000000fd00000000-0x000000ffffffffff (group 12";

    @Test
    void amdQ35XmlWith1100GOnMachine70IsUnsafeWithTheHyperTransportRange() {
        Cli r = Cli.run("check", "--host", EPYC, "--guest", GUESTS + "q35-amd-1100g.xml");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("verdict: UNSAFE"), r.out());
        assertTrue(r.out().contains("ram 'ram-above-4g' 0x0000000100000000-0x000001137fffffff"), r.out());
        assertTrue(r.out().contains(HT), r.out());
        assertTrue(r.out().contains("host amd-epyc is AMD"), r.out());
        assertTrue(r.out().endsWith("fix, in your libvirt domain XML (found by place, re-checked):\n"
                + "  <os><type arch='x86_64' machine='pc-q35-7.1'>hvm</type></os> (was pc-q35-7.0)\n"), r.out());
    }

    @Test
    void theSameVmAsQemuCommandLineFileAndAfterDoubleDashGivesTheSameAnswer() {
        Cli xml = Cli.run("check", "--host", EPYC, "--guest", GUESTS + "q35-amd-1100g.xml");
        Cli file = Cli.run("check", "--host", EPYC, "--guest", GUESTS + "q35-amd-1100g.argv");
        Cli words = Cli.run("check", "--host", EPYC, "--", "qemu-system-x86_64", "-machine", "pc-q35-7.0,accel=kvm", "-cpu", "host,phys-bits=48",
                "-m", "1100G", "-device", "vfio-pci,host=0000:41:00.0");
        for (Cli r : new Cli[] {file, words}) {
            assertEquals(1, r.exit(), r.out() + r.err());
            assertEquals(conflicts(xml.out()), conflicts(r.out()));
        }
    }

    private static String conflicts(String out) {
        return out.substring(out.indexOf("conflicts ("), out.indexOf("  note:", out.indexOf("conflicts (")));
    }

    @Test
    void placePrintsTheXmlChangeAndWriteMakesANewFileThatChecksSafe(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("vm.xml");
        Files.copy(Path.of(GUESTS + "q35-amd-1100g.xml"), in);
        Path out = dir.resolve("vm-fixed.xml");
        Cli r = Cli.run("place", "--host", EPYC, "--guest", in.toString(), "--write", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("in your libvirt domain XML, change:\n  <os><type arch='x86_64' machine='pc-q35-7.1'>hvm</type></os> (was pc-q35-7.0)\n"),
                r.out());
        assertFalse(r.out().contains("max-ram-below-4g"), "a knob left at a value that changes nothing is not a change: " + r.out());
        String before = Files.readString(in);
        String after = Files.readString(out);
        assertEquals(before.replace("machine='pc-q35-7.0'", "machine='pc-q35-7.1'"), after, "only the machine attribute changes");
        Cli ok = Cli.run("check", "--host", EPYC, "--guest", out.toString());
        assertEquals(0, ok.exit(), ok.out());
        assertTrue(ok.out().contains("DMA-mapped ram     0x0000010000000000-0x000002127fffffff  ram-above-4g"), ok.out());
        Cli same = Cli.run("place", "--host", EPYC, "--guest", in.toString(), "--write", out.toString());
        assertEquals(0, same.exit(), "an existing file with exactly the corrected text is left as it is: " + same.err());
        Path other = dir.resolve("other.xml");
        Files.writeString(other, "mine\n");
        Cli again = Cli.run("place", "--host", EPYC, "--guest", in.toString(), "--write", other.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("already exists"), again.err());
        assertEquals("mine\n", Files.readString(other));
        Cli self = Cli.run("place", "--host", EPYC, "--guest", in.toString(), "--write", in.toString());
        assertEquals(2, self.exit());
        assertTrue(self.err().contains("is the input"), self.err());
        assertEquals(before, Files.readString(in), "the input is never written");
    }

    @Test
    void placeForTheQemuCommandLinePrintsTheOption() {
        Cli r = Cli.run("place", "--host", EPYC, "--guest", GUESTS + "q35-amd-1100g.argv");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("in your QEMU command line, change:\n  -machine pc-q35-7.1 (was pc-q35-7.0)\n"), r.out());
    }

    @Test
    void writeInsertsMaxphysaddrAndMaxMemoryAsNewLines(@TempDir Path dir) throws Exception {
        // a 1100 GiB AMD guest on the newest machine type with 40 phys-bits: QEMU refuses it (phys-bits too low); place cannot change
        // the bits the XML fixes, so with --set the user frees nothing; the largest safe RAM is what place --maximize finds
        Path in = dir.resolve("vm.xml");
        Files.writeString(in, "<domain type='kvm'>\n  <memory unit='GiB'>4</memory>\n  <os>\n    <type arch='x86_64' machine='pc-q35-9.0'>hvm</type>\n"
                + "  </os>\n  <cpu mode='custom'>\n    <model>EPYC</model>\n  </cpu>\n</domain>\n");
        Cli r = Cli.run("place", "--host", EPYC, "--guest", in.toString(), "--maximize", "ram", "--granule", "1G", "--write",
                dir.resolve("max.xml").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        String fixed = Files.readString(dir.resolve("max.xml"));
        assertTrue(fixed.contains("<memory unit='KiB'>"), fixed);
        Cli ok = Cli.run("check", "--host", EPYC, "--guest", dir.resolve("max.xml").toString());
        assertEquals(0, ok.exit(), ok.out());
    }

    @Test
    void ramIsRefusedForAConfigurationAndUnsupportedHypervisorsExit2() {
        Cli ram = Cli.run("check", "--host", EPYC, "--guest", GUESTS + "q35-amd-1100g.xml", "--ram", "4G");
        assertEquals(2, ram.exit());
        assertTrue(ram.err().contains("fixes the RAM"), ram.err());
        Cli xen = Cli.run("check", "--host", EPYC, "--guest", CONFIGS + "xen.xml");
        assertEquals(2, xen.exit());
        assertTrue(xen.err().contains("hypervisor type 'xen' is not supported"), xen.err());
        Cli bad = Cli.run("check", "--host", EPYC, "--guest", CONFIGS + "malformed.xml");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("malformed.xml:5: malformed XML"), bad.err());
    }

    @Test
    void hostdevsNarrowTheHostToTheirGroups(@TempDir Path dir) throws Exception {
        Path groups = dir.resolve("iommu_groups");
        Files.createDirectories(groups.resolve("1/devices/0000:41:00.0"));
        Files.writeString(groups.resolve("1/reserved_regions"), "0x00000000fee00000 0x00000000feefffff msi\n0x000000fd00000000 0x000000ffffffffff reserved\n");
        Files.createDirectories(groups.resolve("2/devices/0000:42:00.0"));
        Files.writeString(groups.resolve("2/reserved_regions"), "0x00000000fee00000 0x00000000feefffff msi\n");
        String[] vm = {"-machine", "pc-q35-7.0", "-cpu", "EPYC,phys-bits=48", "-m", "1100G", "-device"};
        Cli in1 = Cli.run(concat(new String[] {"check", "--host", groups.toString(), "--"}, vm, "vfio-pci,host=0000:41:00.0"));
        assertEquals(1, in1.exit(), in1.out() + in1.err());
        assertTrue(in1.out().contains("device 0000:41:00.0 is in IOMMU group 1"), in1.out());
        Cli in2 = Cli.run(concat(new String[] {"check", "--host", groups.toString(), "--"}, vm, "vfio-pci,host=0000:42:00.0"));
        assertEquals(0, in2.exit(), in2.out() + in2.err());
        assertTrue(in2.out().contains("not the host's other 1 group(s)"), in2.out());
        Cli none = Cli.run(concat(new String[] {"check", "--host", groups.toString(), "--"}, vm, "vfio-pci,host=0000:43:00.0"));
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("assigned device 0000:43:00.0 is in no IOMMU group"), none.err());
    }

    @Test
    void aCollectedHostFileGivesTheGroupsOfTheDevicesAndTheCpuFacts(@TempDir Path dir) throws Exception {
        Path host = dir.resolve("collected.yaml");
        Files.writeString(host, "name: epyc-collected\ncpu:\n  vendor: 'AuthenticAMD'\n  phys-bits: 48\ngroups:\n"
                + "  - id: '12'\n    reserved-regions: |\n      0x00000000fee00000 0x00000000feefffff msi\n      0x000000fd00000000 0x000000ffffffffff reserved\n"
                + "    devices:\n      - address: '0000:41:00.0'\n"
                + "  - id: '13'\n    reserved-regions: |\n      0x00000000fee00000 0x00000000feefffff msi\n"
                + "    devices:\n      - address: '0000:42:00.0'\n");
        // host-passthrough without maxphysaddr: phys-bits from the collected facts, vendor AMD from them
        Cli in12 = Cli.run("check", "--host", host.toString(), "--", "-machine", "pc-q35-7.0,accel=kvm", "-cpu", "host", "-m", "1100G",
                "-device", "vfio-pci,host=0000:41:00.0");
        assertEquals(1, in12.exit(), in12.out() + in12.err());
        assertTrue(in12.out().contains("phys-bits 48: the host's collected /proc/cpuinfo address sizes"), in12.out());
        assertTrue(in12.out().contains("host epyc-collected's CPU is AuthenticAMD"), in12.out());
        assertTrue(in12.out().contains("device 0000:41:00.0 is in IOMMU group 12"), in12.out());
        Cli in13 = Cli.run("check", "--host", host.toString(), "--", "-machine", "pc-q35-7.0,accel=kvm", "-cpu", "host", "-m", "1100G",
                "-device", "vfio-pci,host=0000:42:00.0");
        assertEquals(0, in13.exit(), in13.out() + in13.err());
    }

    @Test
    void hotaddAndProveTakeConfigurationsToo() {
        Cli h = Cli.run("hotadd", "--host", EPYC, "--running", GUESTS + "q35-amd-1100g.xml", "--device", Cli.HOSTS + "intel-raptorlake-39bit.yaml");
        assertTrue(h.out().contains("running: " + GUESTS + "q35-amd-1100g.xml (libvirt domain XML, qemu-q35)"), h.out() + h.err());
        Cli p = Cli.run("prove", "--fleet", "../models/fleets/arm64-servers", "--guest", GUESTS + "virt-arm.xml");
        assertTrue(p.exit() == 0 || p.exit() == 1, p.out() + p.err());
        assertTrue(p.out().contains("guest:   " + GUESTS + "virt-arm.xml (libvirt domain XML, qemu-virt)"), p.out());
    }

    @Test
    void r10FromXmlTheFirmwareWindowAbove39BitsIsDegradedAndPlaceWritesTheFix(@TempDir Path dir) throws Exception {
        // a collected Raptor Lake host (46 physical bits, 39-bit VT-d) with the GPU's BARs; the XML lets the guest see 46 bits
        Path host = dir.resolve("collected.yaml");
        Files.writeString(host, "name: raptor\ncpu:\n  vendor: 'GenuineIntel'\n  phys-bits: 46\naperture-bits: 39\ngroups:\n  - id: '14'\n"
                + "    reserved-regions: |\n      0x00000000fee00000 0x00000000feefffff msi\n    devices:\n      - address: '0000:01:00.0'\n"
                + "        bars:\n          - index: 1\n            range: 0x4000000000-0x43ffffffff\n            flags: mem64 prefetchable\n");
        Path xml = dir.resolve("lab.xml");
        Files.writeString(xml, Files.readString(Path.of(GUESTS + "q35-hotplug-ovmf-numa.xml")).replace("limit='39'", "limit='46'"));
        Cli r = Cli.run("check", "--host", host.toString(), "--guest", xml.toString(), "--p2p");
        assertEquals(4, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("device BARs for the firmware model: hostdev-0000-01-00-0:bar1=16G"), r.out());
        assertTrue(r.out().contains("0x0000380000000000-0x00003fffffffffff  ovmf-pci64"), r.out());
        assertTrue(r.out().contains("fix, in your libvirt domain XML (found by place, re-checked):"), r.out());
        Path fixed = dir.resolve("fixed.xml");
        Cli p = Cli.run("place", "--host", host.toString(), "--guest", xml.toString(), "--p2p", "--write", fixed.toString());
        assertEquals(0, p.exit(), p.out() + p.err());
        Cli ok = Cli.run("check", "--host", host.toString(), "--guest", fixed.toString(), "--p2p");
        assertEquals(0, ok.exit(), ok.out());
        Cli as39 = Cli.run("check", "--host", host.toString(), "--guest", GUESTS + "q35-hotplug-ovmf-numa.xml", "--p2p");
        assertEquals(0, as39.exit(), "the user's fix of report R10, <maxphysaddr mode='passthrough' limit='39'/>: " + as39.out());
    }

    private static String[] concat(String[] a, String[] b, String last) {
        String[] r = new String[a.length + b.length + 1];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        r[r.length - 1] = last;
        return r;
    }
}
