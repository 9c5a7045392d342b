package org.iovacheck.format.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.iovacheck.format.InputException;
import org.junit.jupiter.api.Test;

/**
 * QEMU's option syntax (util/qemu-option.c: "a=b,c=d", ",," a literal comma, an implied first key), sizes as qemu_strtosz reads
 * them (util/cutils.c), QEMU booleans, and every option docs/qemu-argv.md lists.
 */
class QemuOptionsTest {
    private static GuestConfig argv(String line) throws InputException {
        return ArgvReader.read(ConfigFiles.words(line, "cmd"), "cmd");
    }

    private static String error(String line) {
        InputException e = assertThrows(InputException.class, () -> argv(line));
        assertEquals("cmd", e.file());
        return e.problem();
    }

    @Test
    void optionLists() throws InputException {
        assertEquals(Map.of("type", "q35", "accel", "kvm"), QemuOpts.parse("q35,accel=kvm", "type", "-machine", "f"));
        assertEquals(List.of("type", "accel"), List.copyOf(QemuOpts.parse("q35,accel=kvm", "type", "-machine", "f").keySet()));
        assertEquals(Map.of("a", "b,c", "d", "e"), QemuOpts.parse("a=b,,c,d=e", "x", "-o", "f"));
        assertEquals(Map.of("a", "1,"), QemuOpts.parse("a=1,,", "x", "-o", "f"));
        assertEquals(Map.of("type", "q35", "usb", "on"), QemuOpts.parse("q35,usb", "type", "-machine", "f"));
        assertEquals(Map.of("usb", "on"), QemuOpts.parse("usb", null, "-machine", "f"));
        assertEquals(Map.of("a", "1"), QemuOpts.parse(",a=1,", "x", "-o", "f"));
        assertEquals(Map.of("a", ""), QemuOpts.parse("a=", "x", "-o", "f"));
        assertEquals(Map.of("a", "x=y"), QemuOpts.parse("a=x=y", "x", "-o", "f"));
        assertEquals(Map.of(), QemuOpts.parse("", "x", "-o", "f"));
        InputException e = assertThrows(InputException.class, () -> QemuOpts.parse("a=1,b=2,a=3", "x", "-o", "f"));
        assertEquals("f", e.file());
        assertEquals("-o a=1,b=2,a=3: 'a' given twice", e.problem());
        assertThrows(InputException.class, () -> QemuOpts.parse("q35,type=pc", "type", "-machine", "f"));
    }

