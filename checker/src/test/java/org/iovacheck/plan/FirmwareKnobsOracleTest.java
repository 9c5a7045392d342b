package org.iovacheck.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engines;
import org.iovacheck.engine.Verdict;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.preset.Presets;
import org.iovacheck.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * place --maximize ram and place --ram (FirmwareKnobs.place) over the firmware knobs, against brute force at small address
 * widths (phys-bits 33-36, so RAM sizes in 256 MiB to 1 GiB granules can all be enumerated): for q35 and pc with OVMF or
 * SeaBIOS of several releases, every phys-bits-limit from none down to 32 and every X-PciMmio64Mb the oracle can think of
 * (not given, 0, every whole GiB up to 2^phys-bits, sub-GiB and odd MiB values, values above 16 TiB, which OVMF ignores),
 * with devices whose BARs are mapped with --p2p or are ivshmem memory (mapped always), and --p2p without devices; for
 * cloud-hypervisor every max-phys-bits from its default 46 down to 32. A turned OVMF setting must also be safe with
 * GuestPhysBits reported. The oracle shares no code with the planner: a layout is safe when the preset accepts it and no
 * DMA-mapped region meets a window, pair by pair. -Diovacheck.soak=N multiplies the cases.
 */
class FirmwareKnobsOracleTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final long SOAK = Long.getLong("iovacheck.soak", 1);
    private static final List<String> OVMF = List.of("latest", "202211", "202302", "202308", "202405", "202408", "202505");
    private static final List<String> SEABIOS = List.of("latest", "1.16.2", "1.16.3", "1.17.0");

    @Test
    void firmwareKnobsEqualBruteForce() throws Exception {
        long seed = Seeds.seed("FirmwareKnobsOracleTest");
        Random rnd = new Random(seed);
        long cases = 200 * SOAK;
        int found = 0;
        int infeasible = 0;
        int turned = 0;
        int placeFound = 0;
        int placeInfeasible = 0;
        int sampled = 0;
        for (long iter = 0; iter < cases; iter++) {
            Case c = randomCase(rnd);
            String ctx = "seed " + seed + " case " + iter + ": " + c.preset.name() + " " + c.settings + " p2p " + c.p2p + " granule "
                    + c.granule / MIB + "M windows " + c.ex;
            long best = 0;
            Map<String, String> bestChange = null;
            for (long r = c.top; r >= c.granule && best == 0; r -= c.granule) {
                if (ramMeetsAWindow(c, r)) {
                    continue;
                }
                for (Map<String, String> f : c.freedom) {
                    if (safe(c, f, r)) {
                        best = r;
                        bestChange = f;
                        break;
                    }
                }
            }
            Target t = new Target(c.ex, List.of(), c.p2p, Engines.select("interval"), Engines.select(rnd.nextInt(8) == 0 ? "interval,sat" : "interval"),
                    Budget.unlimited());
            PlanResult m = Planner.maximize(c.preset, c.settings, c.granule, t);
            if (!c.whole) {
                // a sample of the window sizes: the answer is at least the sample's best, and its setting is safe
                if (m.verdict() == Verdict.FOUND) {
                    assertTrue(m.ram() >= best, ctx + " the sample has " + best / MIB + "M with " + bestChange + ", the answer " + m.ram() / MIB + "M");
                    assertTrue(safe(c, changeOf(c, m.settings()), m.ram()), ctx + ": the reported settings " + m.settings() + " must be safe");
                    found++;
                } else {
                    assertEquals(Verdict.INFEASIBLE, m.verdict(), ctx + " " + m.evidence());
                    assertEquals(0, best, ctx + " INFEASIBLE, but the sample has " + best / MIB + "M with " + bestChange);
                    infeasible++;
                }
                sampled++;
            } else if (best == 0) {
                assertEquals(Verdict.INFEASIBLE, m.verdict(), ctx + " " + m.evidence() + " " + m.limits());
                infeasible++;
            } else {
                assertEquals(Verdict.FOUND, m.verdict(), ctx + " expected " + best / MIB + "M with " + bestChange + ": " + m.evidence() + " " + m.limits());
                assertEquals(best, m.ram(), ctx + " expected " + best / MIB + "M with " + bestChange + ", got " + m.ram() / MIB + "M with "
                        + m.settings() + ": " + m.evidence());
                assertTrue(safe(c, changeOf(c, m.settings()), best), ctx + ": the reported settings " + m.settings() + " must be safe");
                found++;
                if (!changeOf(c, m.settings()).isEmpty()) {
                    turned++;
                }
            }
            long ram = c.granule * (1 + rnd.nextInt((int) (Math.max(best, c.granule) / c.granule) + 2));
            boolean any = false;
            for (Map<String, String> f : c.freedom) {
                if (safe(c, f, ram)) {
                    any = true;
                    break;
                }
            }
            PlanResult p = FirmwareKnobs.place(c.preset, c.settings, ram, t);
            if (!c.whole && p.verdict() == Verdict.FOUND) {
                assertTrue(safe(c, changeOf(c, p.settings()), ram), ctx + ": place's settings " + p.settings() + " must be safe");
                placeFound++;
            } else if (any) {
                assertEquals(Verdict.FOUND, p.verdict(), ctx + " place --ram " + ram / MIB + "M: " + p.evidence() + " " + p.limits());
                assertTrue(safe(c, changeOf(c, p.settings()), ram), ctx + ": place's settings " + p.settings() + " must be safe");
                placeFound++;
            } else {
                assertEquals(Verdict.INFEASIBLE, p.verdict(), ctx + " place --ram " + ram / MIB + "M: " + p.evidence());
                placeInfeasible++;
            }
        }
        System.out.println("FirmwareKnobsOracleTest: " + cases + " cases: --maximize " + found + " found (" + turned + " with a firmware knob turned), "
                + infeasible + " infeasible (" + sampled + " against a sample of OVMF window sizes); --ram " + placeFound + " found, " + placeInfeasible + " infeasible; 0 disagreements");
        assertTrue(found > cases / 4 && infeasible > 0 && turned > 0, found + " found, " + infeasible + " infeasible, " + turned + " turned");
    }

    /** Immutable; one question: preset, the user's settings, every change of the free firmware knobs, the windows, the sizes. */
    private record Case(Preset preset, Map<String, String> settings, List<Map<String, String>> freedom, boolean ovmf, int phys, boolean p2p,
                        List<ReservedRegion> ex, long granule, long top, boolean whole) {
    }

    private static Case randomCase(Random rnd) {
        long granule = List.of(256 * MIB, 512 * MIB, GIB, GIB).get(rnd.nextInt(4));
        List<ReservedRegion> ex = new ArrayList<>();
        Map<String, String> s = new LinkedHashMap<>();
        List<Map<String, String>> freedom = new ArrayList<>();
        freedom.add(Map.of());
        boolean p2p = rnd.nextInt(3) != 0;
        String devices = randomDevices(rnd);
        if (rnd.nextInt(6) == 0) {
            // cloud-hypervisor allocates the BARs itself, top-down below 2^max-phys-bits
            Preset ch = Presets.byName("cloud-hypervisor-x86_64").orElseThrow();
            s.put("devices", devices == null ? "nic:bar0=64M" : devices);
            for (int bits = 45; bits >= 32; bits--) {
                freedom.add(Map.of("max-phys-bits", Integer.toString(bits)));
            }
            int aw = 34 + rnd.nextInt(4);
            ex.add(window(1L << aw, -(1L << aw), "aperture"));
            randomWindows(rnd, ex, 0xc0000000L, (1L << 46) - 0xc0000000L, 3);
            randomWindows(rnd, ex, 1L << 32, (1L << aw) - (1L << 32), 2);
            // RAM is contiguous from 4 GiB: beyond 2^aw - 1 GiB of RAM it meets the aperture whatever the setting
            return new Case(ch, s, freedom, false, 46, p2p, ex, granule, U64Floor((1L << aw) + 4 * GIB, granule), true);
        }
        Preset p = Presets.byName(rnd.nextBoolean() ? "qemu-q35" : "qemu-pc").orElseThrow();
        boolean ovmf = rnd.nextBoolean();
        int phys = 33 + rnd.nextInt(rnd.nextBoolean() ? 2 : 4);
        s.put("firmware", ovmf ? "ovmf" : "seabios");
        s.put("firmware-version", (ovmf ? OVMF : SEABIOS).get(rnd.nextInt(ovmf ? OVMF.size() : SEABIOS.size())));
        s.put("phys-bits", Integer.toString(phys));
        s.put("pci-hole64-size", List.of("1G", "2G", "4G").get(rnd.nextInt(3)));
        s.put("max-ram-below-4g", List.of("4G", "3G", "2G", "2560M", "3584M").get(rnd.nextInt(5)));
        if (rnd.nextInt(4) == 0) {
            s.put("amd", "on");
        }
        if (ovmf && rnd.nextInt(4) == 0) {
            // the preset's own ivshmem-plain: under OVMF its BAR joins the 64-bit BARs the X-PciMmio64Mb classes must hold
            s.put("ivshmem", (64 << rnd.nextInt(6)) + "M");
        }
        if (devices != null || !p2p || !ovmf) {
            if (devices != null) {
                s.put("devices", devices);
            }
        } else {
            s.put("devices", "gpu:bar0=16M,bar1=1G");
        }
        List<String> limits = new ArrayList<>();
        limits.add(null);
        for (int l = phys - 1; l >= 32; l--) {
            limits.add(Integer.toString(l));
        }
        List<String> mbs = new ArrayList<>();
        mbs.add(null);
        // every whole GiB in a quarter of the OVMF cases (the others: a random sample, which checks the answer is at least
        // the best the sample finds and that its setting is safe)
        boolean whole = !ovmf || rnd.nextInt(4) == 0;
        if (ovmf) {
            for (long k = 0; k <= (1L << (phys - 30)); k++) {
                if (whole || rnd.nextInt(8) == 0) {
                    mbs.add(Long.toString(k * 1024));
                }
            }
            mbs.addAll(List.of("1", "512", "1536", "2560", "3000", Long.toString(0x1000001L), Long.toString(0x1000000L)));
        }
        for (String l : limits) {
            for (String mb : mbs) {
                Map<String, String> f = new LinkedHashMap<>();
                if (l != null) {
                    f.put("phys-bits-limit", l);
                }
                if (mb != null) {
                    f.put("x-pci-mmio64-mb", mb);
                }
                if (!f.isEmpty()) {
                    freedom.add(f);
                }
            }
        }
        int aw = 32 + rnd.nextInt(phys - 30);
        ex.add(window(1L << aw, -(1L << aw), "aperture"));
        randomWindows(rnd, ex, 1L << 32, (1L << phys) - (1L << 32), 1 + rnd.nextInt(3));
        randomWindows(rnd, ex, 0x80000000L, 0x80000000L, rnd.nextInt(2));
        // QEMU refuses RAM whose layout passes 2^phys-bits
        return new Case(p, s, freedom, ovmf, phys, p2p, ex, granule, U64Floor(1L << phys, granule), whole);
    }

    private static long U64Floor(long v, long g) {
        return v - v % g;
    }

    private static String randomDevices(Random rnd) {
        int n = rnd.nextInt(3);
        if (n == 0) {
            return null;
        }
        List<String> d = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(4) == 0) {
                d.add("shm" + i + ":ivshmem=" + (64 << rnd.nextInt(6)) + "M");
            } else {
                String bar1 = (128 << rnd.nextInt(6)) + "M" + (rnd.nextInt(4) == 0 ? "/64np" : "");
                d.add("dev" + i + ":bar0=" + (1 << rnd.nextInt(5)) + "M,bar1=" + bar1);
            }
        }
        return String.join(";", d);
    }

    private static void randomWindows(Random rnd, List<ReservedRegion> ex, long lo, long span, int n) {
        for (int i = 0; i < n; i++) {
            long base = lo + (Math.floorMod(rnd.nextLong(), span / MIB)) * MIB;
            long size = rnd.nextBoolean() ? (1 + rnd.nextInt(16)) * MIB : (1 + rnd.nextInt(4096)) * MIB;
            ex.add(window(base, size, "w" + ex.size()));
        }
    }

    private static ReservedRegion window(long base, long size, String name) {
        return new ReservedRegion(Range.ofSize(base, size), RegionType.RESERVED, "1", name, Source.BUILTIN);
    }

    /** The change of the free firmware knobs a reported setting makes (what it adds to or changes in the user's settings). */
    private static Map<String, String> changeOf(Case c, Map<String, String> reported) {
        Map<String, String> f = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : reported.entrySet()) {
            if (!e.getKey().equals("ram") && !e.getValue().equals(c.settings.get(e.getKey()))) {
                f.put(e.getKey(), e.getValue());
            }
        }
        return f;
    }

    /** Safe at this size with this change: accepted and clear, and with OVMF a turned setting also with GuestPhysBits reported. */
    private static boolean safe(Case c, Map<String, String> f, long ram) {
        Map<String, String> s = new LinkedHashMap<>(c.settings);
        s.putAll(f);
        s.put("ram", Long.toString(ram));
        if (!clear(c, s)) {
            return false;
        }
        if (c.ovmf && (f.containsKey("phys-bits-limit") || f.containsKey("x-pci-mmio64-mb"))) {
            s.put("guest-phys-bits", f.getOrDefault("phys-bits-limit", Integer.toString(c.phys)));
            return clear(c, s);
        }
        return true;
    }

    /**
     * The firmware knobs move only the firmware's window and the devices' BARs: RAM, the firmware image and QEMU's own RAM-backed
     * BARs (std VGA's vram) are the same at every setting, so when they meet a window at the settings as given, no setting is safe.
     */
    private static boolean ramMeetsAWindow(Case c, long ram) {
        Map<String, String> s = new LinkedHashMap<>(c.settings);
        s.put("ram", Long.toString(ram));
        GuestLayout l;
        try {
            l = c.preset.layout(new PresetArgs(s));
        } catch (InputException | ArithmeticException e) {
            return false;
        }
        for (GuestRegion g : l.mapped(false)) {
            if (g.kind() != GuestKind.RAM && g.kind() != GuestKind.ROM) {
                continue;
            }
            for (ReservedRegion w : c.ex) {
                if (Long.compareUnsigned(g.range().first(), w.range().last()) <= 0 && Long.compareUnsigned(w.range().first(), g.range().last()) <= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean clear(Case c, Map<String, String> s) {
        GuestLayout l;
        try {
            l = c.preset.layout(new PresetArgs(s));
        } catch (InputException | ArithmeticException e) {
            return false;
        }
        for (GuestRegion g : l.mapped(c.p2p)) {
            for (ReservedRegion w : c.ex) {
                if (Long.compareUnsigned(g.range().first(), w.range().last()) <= 0 && Long.compareUnsigned(w.range().first(), g.range().last()) <= 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
