package org.iovacheck.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * The configurations the suite runs: RAM sizes on both sides of every boundary the QEMU presets know, the machine knobs, machine
 * versions where the rules change, both vCPU vendors, with and without VGA, and emulated devices with RAM-backed BARs.
 */
final class Matrix {
    private Matrix() {
    }

    /** All configurations; the virt ones carry qemu=VERSION, the release of the qemu-system-aarch64 that runs them. */
    static List<Config> all(String armQemuVersion) {
        List<Config> c = new ArrayList<>();
        q35(c);
        pc(c);
        List<Config> v = new ArrayList<>();
        virt(v, armQemuVersion);
        for (Config x : v) {
            c.add(x.with("qemu", armQemuVersion));
        }
        return c;
    }

    private static void q35(List<Config> c) {
        String q = "qemu-q35";
        for (String ram : List.of("128M", "2G", "0xafffe000", "0xb0000000", "3G", "4G", "64G")) {
            c.add(Config.of(q, "ram=" + ram, "vga=none"));
        }
        c.add(Config.of(q, "ram=4G"));
        c.add(Config.of(q, "ram=2G", "vga=std"));
        // max-ram-below-4g around pc_q35_init's lowmem choice
        c.add(Config.of(q, "ram=4G", "max-ram-below-4g=1G", "vga=none"));
        c.add(Config.of(q, "ram=2G", "max-ram-below-4g=1G", "vga=none"));
        c.add(Config.of(q, "ram=0xa0000000", "max-ram-below-4g=4G", "vga=none"));
        c.add(Config.of(q, "ram=4G", "max-ram-below-4g=3G", "vga=none"));
        c.add(Config.of(q, "ram=4G", "max-ram-below-4g=5G", "vga=none").refusedWith("max-ram-below-4g"));
        // hot-plug area and its refusals (softmmu/vl.c set_memory_options, hw/i386/pc.c pc_memory_init)
        c.add(Config.of(q, "ram=4G", "slots=4", "maxmem=16G", "vga=none"));
        c.add(Config.of(q, "ram=4G", "maxmem=8G", "vga=none"));
        c.add(Config.of(q, "ram=1G", "slots=256", "maxmem=2G", "vga=none"));
        c.add(Config.of(q, "ram=4G", "slots=2", "vga=none").refusedWith("slots specified but no max-size"));
        c.add(Config.of(q, "ram=4G", "slots=2", "maxmem=4G", "vga=none").refusedWith("memory slots were specified"));
        c.add(Config.of(q, "ram=4G", "maxmem=2G", "vga=none").refusedWith("must be at least the initial memory size"));
        c.add(Config.of(q, "ram=4G", "slots=257", "maxmem=8G", "vga=none").refusedWith("unsupported amount of memory slots"));
        // machine versions: 2.4 (broken_reserved_end), 2.5, 2.12, 7.0, 7.1
        for (String v : List.of("2.4", "2.5", "2.12", "7.0", "7.1")) {
            c.add(Config.of(q, "ram=4G", "machine=" + v, "vga=none"));
            c.add(Config.of(q, "ram=4G", "slots=2", "maxmem=8G", "machine=" + v, "vga=none"));
        }
        // phys-bits: pc_max_used_gpa against 2^phys-bits
        c.add(Config.of(q, "ram=30G", "phys-bits=36", "vga=none"));
        c.add(Config.of(q, "ram=32G", "phys-bits=36", "vga=none").refusedWith("Address space limit 0xfffffffff < 0x107fffffff"));
        c.add(Config.of(q, "ram=4G", "phys-bits=35", "vga=none").refusedWith("Address space limit 0x7ffffffff < 0x97fffffff"));
        c.add(Config.of(q, "ram=4G", "pci-hole64-size=1T", "vga=none").refusedWith("phys-bits too low (40)"));
        c.add(Config.of(q, "ram=4G", "pci-hole64-size=1T", "phys-bits=41", "vga=none"));
        c.add(Config.of(q, "ram=4G", "vga=none", "ivshmem=2G"));
        // AMD 1 TiB relocation (pc_memory_init, enforce_amd_1tb_hole after 7.0): maxUsed = R + 34G - 1 reaches 0xfd00000000 at R = 978G
        c.add(Config.of(q, "ram=977G", "amd=on", "phys-bits=48", "vga=none"));
        c.add(Config.of(q, "ram=978G", "amd=on", "phys-bits=48", "vga=none"));
        c.add(Config.of(q, "ram=978G", "amd=off", "phys-bits=48", "vga=none"));
        c.add(Config.of(q, "ram=978G", "amd=on", "phys-bits=48", "machine=7.0", "vga=none"));
        c.add(Config.of(q, "ram=978G", "amd=on", "phys-bits=48", "machine=7.1", "vga=none"));
        c.add(Config.of(q, "ram=4G", "amd=on", "pci-hole64-size=1T", "phys-bits=41", "vga=none").refusedWith("< 0x2007fffffff phys-bits too low (41)"));
        c.add(Config.of(q, "ram=4G", "amd=on", "pci-hole64-size=1T", "phys-bits=42", "vga=none"));
        c.add(Config.of(q, "ram=4G", "amd=on", "pci-hole64-size=1T", "phys-bits=40", "vga=none").refusedWith("phys-bits too low (40)"));
        c.add(Config.of(q, "ram=4G", "amd=on", "maxmem=1000G", "phys-bits=48", "vga=none"));
        // VGA and RAM-backed BARs where SeaBIOS puts them
        c.add(Config.of(q, "ram=2G", "vga=std"));
        c.add(Config.of(q, "ram=4G", "vga=none", "ivshmem=64M"));
        c.add(Config.of(q, "ram=4G", "vga=std", "ivshmem=32M"));
        // assigned devices (pci-testdev stand-ins) placed by SeaBIOS 1.16.2 together with the emulated BARs
        c.add(devices(q, "16M", "ram=2G", "vga=none"));
        c.add(devices(q, "1G", "ram=2G", "vga=none"));
        c.add(devices(q, "16G", "ram=8G", "vga=none"));
        c.add(devices(q, "16G,32M", "ram=8G", "vga=std", "ivshmem=1G"));
        c.add(devices(q, "16M", "ram=4G", "vga=none", "ivshmem=1G"));
        c.add(devices(q, "256M,256M,256M,256M", "ram=4G", "vga=none"));
        c.add(devices(q, "512M,256M", "ram=4G", "vga=std"));
        c.add(devices(q, "256M,128M", "ram=4G", "vga=std"));
        c.add(devices(q, "2G", "ram=4G", "slots=2", "maxmem=16G", "vga=none"));
        c.add(devices(q, "64M,64M", "ram=8G", "vga=std", "ivshmem=64M"));
        c.add(devices(q, "8G,1G", "ram=4G", "maxmem=8G", "vga=std", "ivshmem=1G"));
        // equal sizes above 4 GiB: ivshmem (slot 2) before the stand-ins (slots 3, 4)
        c.add(devices(q, "1G,1G", "ram=8G", "vga=none", "ivshmem=1G"));
        // emulated 64-bit BARs beyond QEMU's own window: the window QEMU reports grows; pci-hole64-fix from 2.11 on; RAM at 1 TiB
        c.add(Config.of(q, "ram=4G", "vga=none", "ivshmem=2G", "pci-hole64-size=1G"));
        c.add(Config.of(q, "ram=4G", "vga=none", "ivshmem=2G", "machine=2.11"));
        c.add(Config.of(q, "ram=4G", "vga=none", "ivshmem=2G", "machine=2.10"));
        c.add(Config.of(q, "ram=4G", "machine=2.11", "vga=none"));
        c.add(Config.of(q, "ram=978G", "amd=on", "phys-bits=48", "vga=none", "ivshmem=1G"));
    }