    @Test
    void sizes() throws InputException {
        assertEquals(3L << 29, QemuOpts.size("1.5G", 1, "s", "f"));
        assertEquals(1L << 30, QemuOpts.size("1g", 1, "s", "f"));
        assertEquals(512, QemuOpts.size("512", 1, "s", "f"));
        assertEquals(512L << 20, QemuOpts.size("512", 1L << 20, "s", "f"), "a bare -m number is MiB");
        // checked against QEMU 7.2: -m 1.5 and -m 1e3 are refused, -m 1.0 is 1 MiB, -m 1.5M is 1.5 MiB, -m +512 is 512 MiB
        assertEquals("s: '0.5' is not a whole number of bytes (a fraction needs a K, M, G, T, P or E suffix)",
                assertThrows(InputException.class, () -> QemuOpts.size("0.5", 1L << 20, "s", "f")).problem(), "a bare -m number is bytes first");
        assertEquals("s: '1.5B' is not a whole number of bytes (a fraction needs a K, M, G, T, P or E suffix)",
                assertThrows(InputException.class, () -> QemuOpts.size("1.5B", 1, "s", "f")).problem());
        assertEquals("s: '1e3' is not a size", assertThrows(InputException.class, () -> QemuOpts.size("1e3", 1L << 20, "s", "f")).problem());
        assertEquals(1L << 20, QemuOpts.size("1.0", 1L << 20, "s", "f"));
        assertEquals(3L << 19, QemuOpts.size("1.5M", 1L << 20, "s", "f"));
        assertEquals(512L << 20, QemuOpts.size("+512", 1L << 20, "s", "f"));
        assertEquals(7, QemuOpts.size("7B", 1L << 20, "s", "f"), "B is bytes whatever the default unit");
        assertEquals(2048, QemuOpts.size("2K", 1, "s", "f"));
        assertEquals(3L << 20, QemuOpts.size(" 3M", 1, "s", "f"));
        assertEquals("s: ' 3M ' is not a size", assertThrows(InputException.class, () -> QemuOpts.size(" 3M ", 1, "s", "f")).problem(),
                "QEMU 7.2 refuses a trailing space (-m '2G ')");
        assertEquals(1L << 40, QemuOpts.size("1T", 1, "s", "f"));
        assertEquals(1L << 50, QemuOpts.size("1P", 1, "s", "f"));
        assertEquals(7L << 60, QemuOpts.size("7E", 1, "s", "f"));
        assertEquals(1024, QemuOpts.size("1.0000001K", 1, "s", "f"), "to the nearest byte, as QEMU 7.2 (QemuSizeTest)");
        assertEquals(Long.MAX_VALUE, QemuOpts.size("9223372036854775807", 1, "s", "f"));
        assertEquals("s: '8E' is out of range", assertThrows(InputException.class, () -> QemuOpts.size("8E", 1, "s", "f")).problem());
        assertEquals("s: '9223372036854775808' is out of range",
                assertThrows(InputException.class, () -> QemuOpts.size("9223372036854775808", 1, "s", "f")).problem());
        assertEquals("s: '-1' is not a size (QEMU refuses a minus sign)",
                assertThrows(InputException.class, () -> QemuOpts.size("-1", 1, "s", "f")).problem());
        assertEquals("s: '2X' has an unknown size suffix", assertThrows(InputException.class, () -> QemuOpts.size("2X", 1, "s", "f")).problem());
        assertEquals("s: '' is not a size", assertThrows(InputException.class, () -> QemuOpts.size("", 1, "s", "f")).problem());
        assertEquals("s: 'G' is not a size", assertThrows(InputException.class, () -> QemuOpts.size("G", 1, "s", "f")).problem());
        assertEquals("s: '1..5' is not a size", assertThrows(InputException.class, () -> QemuOpts.size("1..5", 1, "s", "f")).problem());
    }

    @Test
    void booleans() throws InputException {
        for (String t : List.of("on", "yes", "true", "y", "ON", "True")) {
            assertTrue(QemuOpts.bool(t, "b", "f"), t);
        }
        for (String f : List.of("off", "no", "false", "n", "OFF")) {
            assertFalse(QemuOpts.bool(f, "b", "f"), f);
        }
        assertEquals("b: 'maybe' is not on or off", assertThrows(InputException.class, () -> QemuOpts.bool("maybe", "b", "f")).problem());
    }

    @Test
    void programs() throws InputException {
        assertEquals("qemu-q35", argv("/usr/bin/qemu-system-x86_64 -machine q35").preset());
        assertEquals("qemu-pc", argv("qemu-system-i386 -M pc").preset());
        assertEquals("qemu-virt", argv("qemu-system-aarch64 -machine virt").preset());
        GuestConfig kvm = argv("/usr/libexec/qemu-kvm -machine q35");
        assertTrue(kvm.cpu().vendorFromHost(), "qemu-kvm runs KVM");
        assertEquals(GuestConfig.Syntax.QEMU_ARGV, kvm.syntax());
        assertEquals("cmd", kvm.file());
        assertEquals("'qemu-system-riscv64' is not modelled (iovacheck reads qemu-system-x86_64 and qemu-system-aarch64)",
                error("qemu-system-riscv64 -machine virt"));
        assertEquals("'/bin/bash' is neither a QEMU program (qemu-system-x86_64, qemu-kvm, ...) nor an option", error("/bin/bash -c x"));
        assertEquals("machine does not go with qemu-system-aarch64", error("qemu-system-aarch64 -machine q35"));
        assertEquals("machine does not go with qemu-system-x86_64", error("qemu-system-x86_64 -machine virt"));
        assertEquals("-m needs an argument", error("-machine q35 -m"));
        assertEquals("'4G' is not an option (QEMU options start with '-'; word 3)", error("-machine q35 4G"));
        // without a program name the machine decides
        assertEquals("qemu-virt", argv("-machine virt").preset());
    }

