package org.iovacheck.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.iovacheck.format.config.ArgvReader;
import org.iovacheck.format.config.ConfigFiles;
import org.iovacheck.format.config.GuestConfig;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.HostCpu;
import org.junit.jupiter.api.Test;

/** The same VM written as a libvirt domain XML, as a QEMU command line and as preset parameters (written by hand) gives one layout. */
class ConfigEquivalenceTest {
    private static final Path DIR = Path.of("../models/guests");
    private static final HostCpu AMD = new HostCpu(true, "test: an AMD host", 0, null, 0);

    private static List<GuestRegion> config(GuestConfig c, HostCpu h) throws Exception {
        return ConfigGuest.resolve(c, h, Map.of()).layout().regions();
    }

    private static List<GuestRegion> argv(String line, HostCpu h) throws Exception {
        return config(ArgvReader.read(ConfigFiles.words(line, "cmd"), "cmd"), h);
    }

    private static List<GuestRegion> preset(String name, String ram, String... sets) throws Exception {
        return Guests.resolve(name, PresetArgs.of(ram, List.of(sets))).regions();
    }

    @Test
    void amdQ35With1100GOnMachine70() throws Exception {
        List<GuestRegion> p = preset("qemu-q35", "1100G", "machine=7.0", "phys-bits=48", "amd=on");
        assertEquals(p, config(ConfigFiles.read(DIR.resolve("q35-amd-1100g.xml")), AMD));
        assertEquals(p, config(ConfigFiles.read(DIR.resolve("q35-amd-1100g.argv")), AMD));
    }

    @Test
    void hotplugNumaGuestWithMaxphysaddrLimit() throws Exception {
        // host facts unknown: the vendor is judged Intel, phys-bits the limit (both said in notes); OVMF puts its 64-bit window
        // below 2^39 (firmware model of the presets)
        List<GuestRegion> p = preset("qemu-q35", "16G", "maxmem=64G", "slots=16", "machine=8.2", "phys-bits=39", "phys-bits-limit=39", "amd=off",
                "firmware=ovmf", "cpu=host");
        assertEquals(p, config(ConfigFiles.read(DIR.resolve("q35-hotplug-ovmf-numa.xml")), HostCpu.UNKNOWN));
        assertEquals(p, argv("qemu-system-x86_64 -machine pc-q35-8.2,accel=kvm -cpu host,host-phys-bits=on,host-phys-bits-limit=39"
                + " -m size=16G,slots=16,maxmem=64G -numa node,nodeid=0 -numa node,nodeid=1"
                + " -object memory-backend-ram,id=d0,size=2G -device pc-dimm,memdev=d0,node=0"
                + " -object memory-backend-ram,id=v0,size=2G -device virtio-mem-pci,memdev=v0,node=1,requested-size=1G"
                + " -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd -device vfio-pci,host=0000:01:00.0",
                HostCpu.UNKNOWN));
    }

    @Test
    void hostPhysBitsComeFromTheHostCappedByTheLimit() throws Exception {
        HostCpu host46 = new HostCpu(false, "test", 46, "test: 46 bits", 0);
        List<GuestRegion> p = preset("qemu-q35", "16G", "maxmem=64G", "slots=16", "machine=8.2", "phys-bits=46", "phys-bits-limit=39", "amd=off",
                "firmware=ovmf", "cpu=host");
        assertEquals(p, config(ConfigFiles.read(DIR.resolve("q35-hotplug-ovmf-numa.xml")), host46));
        // 1100 GiB with an AMD vCPU on the newest machine type needs more than 40 bits once RAM moves to 1 TiB
        assertEquals(preset("qemu-q35", "1100G", "phys-bits=46", "amd=on"),
                argv("-machine q35,accel=kvm -cpu host -m 1100G", new HostCpu(true, "t", 46, "t", 0)));
    }

    @Test
    void armVirtGuest() throws Exception {
        List<GuestRegion> p = preset("qemu-virt", "4G", "maxmem=8G", "slots=4");
        assertEquals(p, config(ConfigFiles.read(DIR.resolve("virt-arm.xml")), HostCpu.UNKNOWN));
        assertEquals(p, config(ConfigFiles.read(DIR.resolve("virt-arm.argv")), HostCpu.UNKNOWN));
    }

    @Test
    void i440fxGuestWithAHole64() throws Exception {
        List<GuestRegion> p = preset("qemu-pc", "6G", "machine=6.2", "pci-hole64-size=64G", "amd=off", "phys-bits=40");
        assertEquals(p, argv("-machine pc-i440fx-6.2 -m 6G -cpu Skylake-Client -global i440FX-pcihost.pci-hole64-size=64G", HostCpu.UNKNOWN));
        assertEquals(p, config(org.iovacheck.format.config.DomainReader.read("<domain type='kvm'><memory unit='GiB'>6</memory>"
                + "<os><type arch='x86_64' machine='pc-i440fx-6.2'>hvm</type></os><cpu mode='custom'><model>Skylake-Client</model></cpu>"
                + "<devices><controller type='pci' index='0' model='pci-root'><pcihole64 unit='GiB'>64</pcihole64></controller></devices>"
                + "</domain>", "pc.xml"), new HostCpu(false, "t", 0, null, 0)));
    }
}