    /**
     * A configuration with firmware=seabios 1.16.2 (Debian's, the one QEMU runs here) and one assigned device per size, each
     * stood in by a pci-testdev with a 64-bit prefetchable BAR 2 of that size (Commands#testDevices).
     */
    private static Config devices(String preset, String sizes, String... kv) {
        List<String> devs = new ArrayList<>();
        String[] each = sizes.split(",");
        for (int i = 0; i < each.length; i++) {
            devs.add("t" + i + ":bar0=4K/32,bar2=" + each[i]);
        }
        List<String> all = new ArrayList<>(List.of(kv));
        all.addAll(List.of("firmware=seabios", "firmware-version=1.16.2", "devices=" + String.join(";", devs)));
        return Config.of(preset, all.toArray(String[]::new));
    }

    private static void pc(List<Config> c) {
        String p = "qemu-pc";
        for (String ram : List.of("128M", "3G", "3583M", "3584M", "4G", "8G")) {
            c.add(Config.of(p, "ram=" + ram, "vga=none"));
        }
        c.add(Config.of(p, "ram=4G"));
        c.add(Config.of(p, "ram=3G", "vga=std"));
        c.add(Config.of(p, "ram=4G", "max-ram-below-4g=2G", "vga=none"));
        c.add(Config.of(p, "ram=3968M", "max-ram-below-4g=4G", "vga=none"));
        c.add(Config.of(p, "ram=4G", "max-ram-below-4g=3584M", "vga=none"));
        for (String v : List.of("1.4", "1.7", "2.0", "2.12", "7.0", "7.1")) {
            c.add(Config.of(p, "ram=4G", "machine=" + v, "vga=none"));
        }
        c.add(Config.of(p, "ram=3584M", "machine=1.7", "vga=none"));
        c.add(Config.of(p, "ram=4G", "slots=2", "maxmem=8G", "machine=2.0", "vga=none").refusedWith("'slots|maxmem'"));
        c.add(Config.of(p, "ram=4G", "slots=2", "maxmem=8G", "machine=2.4", "vga=none"));
        c.add(Config.of(p, "ram=4G", "slots=2", "maxmem=8G", "vga=none"));
        c.add(Config.of(p, "ram=4G", "slots=2", "vga=none").refusedWith("slots specified but no max-size"));
        c.add(Config.of(p, "ram=8G", "phys-bits=33", "vga=none").refusedWith("phys-bits too low (33)"));
        c.add(Config.of(p, "ram=4G", "phys-bits=33", "vga=none"));
        c.add(Config.of(p, "ram=1015G", "amd=on", "phys-bits=48", "vga=none"));
        c.add(Config.of(p, "ram=1016G", "amd=on", "phys-bits=48", "vga=none"));
        c.add(Config.of(p, "ram=1016G", "amd=on", "phys-bits=48", "machine=7.0", "vga=none"));
        c.add(Config.of(p, "ram=3G", "vga=std"));
        c.add(Config.of(p, "ram=1G", "vga=none", "ivshmem=16M"));
        c.add(devices(p, "64M", "ram=3G", "vga=std"));
        c.add(devices(p, "1G", "ram=1G", "vga=none"));
        c.add(devices(p, "1G", "ram=3G", "vga=none"));
        c.add(devices(p, "4G,4G", "ram=8G", "vga=none", "ivshmem=256M"));
        c.add(devices(p, "32M", "ram=8G", "vga=std", "ivshmem=4G"));
        c.add(Config.of(p, "ram=8G", "vga=std", "ivshmem=4G"));
        c.add(devices(p, "4G", "ram=4G", "slots=2", "maxmem=8G", "vga=std"));
        // low RAM above 3 GiB: pci_setup starts the 32-bit window at its end (0xf8000000), too small for 128 MiB
        c.add(devices(p, "128M", "ram=3968M", "max-ram-below-4g=4G", "vga=none"));
    }