    @Test
    void defaultsAreSaid() throws InputException {
        GuestConfig c = argv("qemu-system-x86_64 -machine q35");
        assertTrue(c.notes().contains("no -m: QEMU's default RAM size, 128 MiB"), c.notes().toString());
        assertTrue(c.notes().contains("no -bios and no pflash drive: QEMU's default firmware, SeaBIOS"), c.notes().toString());
        assertEquals("seabios", c.facts().firmware());
        assertEquals("latest", c.settings().get("machine"));
        assertNull(argv("qemu-system-aarch64 -machine virt").facts().firmware(), "no default firmware claimed on arm");
        GuestConfig m = argv("-machine q35 -m 1G");
        assertFalse(m.notes().stream().anyMatch(n -> n.startsWith("no -m")), m.notes().toString());
    }

    @Test
    void kvmIsEnableKvmAccelKvmOrMachineAccel() throws InputException {
        for (String line : List.of("-enable-kvm -machine q35", "--enable-kvm -machine q35", "-accel kvm -machine q35",
                "-machine q35,accel=kvm", "-M q35,usb=off,accel=kvm:tcg", "-machine accel=kvm,type=q35")) {
            GuestConfig c = argv(line);
            assertTrue(c.cpu().vendorFromHost(), line);
            assertNull(c.settings().get("amd"), line);
        }
        for (String line : List.of("-machine q35", "-accel tcg -machine q35", "-machine q35,accel=tcg", "-machine q35 -name accel=kvm")) {
            GuestConfig c = argv(line);
            assertFalse(c.cpu().vendorFromHost(), line);
            assertEquals("on", c.settings().get("amd"), line + ": TCG's default qemu64 is an AMD model");
        }
        assertFalse(argv("-enable-kvm -machine q35").ignored().contains("-enable-kvm"));
        assertTrue(argv("-machine q35 -nographic -S --no-reboot").ignored().containsAll(List.of("-nographic", "-S", "--no-reboot")));
    }

    @Test
    void machineProperties() throws InputException {
        GuestConfig c = argv("-machine pc-q35-8.2,max-ram-below-4g=2G,usb=off,smm=on,pflash0=code,foo=bar");
        assertEquals("8.2", c.settings().get("machine"));
        assertEquals(Long.toString(2L << 30), c.settings().get("max-ram-below-4g"));
        assertEquals("ovmf", c.facts().firmware());
        assertTrue(c.ignored().containsAll(List.of("-machine usb", "-machine smm", "-machine foo")), c.ignored().toString());
        GuestConfig v = argv("qemu-system-aarch64 -machine virt-7.1,highmem=off,highmem-ecam=on,highmem-mmio-size=512G,compact-highmem=on");
        assertEquals("off", v.settings().get("highmem"));
        assertEquals("on", v.settings().get("highmem-ecam"));
        assertEquals("on", v.settings().get("compact-highmem"), "the option overrides the machine version's default");
        assertEquals(Long.toString(512L << 30), v.settings().get("highmem-mmio-size"));
        assertEquals("-machine highmem: 'maybe' is not on or off", error("qemu-system-aarch64 -machine virt,highmem=maybe"));
        assertEquals("-machine max-ram-below-4g: '2Q' has an unknown size suffix", error("-machine q35,max-ram-below-4g=2Q"));
    }

    @Test
    void machineVersions() throws InputException {
        assertEquals("qemu-pc", argv("-M pc-i440fx-8.2").preset());
        assertEquals("8.2", argv("-M pc-i440fx-8.2").settings().get("machine"));
        assertEquals("7.1", argv("-M pc-7.1").settings().get("machine"));
        assertEquals("latest", argv("-M pc").settings().get("machine"));
        assertTrue(argv("-M pc").notes().contains("machine 'pc' is an alias of the newest machine version of the installed QEMU; "
                + "judged as the newest"));
        // hw/arm/virt.c: the compact high memory map is on from virt-7.2
        for (String old : List.of("virt-7.1", "virt-6.2", "virt-7.0", "virt-2.12")) {
            assertEquals("off", argv("qemu-system-aarch64 -M " + old).settings().get("compact-highmem"), old);
        }
        for (String recent : List.of("virt-7.2", "virt-8.0", "virt-10.1", "virt")) {
            assertNull(argv("qemu-system-aarch64 -M " + recent).settings().get("compact-highmem"), recent);
        }
        assertNull(argv("qemu-system-aarch64 -M virt").settings().get("machine"));
        assertTrue(error("-machine microvm").startsWith("machine type 'microvm' is not modelled"));
    }

