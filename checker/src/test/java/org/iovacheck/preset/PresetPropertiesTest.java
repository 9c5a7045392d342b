package org.iovacheck.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.iovacheck.format.InputException;
import org.iovacheck.format.Numbers;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.U64;
import org.junit.jupiter.api.Test;

/**
 * Seeded property test over every registered preset with random parameters: regions never overlap (checked pairwise, the
 * brute-force oracle), every requested RAM byte appears in exactly one RAM region, nothing passes 2^64. Refusals are allowed
 * (a VMM refuses many combinations) but must be InputExceptions about the input, never an unknown-key complaint.
 */
class PresetPropertiesTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final long VGA_HIDDEN = 0x20000;

    /** RAM the VMM gives when the user names none, read from each VMM's source (see docs/presets.md). */
    private static final Map<String, Long> DEFAULT_RAM = Map.ofEntries(
            Map.entry("qemu-virt", 128 * MIB), Map.entry("qemu-q35", 128 * MIB), Map.entry("qemu-pc", 128 * MIB),
            Map.entry("crosvm-aarch64", 256 * MIB), Map.entry("crosvm-x86_64", 256 * MIB),
            Map.entry("cloud-hypervisor-aarch64", 512 * MIB), Map.entry("cloud-hypervisor-x86_64", 512 * MIB),
            Map.entry("kvmtool-arm64", 256 * MIB), Map.entry("kvmtool-x86_64", 256 * MIB),
            Map.entry("xen-arm", 32 * MIB), Map.entry("xen-hvm", 32 * MIB),
            Map.entry("firecracker-aarch64", 128 * MIB), Map.entry("firecracker-x86_64", 128 * MIB), Map.entry("free", GIB));

    private static final Map<String, Function<Random, Map<String, String>>> GENERATORS = generators();

    @Test
    void everyRegisteredPresetHasAGeneratorAndADefaultRamSize() {
        Set<String> names = new HashSet<>();
        Presets.all().forEach(p -> names.add(p.name()));
        assertEquals(names, GENERATORS.keySet());
        assertEquals(names, DEFAULT_RAM.keySet());
    }

    @Test
    void generatorsProduceExactlyTheDocumentedKeys() {
        Random r = new Random(1);
        for (Preset p : Presets.all()) {
            Set<String> documented = new HashSet<>();
            p.params().forEach(pp -> documented.add(pp.key()));
            assertEquals(documented, GENERATORS.get(p.name()).apply(r).keySet(), p.name());
        }
    }

    @Test
    void everyDocumentedKeyIsReadAndUnknownKeysAreRejected() {
        Random r = new Random(2);
        for (Preset p : Presets.all()) {
            Map<String, String> sample = GENERATORS.get(p.name()).apply(r);
            for (Map.Entry<String, String> e : sample.entrySet()) {
                try {
                    p.layout(new PresetArgs(Map.of(e.getKey(), e.getValue())));
                } catch (InputException ex) {
                    assertFalse(ex.getMessage().contains("has no parameter"), p.name() + " does not read " + e.getKey() + ": " + ex.getMessage());
                }
            }
            try {
                p.layout(new PresetArgs(Map.of("no-such-key", "1")));
                fail(p.name() + " accepted an unknown key");
            } catch (InputException ex) {
                assertTrue(ex.getMessage().contains("preset " + p.name() + " has no parameter 'no-such-key'"), ex.getMessage());
            }
        }
    }

    @Test
    void defaultsGiveTheVmmsDefaultRam() throws InputException {
        for (Preset p : Presets.all()) {
            GuestLayout l = p.layout(new PresetArgs(Map.of()));
            checkInvariants(l, expectedRam(p.name(), Map.of()), p.name() + " defaults");
            assertFalse(l.vmmOptions().isEmpty(), p.name());
        }
    }

    @Test
    void randomParametersKeepTheInvariants() {
        long base = Long.getLong("iovacheck.seed", 20260213L);
        int rounds = 4000;
        Map<String, int[]> outcomes = new TreeMap<>();
        List<Preset> all = Presets.all();
        for (int i = 0; i < rounds; i++) {
            long seed = base + i;
            Random r = new Random(seed);
            Preset p = all.get(r.nextInt(all.size()));
            Map<String, String> args = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : GENERATORS.get(p.name()).apply(r).entrySet()) {
                if (e.getKey().equals("ram") || r.nextInt(10) < 7) {
                    args.put(e.getKey(), e.getValue());
                }
            }
            String where = "seed " + seed + " (rerun with -Diovacheck.seed=" + seed + "), preset " + p.name() + ", args " + args;
            int[] counts = outcomes.computeIfAbsent(p.name(), k -> new int[2]);
            GuestLayout l;
            try {
                l = p.layout(new PresetArgs(args));
            } catch (InputException e) {
                assertFalse(e.getMessage().contains("has no parameter"), where + ": " + e.getMessage());
                counts[1]++;
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError(where + ": " + e, e);
            }
            counts[0]++;
            checkInvariants(l, expectedRam(p.name(), args), where);
        }
        for (Map.Entry<String, int[]> e : outcomes.entrySet()) {
            assertTrue(e.getValue()[0] >= 20, "too few accepted layouts for " + e.getKey() + " (seed base " + base + "): " + e.getValue()[0]);
        }
        assertEquals(Presets.all().size(), outcomes.size(), "every preset was exercised (seed base " + base + ")");
    }

    private static long expectedRam(String preset, Map<String, String> args) {
        long ram = args.containsKey("ram") ? Numbers.size(args.get("ram")) : DEFAULT_RAM.get(preset);
        if (preset.equals("xen-hvm")) {
            String vga = args.getOrDefault("vga", "cirrus");
            long videoDefault = vga.equals("stdvga") ? 16 * MIB : vga.equals("none") ? 0 : 8 * MIB;
            ram -= args.containsKey("videoram") ? Numbers.size(args.get("videoram")) : videoDefault;
        }
        return ram;
    }

    /** Overlap-free (pairwise), within 2^64, RAM regions plus the RAM the VGA window hides add up to the expected RAM. */
    static void checkInvariants(GuestLayout l, long expectedRam, String where) {
        List<GuestRegion> rs = l.regions();
        Set<String> names = new HashSet<>();
        BigInteger ram = BigInteger.ZERO;
        boolean vgaHidesRam = false;
        for (int i = 0; i < rs.size(); i++) {
            GuestRegion a = rs.get(i);
            assertTrue(names.add(a.name()), where + ": duplicate region name " + a.name());
            BigInteger end = U64.toBig(a.range().first()).add(a.range().length());
            assertTrue(end.compareTo(TWO_64) <= 0, where + ": " + a + " passes 2^64");
            for (int j = i + 1; j < rs.size(); j++) {
                GuestRegion b = rs.get(j);
                boolean disjoint = U64.lt(a.range().last(), b.range().first()) || U64.lt(b.range().last(), a.range().first());
                assertTrue(disjoint, where + ": " + a + " overlaps " + b);
            }
            // RAM-backed device BARs (std VGA vram, also in the legacy window under OVMF, ivshmem) are not guest RAM
            if (a.kind() == GuestKind.RAM && !a.name().equals("vga-vram") && !a.name().equals("ivshmem-shm") && !a.name().equals("vga-lowmem")) {
                ram = ram.add(a.range().length());
                if (a.range().first() == 0xc0000L) {
                    vgaHidesRam = true;
                }
            }
        }
        if (vgaHidesRam) {
            GuestRegion vga = Layouts.region(l, l.regions().stream().anyMatch(r -> r.name().equals("vga-lowmem")) ? "vga-lowmem" : "vga");
            assertEquals(0xa0000L, vga.range().first(), where);
            assertEquals(0xbffffL, vga.range().last(), where);
            ram = ram.add(BigInteger.valueOf(VGA_HIDDEN));
        }
        assertEquals(U64.toBig(expectedRam), ram, where + ": RAM regions " + rs);
    }

    private static Map<String, Function<Random, Map<String, String>>> generators() {
        Map<String, Function<Random, Map<String, String>>> g = new LinkedHashMap<>();
        g.put("qemu-virt", r -> {
            long ram = ram(r);
            Map<String, String> m = kv("ram", hex(ram), "maxmem", r.nextBoolean() ? hex(ram) : hex(ram + mib(r, 65536)),
                    "slots", Integer.toString(r.nextInt(5)), "highmem", onOff(r), "ipa-bits", Integer.toString(32 + r.nextInt(17)),
                    "highmem-mmio-size", pick(r, "512G", "1T", "768G", "256G"), "highmem-ecam", onOff(r),
                    "highmem-redists", onOff(r), "highmem-mmio", onOff(r), "compact-highmem", onOff(r),
                    "machine", pick(r, "latest", "2.6", "2.12", "7.1", "7.2", "10.2"), "qemu", pick(r, "latest", "7.2", "8.0", "10.2"));
            String fw = pick(r, "none", "edk2");
            m.put("firmware", fw);
            m.put("devices", fw.equals("none") ? "none" : pick(r, "gpu:bar0=16M,bar1=16G", "gpu:bar0=16M,bar1=16G,rom=on", "lg:ivshmem=64M",
                    "big:bar0=1T", "nic:bar0=128K/32,bar2=16K/64np"));
            return m;
        });
        g.put("qemu-q35", PresetPropertiesTest::qemuX86Firmware);
        g.put("qemu-pc", PresetPropertiesTest::qemuX86Firmware);
        g.put("crosvm-aarch64", r -> Map.of("ram", hex(ram(r)), "ipa-bits", Integer.toString(32 + r.nextInt(17))));
        g.put("crosvm-x86_64", r -> Map.of("ram", hex(ram(r)), "phys-bits", Integer.toString(32 + r.nextInt(21)), "devices", vmmDevices(r)));
        g.put("cloud-hypervisor-aarch64", r -> Map.of("ram", hex(ram(r)), "ipa-bits", Integer.toString(32 + r.nextInt(17)), "devices", vmmDevices(r)));
        g.put("cloud-hypervisor-x86_64", r -> Map.of("ram", hex(ram(r)), "max-phys-bits", Integer.toString(32 + r.nextInt(21)), "devices", vmmDevices(r)));
        g.put("kvmtool-arm64", r -> Map.of("ram", hex(ram(r)), "cpus", Integer.toString(1 + r.nextInt(64)),
                "base", pick(r, "0x80000000", "0x100000000", "0x40000000", hex(0x80000000L + mib(r, 1 << 20))),
                "ipa-bits", Integer.toString(32 + r.nextInt(17))));
        g.put("kvmtool-x86_64", r -> Map.of("ram", hex(ram(r)), "cpus", Integer.toString(1 + r.nextInt(64))));
        g.put("xen-arm", r -> Map.of("ram", hex(ram(r))));
        g.put("xen-hvm", r -> Map.of("ram", hex(ram(r)), "mmio-hole", pick(r, "256M", "512M", "1G", "2G", "3840M", "3841M", "128M"),
                "vga", pick(r, "cirrus", "stdvga", "none"), "videoram", pick(r, "8M", "16M", "32M", "4M"),
                "rdm", pick(r, "none", "0xbdf6e000-0xbdf84fff", "0x7f000000-0x7f0fffff", "0xd0000000-0xd0000fff,0xbdf6e000-0xbdf84fff"),
                "rdm-policy", pick(r, "strict", "relaxed"), "rdm-mem-boundary", pick(r, "2G", "1G", "3G")));
        g.put("firecracker-aarch64", r -> Map.of("ram", hex(ram(r))));
        g.put("firecracker-x86_64", r -> Map.of("ram", hex(ram(r))));
        g.put("free", r -> {
            int banks = 1 + r.nextInt(r.nextInt(4) == 0 ? 40 : 4);
            long align = Numbers.size(pick(r, "4K", "64K", "2M", "2M", "1G", "3M", "1K"));
            long ram = r.nextInt(6) == 0 ? ram(r) : banks * align * (1 + r.nextInt(64));
            return Map.of("ram", hex(ram), "banks", Integer.toString(banks), "align", Long.toString(align),
                    "ipa-bits", Integer.toString(32 + r.nextInt(33)), "bank0", pick(r, "0x40000000", "0x0", "0x80000000", hex(align * r.nextInt(1 << 16))),
                    "mmio", "none");
        });
        return g;
    }

    private static Map<String, String> kv(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Map<String, String> qemuX86(Random r) {
        long ram = ram(r);
        return Map.ofEntries(Map.entry("ram", hex(ram)), Map.entry("max-ram-below-4g", hex(mib(r, 4096 + 64))),
                Map.entry("maxmem", r.nextBoolean() ? hex(ram) : hex(ram + mib(r, 65536))),
                Map.entry("slots", Integer.toString(r.nextInt(4) == 0 ? 300 : r.nextInt(9))),
                Map.entry("pci-hole64-size", pick(r, "32G", "2G", "1T", "64M", "512G")), Map.entry("amd", onOff(r)),
                Map.entry("machine", pick(r, "latest", "1.7", "2.0", "2.4", "2.5", "7.0", "7.1", "10.2")),
                Map.entry("phys-bits", Integer.toString(32 + r.nextInt(21))),
                Map.entry("bios-size", pick(r, "256K", "64K", "2M", "4M", "100K", "32M")),
                Map.entry("vga", pick(r, "std", "none")), Map.entry("ivshmem", pick(r, "none", "4K", "16M", "1G", "64G")),
                Map.entry("cpu", pick(r, "qemu64", "host")));
    }

    private static String vmmDevices(Random r) {
        return pick(r, "none", "gpu:bar0=16M,bar1=16G,bar3=32M", "nic:bar0=128K/32,bar2=16K/64np", "a:bar0=1G;b:bar0=1G");
    }

    /** qemuX86 plus the guest firmware, its knobs and devices (docs/firmware.md). */
    private static Map<String, String> qemuX86Firmware(Random r) {
        Map<String, String> m = new java.util.HashMap<>(qemuX86(r));
        String fw = pick(r, "none", "ovmf", "seabios");
        m.put("firmware", fw);
        m.put("firmware-version", switch (fw) {
            case "ovmf" -> pick(r, "latest", "202208", "202211", "202302", "202308", "202405", "edk2-stable202408", "202505");
            case "seabios" -> pick(r, "latest", "1.16.2", "1.16.3", "1.17.0");
            default -> "latest";
        });
        m.put("phys-bits-limit", r.nextInt(3) == 0 ? Integer.toString(32 + r.nextInt(21)) : "none");
        m.put("guest-phys-bits", r.nextInt(3) == 0 ? Integer.toString(32 + r.nextInt(21)) : "0");
        m.put("pdpe1gb", onOff(r));
        m.put("la57", onOff(r));
        m.put("x-pci-mmio64-mb", fw.equals("ovmf") && r.nextBoolean() ? pick(r, "0", "1024", "32768", "65536", "16777216", "16777217") : "none");
        m.put("devices", fw.equals("none") ? "none" : pick(r, "gpu:bar0=16M,bar1=16G", "lg:ivshmem=64M", "vf:bar0=16M,bar2=2G;lg:ivshmem=256M",
                "nic:bar0=128K/32,bar2=16K/64np", "big:bar0=1T"));
        return m;
    }

    /** RAM sizes in whole MiB, weighted toward the boundaries the VMMs use. */
    private static long ram(Random r) {
        int kind = r.nextInt(10);
        if (kind < 5) {
            return mib(r, 8192);
        }
        if (kind < 8) {
            return 8 * GIB + mib(r, 2L << 20);
        }
        long[] pivots = {MIB, 2 * MIB, 0xb0000000L, 0xc0000000L, 0xd0000000L, 3008 * MIB, 0xf0000000L, 4 * GIB, 255 * GIB,
            256 * GIB, 1011 * GIB, 1012 * GIB, 1019 * GIB, 1020 * GIB, 1022 * GIB, 1023 * GIB, 16L << 40};
        return pivots[r.nextInt(pivots.length)];
    }

    private static long mib(Random r, long maxMib) {
        return (1 + (long) (r.nextDouble() * maxMib)) * MIB;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String onOff(Random r) {
        return r.nextBoolean() ? "on" : "off";
    }

    private static String pick(Random r, String... values) {
        return values[r.nextInt(values.length)];
    }
}