    private static void virt(List<Config> c, String qemu) {
        String[] ver = qemu.split("\\.");
        boolean knobs8 = Integer.parseInt(ver[0]) >= 8;
        String v = "qemu-virt";
        for (String ram : List.of("128M", "1G", "4G", "254G", "255G", "256G", "511G", "767G")) {
            c.add(Config.of(v, "ram=" + ram));
        }
        c.add(Config.of(v, "ram=1024G").refusedWith("Addressing limited to 40 bits"));
        c.add(Config.of(v, "ram=1023G"));
        c.add(Config.of(v, "ram=1024G", "ipa-bits=44"));
        c.add(Config.of(v, "ram=4G", "ipa-bits=44"));
        c.add(Config.of(v, "ram=4G", "ipa-bits=48"));
        c.add(Config.of(v, "ram=4G", "ipa-bits=52"));
        c.add(Config.of(v, "ram=1G", "maxmem=15T", "ipa-bits=44"));
        c.add(Config.of(v, "ram=1G", "maxmem=16T", "ipa-bits=44").refusedWith("Addressing limited to 44 bits"));
        c.add(Config.of(v, "ram=1G", "maxmem=8T", "ipa-bits=44"));
        // highmem=off limits the guest to 32 bits
        c.add(Config.of(v, "ram=3G", "highmem=off"));
        c.add(Config.of(v, "ram=3073M", "highmem=off").refusedWith("Addressing limited to 32 bits"));
        c.add(Config.of(v, "ram=1G", "maxmem=2G", "highmem=off"));
        // the 7.2 knobs and older machines (compact-highmem is off for 7.1 and older; no high ECAM for 2.12 and older)
        // QEMU 8.0 added these options; 7.2 refuses them
        for (String knob : List.of("highmem-ecam=off", "highmem-redists=off", "highmem-mmio=off", "compact-highmem=off")) {
            for (String ram : List.of("ram=4G", "ram=511G")) {
                Config k = Config.of(v, ram, knob);
                c.add(knobs8 ? k : k.refusedWith(knob.substring(0, knob.indexOf('=')) + "' not found"));
            }
        }
        Config two = Config.of(v, "ram=511G", "highmem-redists=off", "highmem-ecam=off");
        c.add(knobs8 ? two : two.refusedWith("' not found"));
        for (String m : List.of("7.1", "7.0", "2.12", "2.11")) {
            c.add(Config.of(v, "ram=4G", "machine=" + m));
            c.add(Config.of(v, "ram=511G", "machine=" + m));
        }
        // hot-plug area (hw/arm/virt.c virt_set_memmap) and QEMU's checks of -m
        c.add(Config.of(v, "ram=4G", "slots=2", "maxmem=8G"));
        c.add(Config.of(v, "ram=4G", "maxmem=8G"));
        c.add(Config.of(v, "ram=3584M", "slots=1", "maxmem=5G"));
        c.add(Config.of(v, "ram=4G", "slots=2").refusedWith("slots specified but no max-size"));
        c.add(Config.of(v, "ram=4G", "slots=2", "maxmem=4G").refusedWith("memory slots were specified"));
        // the high redistributor region is instantiated for more than 123 vCPUs, so its base is read
        c.add(Config.of(v, "ram=4G").withSmp(124));
        c.add(Config.of(v, "ram=511G").withSmp(124));
    }
}