    @Test
    void memoryOptions() throws InputException {
        GuestConfig c = argv("-machine q35 -m 2G,slots=0,maxmem=4G");
        assertEquals(Long.toString(2L << 30), c.settings().get("ram"));
        assertEquals("0", c.settings().get("slots"));
        assertEquals("-m: unknown property 'nodes' (QEMU takes size, slots, maxmem)", error("-machine q35 -m 1G,nodes=2"));
        assertEquals("-m slots 1000001 is outside 0..1000000", error("-machine q35 -m 1G,slots=1000001"));
        assertEquals("-m slots: 'x' is not a number", error("-machine q35 -m 1G,slots=x"));
        assertEquals("8", argv("-machine q35 -m 1G,slots=010,maxmem=4G").settings().get("slots"), "octal: QEMU 7.2 makes 8 slots (measured)");
        assertEquals("-m maxmem: '4Q' has an unknown size suffix", error("-machine q35 -m 1G,maxmem=4Q"));
        // measured on QEMU 7.2 ("info memory_size_summary"): -m 0 and -m 0.0001K give the default 134217728 bytes, -m 1.K is 1024
        // bytes before the 8 KiB rounding, -m 1.5 is refused
        for (String zero : new String[] {"0", "0.0001K"}) {
            GuestConfig z = argv("-machine q35 -m " + zero);
            assertEquals(Long.toString(128L << 20), z.settings().get("ram"), zero);
            assertTrue(z.notes().contains("-m " + zero + " is 0 bytes as QEMU reads it: QEMU's default RAM size, 128 MiB"), z.notes().toString());
        }
        assertEquals("1024", argv("-machine q35 -m 1.K").settings().get("ram"));
        assertEquals("-m size: '1.5' is not a whole number of bytes (a fraction needs a K, M, G, T, P or E suffix)", error("-machine q35 -m 1.5"));
    }

    @Test
    void objectsGlobalsFirmwareAndNuma() throws InputException {
        assertEquals("-object memory-backend-ram needs id= and size=", error("-machine q35 -object memory-backend-ram,id=m"));
        assertEquals("-object memory-backend-file needs id= and size=", error("-machine q35 -object memory-backend-file,size=1G"));
        assertTrue(argv("-machine q35 -object rng-random,id=r").ignored().contains("-object rng-random"));
        assertEquals(Long.toString(2L << 30), argv("-M pc -global i440FX-pcihost.pci-hole64-size=2G").settings().get("pci-hole64-size"));
        assertTrue(argv("-M q35 -global kvm-pit.lost_tick_policy=delay").ignored().contains("-global kvm-pit.lost_tick_policy"));
        assertEquals("ovmf", argv("-M q35 -bios /usr/share/OVMF/OVMF.fd").facts().firmware());
        assertEquals("ovmf", argv("-M q35 -bios edk2-x86_64-code.fd").facts().firmware());
        assertEquals("ovmf", argv("-M q35 -drive if=pflash,format=raw,file=x").facts().firmware());
        assertEquals("ovmf", argv("-M q35 -drive file=x,if=pflash").facts().firmware());
        GuestConfig disk = argv("-M q35 -drive file=disk.img,if=virtio");
        assertEquals("seabios", disk.facts().firmware());
        assertTrue(disk.ignored().contains("-drive"));
        assertEquals("65536", argv("-M q35 -fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=65536").settings().get("x-pci-mmio64-mb"));
        assertTrue(argv("-M q35 -fw_cfg name=opt/x,string=1").ignored().contains("-fw_cfg"));
        GuestConfig numa = argv("-M q35 -numa node,nodeid=0 -numa node,nodeid=1");
        assertEquals(1, numa.notes().stream().filter(n -> n.startsWith("NUMA:")).count());
    }

