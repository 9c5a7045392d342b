package org.iovacheck.format.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iovacheck.format.InputException;
import org.junit.jupiter.api.Test;

/**
 * Answers in the configuration's syntax (docs/qemu-argv.md: the options to change; docs/libvirt.md: the elements to change, and
 * --write's corrected XML, which reads back to the new settings and keeps every other line).
 */
class ConfigAnswerTest {
    private static final String DOMAIN = """
            <domain type='kvm'>
              <name>vm</name>
              <memory unit='KiB'>2097152</memory>
              <currentMemory unit='KiB'>2097152</currentMemory>
              <os>
                <type arch='x86_64' machine='pc-q35-7.0'>hvm</type>
              </os>
              <cpu mode='host-passthrough'/>
              <devices>
                <controller type='pci' index='0' model='pcie-root'/>
                <disk type='file'/>
              </devices>
            </domain>
            """;

    private static GuestConfig argv(String line) throws InputException {
        return ArgvReader.read(ConfigFiles.words(line, "cmd"), "cmd");
    }

    private static Map<String, String> with(Map<String, String> m, String... kv) {
        Map<String, String> out = new HashMap<>(m);
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], kv[i + 1]);
        }
        return out;
    }

    @Test
    void changedKeysInAStableOrder() {
        Map<String, String> before = Map.of("machine", "7.0", "ram", "1", "amd", "on");
        assertEquals(List.of("machine", "ram", "phys-bits", "amd"),
                ConfigAnswer.changedKeys(before, Map.of("amd", "off", "phys-bits", "40", "ram", "2", "machine", "7.1", "unknown-key", "x")));
        assertEquals(List.of(), ConfigAnswer.changedKeys(before, before));
        assertEquals(List.of(), ConfigAnswer.changedKeys(before, Map.of()), "a key the answer does not set is no change");
        assertEquals(List.of("maxmem", "slots", "phys-bits-limit", "x-pci-mmio64-mb", "max-ram-below-4g", "pci-hole64-size", "highmem",
                "highmem-ecam", "highmem-redists", "highmem-mmio", "highmem-mmio-size", "compact-highmem"),
                ConfigAnswer.changedKeys(Map.of(), with(Map.of(), "compact-highmem", "on", "highmem-mmio-size", "1", "highmem-mmio", "on",
                        "highmem-redists", "on", "highmem-ecam", "on", "highmem", "on", "pci-hole64-size", "1", "max-ram-below-4g", "1",
                        "x-pci-mmio64-mb", "1", "phys-bits-limit", "1", "slots", "1", "maxmem", "1")));
    }

    @Test
    void machineNames() {
        assertEquals("q35", ConfigAnswer.machineName("qemu-q35", "latest"));
        assertEquals("q35", ConfigAnswer.machineName("qemu-q35", null));
        assertEquals("pc-q35-7.1", ConfigAnswer.machineName("qemu-q35", "7.1"));
        assertEquals("pc", ConfigAnswer.machineName("qemu-pc", "latest"));
        assertEquals("pc-i440fx-8.2", ConfigAnswer.machineName("qemu-pc", "8.2"));
        assertEquals("virt", ConfigAnswer.machineName("qemu-virt", null));
        assertEquals("virt-7.2", ConfigAnswer.machineName("qemu-virt", "7.2"));
    }

    @Test
    void qemuOptionsToChange() throws InputException {
        GuestConfig q = argv("-machine pc-q35-7.0 -m 2G");
        Map<String, String> before = q.settings();
        Map<String, String> after = with(before, "machine", "7.1", "ram", Long.toString(3L << 29), "maxmem", Long.toString(1L << 40),
                "slots", "4", "phys-bits", "40", "pci-hole64-size", Long.toString(64L << 30), "phys-bits-limit", "39",
                "x-pci-mmio64-mb", "65536", "max-ram-below-4g", Long.toString(2L << 30), "highmem", "off", "highmem-mmio-size", "4097", "amd", "off");
        assertEquals(List.of("-machine pc-q35-7.1 (was pc-q35-7.0)", "-m size=1536M (was 2G)", "-m maxmem=1T", "-m slots=4",
                "-cpu ...,phys-bits=40", "-cpu host,host-phys-bits=on,host-phys-bits-limit=39", "-fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=65536",
                "-machine ...,max-ram-below-4g=2G", "-global q35-pcihost.pci-hole64-size=64G", "-machine ...,highmem=off",
                "-machine ...,highmem-mmio-size=4097B", "-cpu ...,vendor=GenuineIntel (was on)"), ConfigAnswer.changes(q, before, after));
        GuestConfig pc = argv("-enable-kvm -machine pc -cpu host -m 1G");
        assertEquals(List.of("-cpu ...,host-phys-bits-limit=39", "-global i440FX-pcihost.pci-hole64-size=1K", "-cpu ...,vendor=AuthenticAMD"),
                ConfigAnswer.changes(pc, pc.settings(), with(pc.settings(), "phys-bits", "39", "pci-hole64-size", "1024", "amd", "on")));
        assertEquals(List.of("-machine q35 (was pc-q35-7.0)"), ConfigAnswer.changes(q, before, with(before, "machine", "latest")));
        assertEquals(List.of("-m size=4G (was 2G)"), ConfigAnswer.changes(q, before, with(before, "ram", "4G")), "a size given with a suffix");
        assertEquals(List.of(), ConfigAnswer.changes(q, before, before));
    }

    @Test
    void libvirtElementsToChange() throws InputException {
        GuestConfig x = DomainReader.read(DOMAIN, "d.xml");
        Map<String, String> before = x.settings();
        Map<String, String> after = with(before, "machine", "7.1", "ram", Long.toString(4L << 30), "maxmem", Long.toString(8L << 30),
                "slots", "2", "phys-bits", "39", "pci-hole64-size", Long.toString(64L << 30), "amd", "off", "phys-bits-limit", "40",
                "x-pci-mmio64-mb", "1024", "max-ram-below-4g", Long.toString(1L << 30), "highmem-ecam", "on");
        List<String> c = ConfigAnswer.changes(x, before, after);
        String ns = "(xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0' on <domain>)";
        assertEquals(List.of("<os><type arch='x86_64' machine='pc-q35-7.1'>hvm</type></os> (was pc-q35-7.0)",
                "<memory unit='KiB'>4194304</memory> and <currentMemory unit='KiB'>4194304</currentMemory> (was 2G)",
                "<maxMemory unit='KiB'>8388608</maxMemory>", "<maxMemory slots='2'>",
                "<cpu><maxphysaddr mode='passthrough' limit='39'/></cpu>",
                "<cpu mode='host-passthrough'><maxphysaddr mode='passthrough' limit='40'/></cpu>",
                "<qemu:commandline><qemu:arg value='-fw_cfg'/><qemu:arg value='name=opt/ovmf/X-PciMmio64Mb,string=1024'/></qemu:commandline> " + ns,
                "<qemu:commandline><qemu:arg value='-machine'/><qemu:arg value='max-ram-below-4g=1G'/></qemu:commandline> " + ns,
                "<controller type='pci' index='0' model='pcie-root'><pcihole64 unit='KiB'>67108864</pcihole64></controller>",
                "<qemu:commandline><qemu:arg value='-machine'/><qemu:arg value='highmem-ecam=on'/></qemu:commandline> " + ns,
                "<cpu><model vendor_id='GenuineIntel'>...</model></cpu>"), c);
        GuestConfig emulated = DomainReader.read(DOMAIN.replace("<cpu mode='host-passthrough'/>", "<cpu mode='custom'><model>EPYC</model></cpu>")
                .replace("pc-q35-7.0", "pc-i440fx-7.0"), "d.xml");
        assertEquals(List.of("<cpu><maxphysaddr mode='emulate' bits='39'/></cpu>",
                "<controller type='pci' index='0' model='pci-root'><pcihole64 unit='KiB'>1</pcihole64></controller>",
                "<cpu><model vendor_id='AuthenticAMD'>...</model></cpu>"),
                ConfigAnswer.changes(emulated, emulated.settings(), with(emulated.settings(), "phys-bits", "39", "pci-hole64-size", "1024",
                        "amd", "on")));
        GuestConfig arm = DomainReader.read("<domain type='kvm'><memory>1048576</memory><os><type machine='virt-7.2'>hvm</type></os></domain>",
                "a.xml");
        assertEquals(List.of("<os><type arch='aarch64' machine='virt-8.0'>hvm</type></os> (was virt-7.2)"),
                ConfigAnswer.changes(arm, Map.of("machine", "7.2"), Map.of("machine", "8.0")));
    }

    @Test
    void memoryDevicesAreCountedInsideLibvirtsMemory() throws InputException {
        GuestConfig x = DomainReader.read(DOMAIN.replace("<disk type='file'/>",
                "<memory model='dimm'><target><size unit='GiB'>1</size></target></memory>").replace("2097152", "3145728"), "d.xml");
        assertEquals(Long.toString(2L << 30), x.settings().get("ram"));
        assertEquals(List.of("<memory unit='KiB'>5242880</memory> and <currentMemory unit='KiB'>5242880</currentMemory> (was 2G)"),
                ConfigAnswer.changes(x, x.settings(), with(x.settings(), "ram", Long.toString(4L << 30))));
        String out = ConfigAnswer.rewrite(DOMAIN.replace("<disk type='file'/>",
                "<memory model='dimm'><target><size unit='GiB'>1</size></target></memory>").replace("2097152", "3145728"), x, x.settings(),
                with(x.settings(), "ram", Long.toString(4L << 30)));
        assertEquals(Long.toString(4L << 30), DomainReader.read(out, "o").settings().get("ram"));
    }

    /**
     * Regression: with NUMA cells the initial RAM is the cells' sum (libvirt virDomainDefGetMemoryInitial), so a new {@code <memory>}
     * alone does not change it; the read-back check skipped {@code ram} and --write returned XML that still gave the old RAM.
     */
    @Test
    void writeRefusesARamChangeTheNumaCellsWouldUndo() throws InputException {
        String numa = DOMAIN.replace("<cpu mode='host-passthrough'/>",
                "<cpu mode='host-passthrough'>\n    <numa>\n      <cell id='0' memory='2097152' unit='KiB'/>\n    </numa>\n  </cpu>");
        InputException e = assertThrows(InputException.class, () -> rewrite(numa, "ram", Long.toString(4L << 30)));
        assertEquals("--write: the corrected XML does not read back with ram=" + (4L << 30) + " (got " + (2L << 30)
                + "); apply the printed change by hand", e.problem());
        assertEquals("d.xml", e.file());
        String plain = rewrite(DOMAIN, "ram", Long.toString(3L << 30));
        assertEquals(Long.toString(3L << 30), DomainReader.read(plain, "o").settings().get("ram"), "without cells <memory> is the RAM");
    }

    /** The domain's own qemu:commandline is applied after the elements, so an element edit it overrides is refused, not written. */
    @Test
    void writeRefusesAChangeTheDomainsOwnQemuArgumentsOverride() throws InputException {
        String own = DOMAIN.replace("<domain type='kvm'>", "<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>")
                .replace("</devices>\n", "</devices>\n  <qemu:commandline><qemu:arg value='-cpu'/><qemu:arg value='host,phys-bits=40'/>"
                        + "</qemu:commandline>\n");
        GuestConfig c = DomainReader.read(own, "d.xml");
        assertEquals("40", c.settings().get("phys-bits"));
        InputException e = assertThrows(InputException.class, () -> rewrite(own, "phys-bits", "41"));
        assertEquals("--write: the corrected XML does not read back with phys-bits=41 (got 40); apply the printed change by hand", e.problem());
        InputException slots = assertThrows(InputException.class, () -> rewrite(DOMAIN, "slots", "2"));
        assertEquals("--write: slots without maxmem; apply the printed change by hand", slots.problem());
    }

    /** Two edits where the first inserts a line: the second must still find its element's line (the line map moves with insertions). */
    @Test
    void writeTwoChangesAfterAnInsertedLine() throws InputException {
        String withModel = DOMAIN.replace("<cpu mode='host-passthrough'/>", "<cpu mode='custom'>\n    <model>EPYC</model>\n  </cpu>")
                .replace("<controller type='pci' index='0' model='pcie-root'/>",
                        "<controller type='pci' index='0' model='pcie-root'>\n      <pcihole64 unit='KiB'>1048576</pcihole64>\n    </controller>");
        String out = rewrite(withModel, "phys-bits", "41", "pci-hole64-size", Long.toString(2L << 30));
        assertEquals(List.of("    <maxphysaddr mode='emulate' bits='41'/>", "      <pcihole64 unit='KiB'>2097152</pcihole64>"), added(withModel, out));
        assertEquals(withModel.split("\n").length + 1, out.split("\n").length);
        assertTrue(out.indexOf("<maxphysaddr") < out.indexOf("</cpu>") && out.indexOf("<maxphysaddr") > out.indexOf("<model>"), out);
        // an insertion in <cpu> then one at the end of <domain>: the end tag line moved down with the first insertion
        String twoInserts = rewrite(withModel, "phys-bits", "41", "maxmem", Long.toString(8L << 30));
        assertTrue(twoInserts.endsWith("  <maxMemory unit='KiB'>8388608</maxMemory>\n</domain>\n"), twoInserts);
    }

    /**
     * Regression: a domain written on one line (as some tools write it). A new element was inserted as a line before the line of
     * its parent's end tag, i.e. before the whole document, and the result was not XML; it goes just before the end tag now.
     */
    @Test
    void writeEditsADomainWrittenOnOneLine() throws InputException {
        String one = "<domain type='kvm'><memory unit='KiB'>2097152</memory><os><type arch='x86_64' machine='pc-q35-7.0'>hvm</type></os>"
                + "<cpu mode='custom'><model>EPYC</model></cpu></domain>";
        assertEquals(one.replace("pc-q35-7.0", "pc-q35-7.1"), rewrite(one, "machine", "7.1"));
        assertEquals(one.replace("2097152", "3145728"), rewrite(one, "ram", Long.toString(3L << 30)));
        assertEquals(one.replace("</domain>", "<maxMemory unit='KiB'>8388608</maxMemory></domain>"), rewrite(one, "maxmem", Long.toString(8L << 30)));
        assertEquals(one.replace("</cpu>", "<maxphysaddr mode='emulate' bits='41'/></cpu>"), rewrite(one, "phys-bits", "41"));
    }

    /** An empty {@code <devices/>} has no end tag to insert before: a located refusal, the change printed for hand editing. */
    @Test
    void writeRefusesWhereThereIsNoEndTag() {
        String empty = DOMAIN.substring(0, DOMAIN.indexOf("  <devices>")) + "  <devices/>\n</domain>\n";
        InputException e = assertThrows(InputException.class, () -> rewrite(empty, "pci-hole64-size", Long.toString(1L << 30)));
        assertEquals("--write: no </devices> found; apply the printed change by hand", e.problem());
        assertEquals(9, e.line());
    }

    /** Sizes are printed in the largest unit that divides them; 0 (no hole) is 0B. */
    @Test
    void aZeroHoleIsShownAsZeroBytes() throws InputException {
        GuestConfig zero = argv("-machine q35 -global q35-pcihost.pci-hole64-size=0");
        assertEquals(List.of("-global q35-pcihost.pci-hole64-size=32G (was 0B)"),
                ConfigAnswer.changes(zero, zero.settings(), with(zero.settings(), "pci-hole64-size", Long.toString(32L << 30))));
    }

    /** The lines of {@code out} that are not lines of {@code in}, and how many of {@code in}'s lines are gone. */
    private static List<String> added(String in, String out) {
        List<String> a = new ArrayList<>(List.of(out.split("\n", -1)));
        for (String l : in.split("\n", -1)) {
            a.remove(l);
        }
        return a;
    }

    private static String rewrite(String xml, String... kv) throws InputException {
        GuestConfig c = DomainReader.read(xml, "d.xml");
        return ConfigAnswer.rewrite(xml, c, c.settings(), with(c.settings(), kv));
    }

    @Test
    void writeChangesOnlyTheLinesOfTheChange() throws InputException {
        String m = rewrite(DOMAIN, "machine", "7.1");
        assertEquals(List.of("    <type arch='x86_64' machine='pc-q35-7.1'>hvm</type>"), added(DOMAIN, m));
        assertEquals(DOMAIN.split("\n").length, m.split("\n").length);
        String r = rewrite(DOMAIN, "ram", Long.toString(4L << 30));
        assertEquals(List.of("  <memory unit='KiB'>4194304</memory>", "  <currentMemory unit='KiB'>4194304</currentMemory>"), added(DOMAIN, r));
        String max = rewrite(DOMAIN, "maxmem", Long.toString(8L << 30));
        assertEquals(List.of("  <maxMemory unit='KiB'>8388608</maxMemory>"), added(DOMAIN, max));
        String max2 = rewrite(max, "maxmem", Long.toString(16L << 30));
        assertEquals(List.of("  <maxMemory unit='KiB'>16777216</maxMemory>"), added(max, max2));
        String bits = rewrite(DOMAIN, "phys-bits", "39");
        assertEquals(List.of("  <cpu mode='host-passthrough'><maxphysaddr mode='passthrough' limit='39'/></cpu>"), added(DOMAIN, bits));
        assertEquals(39, DomainReader.read(bits, "o").cpu().physBitsLimit());
        String bits2 = rewrite(bits, "phys-bits-limit", "40");
        assertEquals(List.of("  <cpu mode='host-passthrough'><maxphysaddr mode='passthrough' limit='40'/></cpu>"), added(bits, bits2));
        String hole = rewrite(DOMAIN, "pci-hole64-size", Long.toString(64L << 30));
        assertEquals(List.of("    <controller type='pci' index='0' model='pcie-root'><pcihole64 unit='KiB'>67108864</pcihole64></controller>"),
                added(DOMAIN, hole));
        String hole2 = rewrite(hole, "pci-hole64-size", Long.toString(32L << 30));
        assertEquals(List.of("    <controller type='pci' index='0' model='pcie-root'><pcihole64 unit='KiB'>33554432</pcihole64></controller>"),
                added(hole, hole2));
        String arg = rewrite(DOMAIN, "max-ram-below-4g", Long.toString(1L << 30));
        assertEquals(List.of("<domain xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0' type='kvm'>",
                "  <qemu:commandline><qemu:arg value='-machine'/><qemu:arg value='max-ram-below-4g=1G'/></qemu:commandline>"), added(DOMAIN, arg));
        assertEquals(Long.toString(1L << 30), DomainReader.read(arg, "o").settings().get("max-ram-below-4g"));
        String fw = rewrite(arg, "x-pci-mmio64-mb", "1024");
        assertEquals(List.of("  <qemu:commandline><qemu:arg value='-fw_cfg'/><qemu:arg value='name=opt/ovmf/X-PciMmio64Mb,string=1024'/>"
                + "</qemu:commandline>"), added(arg, fw), "the namespace is declared once");
        InputException amd = assertThrows(InputException.class, () -> rewrite(DOMAIN, "amd", "off"));
        assertEquals("--write cannot change the vCPU vendor; edit <cpu> by hand", amd.problem());
    }

    /** Regression: a new maxmem and slots on a domain without <maxMemory> inserted two <maxMemory> elements (then refused). */
    @Test
    void writeInsertsOneMaxMemoryForMaxmemAndSlots() throws InputException {
        String max = rewrite(DOMAIN, "maxmem", Long.toString(8L << 30), "slots", "2");
        assertEquals(List.of("  <maxMemory slots='2' unit='KiB'>8388608</maxMemory>"), added(DOMAIN, max));
        GuestConfig back = DomainReader.read(max, "o");
        assertEquals(Long.toString(8L << 30), back.settings().get("maxmem"));
        assertEquals("2", back.settings().get("slots"));
    }

    @Test
    void writeInsertsWhatIsMissing() throws InputException {
        String noCpu = DOMAIN.replace("  <cpu mode='host-passthrough'/>\n", "");
        String bits = rewrite(noCpu, "phys-bits", "40");
        assertEquals(List.of("  <cpu><maxphysaddr mode='emulate' bits='40'/></cpu>"), added(noCpu, bits));
        assertEquals("40", DomainReader.read(bits, "o").settings().get("phys-bits"));
        String withModel = DOMAIN.replace("<cpu mode='host-passthrough'/>", "<cpu mode='custom'>\n    <model>EPYC</model>\n  </cpu>");
        String bits2 = rewrite(withModel, "phys-bits", "41");
        assertEquals(List.of("    <maxphysaddr mode='emulate' bits='41'/>"), added(withModel, bits2));
        String withHole = DOMAIN.replace("<controller type='pci' index='0' model='pcie-root'/>",
                "<controller type='pci' index='0' model='pcie-root'>\n      <alias name='pcie.0'/>\n    </controller>");
        String hole = rewrite(withHole, "pci-hole64-size", Long.toString(1L << 30));
        assertEquals(List.of("      <pcihole64 unit='KiB'>1048576</pcihole64>"), added(withHole, hole));
        String noController = DOMAIN.replace("    <controller type='pci' index='0' model='pcie-root'/>\n", "");
        String hole2 = rewrite(noController, "pci-hole64-size", Long.toString(1L << 30));
        assertEquals(List.of("    <controller type='pci' index='0' model='pcie-root'><pcihole64 unit='KiB'>1048576</pcihole64></controller>"),
                added(noController, hole2));
        String noDevices = DOMAIN.substring(0, DOMAIN.indexOf("  <devices>")) + "</domain>\n";
        InputException e = assertThrows(InputException.class, () -> rewrite(noDevices, "pci-hole64-size", "1048576"));
        assertEquals("--write: no <devices>; apply the printed change by hand", e.problem());
        String split = DOMAIN.replace("<type arch='x86_64' machine='pc-q35-7.0'>hvm</type>", "<type arch='x86_64' machine='pc-q35-7.0'\n      >hvm</type>");
        InputException s = assertThrows(InputException.class, () -> rewrite(split, "machine", "7.1"));
        assertEquals("--write: <type> is not written on one line; apply the printed change by hand", s.problem());
    }
}