    /**
     * Regressions, each checked against QEMU 7.2 ({@code info qtree} after {@code -global ... -S}): the long form
     * {@code driver=,property=,value=} sets the hole (was ignored, so the default 32 GiB hole was judged); a type name in another
     * case is not the type (QEMU warns "invalid class name" and keeps 32 GiB; was taken as 2 GiB); the other machine's host
     * bridge is not there (QEMU keeps pc's 2 GiB; was taken as 8 GiB); a global without driver.property=value is refused.
     */
    @Test
    void globalsAsQemuAppliesThem() throws InputException {
        assertEquals(Long.toString(1L << 30), argv("-M q35 -global driver=q35-pcihost,property=pci-hole64-size,value=1G").settings()
                .get("pci-hole64-size"));
        assertEquals(Long.toString(3L << 30), argv("-M pc -global value=3G,property=pci-hole64-size,driver=i440FX-pcihost").settings()
                .get("pci-hole64-size"));
        GuestConfig upper = argv("-M q35 -global Q35-PCIHOST.pci-hole64-size=2G");
        assertNull(upper.settings().get("pci-hole64-size"), "QEMU type names are case-sensitive");
        assertTrue(upper.ignored().contains("-global Q35-PCIHOST.pci-hole64-size"), upper.ignored().toString());
        GuestConfig other = argv("-M pc -global q35-pcihost.pci-hole64-size=8G");
        assertNull(other.settings().get("pci-hole64-size"));
        assertTrue(other.ignored().contains("-global q35-pcihost.pci-hole64-size (machine qemu-pc has no q35-pcihost)"), other.ignored().toString());
        assertEquals(Long.toString(4L << 30), argv("-global q35-pcihost.pci-hole64-size=8G -M q35 -global q35-pcihost.pci-hole64-size=4G")
                .settings().get("pci-hole64-size"), "the last one wins, given before or after -machine");
        assertEquals(Long.toString(2L << 30), argv("-global i440FX-pcihost.pci-hole64-size=2G").settings().get("pci-hole64-size"),
                "the default machine pc has the i440FX host bridge");
        assertEquals("0", argv("-M q35 -global q35-pcihost.pci-hole64-size=0").settings().get("pci-hole64-size"), "0 is a size");
        assertTrue(argv("-M q35 -global driver=kvm-pit,property=lost_tick_policy,value=delay").ignored().contains("-global kvm-pit.lost_tick_policy"));
        assertEquals("-global noequals: invalid parameter 'noequals' (QEMU takes driver.property=value or driver=D,property=P,value=V)",
                error("-M q35 -global noequals"));
        assertEquals("-global =5: a property without a name (=5)", error("-M q35 -global =5"));
        assertEquals("-global driver=q35-pcihost,property=pci-hole64-size: driver, property and value are all needed",
                error("-M q35 -global driver=q35-pcihost,property=pci-hole64-size"));
        assertEquals("-global q35-pcihost.pci-hole64-size: '2Q' has an unknown size suffix", error("-M q35 -global q35-pcihost.pci-hole64-size=2Q"));
    }

    @Test
    void cpuOptions() throws InputException {
        GuestConfig tcgHost = argv("-M q35 -cpu host");
        assertFalse(tcgHost.cpu().physBitsFromHost(), "host bits only with KVM");
        GuestConfig max = argv("-enable-kvm -M q35 -cpu max");
        assertTrue(max.cpu().physBitsFromHost());
        assertTrue(max.notes().stream().anyMatch(n -> n.startsWith("-cpu max with KVM takes the host's physical address bits")),
                max.notes().toString());
        GuestConfig off = argv("-enable-kvm -M q35 -cpu host,host-phys-bits=off");
        assertFalse(off.cpu().physBitsFromHost());
        GuestConfig named = argv("-enable-kvm -M q35 -cpu Skylake-Server,host-phys-bits=on,host-phys-bits-limit=41");
        assertTrue(named.cpu().physBitsFromHost());
        assertEquals(41, named.cpu().physBitsLimit());
        assertFalse(named.notes().stream().anyMatch(n -> n.contains("host-phys-bits defaults to on")), named.notes().toString());
        GuestConfig flags = argv("-M q35 -cpu EPYC-Rome,+avx,-svm,phys-bits=48");
        assertTrue(flags.ignored().containsAll(List.of("-cpu avx", "-cpu svm")), flags.ignored().toString());
        assertEquals("48", flags.settings().get("phys-bits"));
        assertEquals("on", flags.settings().get("amd"));
        GuestConfig intel = argv("-enable-kvm -M q35 -cpu host,vendor=GenuineIntel");
        assertEquals("off", intel.settings().get("amd"));
        assertFalse(intel.cpu().vendorFromHost(), "vendor= decides");
        assertTrue(intel.notes().contains("vCPU vendor GenuineIntel from -cpu vendor="));
        assertEquals("-cpu phys-bits 31 is outside 32..52", error("-M q35 -cpu qemu64,phys-bits=31"));
        // qemu_strtou64 in base 0, measured on QEMU 7.2 (qom-get of the CPU's phys-bits): 050 and 0x28 are both 40
        assertEquals("40", argv("-M q35 -cpu qemu64,phys-bits=050").settings().get("phys-bits"));
        assertEquals("40", argv("-M q35 -cpu qemu64,phys-bits=0x28").settings().get("phys-bits"));
        assertEquals("-cpu phys-bits: '058' is not a number", error("-M q35 -cpu qemu64,phys-bits=058"));
        assertEquals("-cpu phys-bits 53 is outside 32..52", error("-M q35 -cpu qemu64,phys-bits=53"));
        assertEquals(32, argv("-M q35 -cpu qemu64,host-phys-bits-limit=32").cpu().physBitsLimit());
        assertEquals("-cpu host-phys-bits-limit 53 is outside 32..52", error("-M q35 -cpu qemu64,host-phys-bits-limit=53"));
        GuestConfig tcg = argv("-M q35 -cpu Skylake-Client");
        assertTrue(tcg.notes().contains("without KVM the vCPU vendor is the model's: Skylake-Client is Intel (target/i386/cpu.c builtin_x86_defs)"),
                tcg.notes().toString());
        GuestConfig arm = argv("qemu-system-aarch64 -M virt -cpu host");
        assertTrue(arm.ignored().contains("-cpu"));
        assertNull(arm.settings().get("amd"));
        assertFalse(argv("qemu-system-aarch64 -M virt").ignored().contains("-cpu"));
    }

    @Test
    void namedModelsKeepTheirOwnBitsAndTcgSaysTheVendor() throws InputException {
        GuestConfig named = argv("-enable-kvm -M q35 -cpu Skylake-Server");
        assertFalse(named.cpu().physBitsFromHost(), "host-phys-bits is off by default for named models");
        assertFalse(named.notes().stream().anyMatch(n -> n.contains("takes the host's physical address bits")), named.notes().toString());
        GuestConfig host = argv("-enable-kvm -M q35 -cpu host");
        assertTrue(host.cpu().physBitsFromHost());
        assertTrue(host.notes().stream().anyMatch(n -> n.startsWith("-cpu host with KVM takes the host's physical address bits")), host.notes().toString());
        GuestConfig amd = argv("-M q35");
        assertTrue(amd.notes().contains("without KVM the vCPU vendor is the model's: qemu64 is AMD (target/i386/cpu.c builtin_x86_defs)"),
                amd.notes().toString());
        assertEquals("-machine q35,=on: a property without a name (=on)", error("-machine q35,=on"));
        assertEquals("-m =2G: a property without a name (=2G)", error("-M q35 -m =2G"));
    }

    @Test
    void memoryDeviceAddresses() throws InputException {
        GuestConfig c = argv("-M q35 -object memory-backend-ram,id=a,size=1G -object memory-backend-ram,id=b,size=1G"
                + " -object memory-backend-ram,id=c,size=1G -object memory-backend-ram,id=d,size=1G -device pc-dimm,memdev=a,addr=0x240000000"
                + " -device nvdimm,memdev=b,addr=0x280000000 -device virtio-mem-pci,memdev=c,memaddr=0x2c0000000 -device virtio-mem-pci,memdev=d,addr=0x5");
        assertEquals(List.of(new ConfigFacts.MemoryDevice("dimm", 1L << 30, 0x240000000L), new ConfigFacts.MemoryDevice("nvdimm", 1L << 30, 0x280000000L),
                new ConfigFacts.MemoryDevice("virtio-mem", 1L << 30, 0x2c0000000L), new ConfigFacts.MemoryDevice("virtio-mem", 1L << 30, 0)),
                c.facts().memoryDevices(), "pc-dimm and nvdimm take addr=; virtio-mem-pci takes memaddr= (its addr= is the PCI slot)");
    }

    @Test
    void tcgVendorsOfBuiltinModels() {
        for (String amd : List.of("qemu64", "phenom", "athlon", "Opteron_G5", "EPYC-Rome", "EPYC", "QEMU64")) {
            assertTrue(ArgvReader.tcgModelIsAmd(amd), amd);
        }
        for (String intel : List.of("qemu32", "kvm64", "Skylake-Client", "Haswell", "max", "host", "core2duo", "n270")) {
            assertFalse(ArgvReader.tcgModelIsAmd(intel), intel);
        }
    }

    @Test
    void devices() throws InputException {
        GuestConfig c = argv("-M q35 -object memory-backend-ram,id=a,size=1G -object memory-backend-ram,id=b,size=2G"
                + " -object memory-backend-ram,id=c,size=4G -object memory-backend-ram,id=d,size=8G"
                + " -device nvdimm,memdev=a -device virtio-mem-pci,memdev=b,memaddr=0x300000000 -device virtio-pmem-pci,memdev=c"
                + " -device pc-dimm,memdev=d -device ivshmem-plain,memdev=a"
                + " -device vfio-pci-nohotplug,host=0000:AB:00.1,iommufd=iommufd0 -device vfio-pci,host=00:02.0");
        assertEquals(List.of(new ConfigFacts.MemoryDevice("nvdimm", 1L << 30, 0), new ConfigFacts.MemoryDevice("virtio-mem", 2L << 30, 0x300000000L),
                new ConfigFacts.MemoryDevice("virtio-pmem", 4L << 30, 0), new ConfigFacts.MemoryDevice("dimm", 8L << 30, 0)),
                c.facts().memoryDevices());
        assertTrue(c.notes().contains("memory device virtio-mem-pci of " + (2L << 30) + " bytes at 0x300000000: it lives in the hot-plug area"
                + " (-m maxmem), which is judged as a whole"), c.notes().toString());
        assertTrue(c.notes().contains("memory device nvdimm of " + (1L << 30) + " bytes: it lives in the hot-plug area (-m maxmem), which is "
                + "judged as a whole"), c.notes().toString());
        assertEquals(List.of("ivshmem " + (1L << 30)), c.facts().shmem());
        assertEquals(List.of("0000:ab:00.1", "0000:00:02.0"), c.hostdevs());
        assertTrue(c.notes().stream().anyMatch(n -> n.startsWith("vfio-pci 0000:AB:00.1 uses iommufd")), c.notes().toString());
        assertEquals(1, c.notes().stream().filter(n -> n.contains("uses iommufd")).count());
        assertNull(c.facts().viommu());
        assertEquals(0, c.facts().viommuAwBits());
        assertEquals("amd", argv("-M q35 -device amd-iommu").facts().viommu());
        assertEquals("virtio", argv("-M q35 -device virtio-iommu-pci").facts().viommu());
        assertEquals("smmuv3", argv("qemu-system-aarch64 -M virt -device arm-smmuv3").facts().viommu());
        assertEquals(0, argv("-M q35 -device intel-iommu").facts().viommuAwBits());
        assertEquals("-device intel-iommu aw-bits 65 is outside 32..64", error("-M q35 -device intel-iommu,aw-bits=65"));
        assertEquals(48, argv("-M q35 -device intel-iommu,aw-bits=060").facts().viommuAwBits(), "octal, as QEMU 7.2 (measured)");
        assertEquals("-device pc-dimm: memdev=m names no -object memory-backend-* given before it",
                error("-M q35 -device pc-dimm,memdev=m -object memory-backend-ram,id=m,size=1G"));
        assertEquals("-device ivshmem-plain: memdev=null names no -object memory-backend-* given before it", error("-M q35 -device ivshmem-plain"));
        assertTrue(error("-M q35 -object memory-backend-ram,id=m,size=1G -device pc-dimm,memdev=m,addr=zz")
                .startsWith("-device pc-dimm addr: 'zz' is not a number"));
        assertEquals("-device vfio-pci without host= or sysfsdev= (iovacheck needs the PCI address)", error("-M q35 -device vfio-pci,id=x"));
        assertEquals("-device vfio-pci host=41:00 is not a PCI address (dddd:bb:ss.f)", error("-M q35 -device vfio-pci,host=41:00"));
        assertTrue(error("-M q35 -device vfio-pci,host=00:02.8").contains("is not a PCI address"), "function 0-7");
        assertEquals(List.of("0000:03:00.0"), argv("-M q35 -device vfio-pci,sysfsdev=0000:03:00.0").hostdevs());
        assertTrue(argv("-M q35 -device virtio-net-pci").ignored().contains("-device virtio-net-pci"));
    }
}
