package org.iovacheck.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iovacheck.format.InputException;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.preset.firmware.BarSpec;
import org.iovacheck.preset.firmware.DeviceSpecs;
import org.iovacheck.preset.firmware.Ovmf;

/**
 * Immutable; the firmware knobs a user left free (docs/firmware.md) with every value that can give a different layout: the
 * guest's phys-bits-limit (q35/pc with firmware), OVMF's X-PciMmio64Mb, cloud-hypervisor's max-phys-bits (with devices).
 * {@code complete} is false when some value of a free knob is not among them (then only an answer no setting can beat
 * holds). {@link #settings} lists every combination as the changes it makes, the user's own (no change) first.
 */
record FirmwareDomain(List<String> keys, List<List<String>> values, List<String> why, boolean complete, String incomplete) {
    FirmwareDomain {
        keys = List.copyOf(keys);
        values = values.stream().map(List::copyOf).toList();
        why = List.copyOf(why);
    }

    /** The firmware knobs of these settings that the user left free; with p2p the whole OVMF window counts when no devices are given. */
    static FirmwareDomain of(Preset p, Map<String, String> settings, boolean p2p) throws InputException {
        List<String> keys = new ArrayList<>();
        List<List<String>> values = new ArrayList<>();
        List<String> why = new ArrayList<>();
        boolean complete = true;
        String incomplete = null;
        boolean devices = settings.containsKey("devices") && !"none".equals(settings.get("devices"));
        String fw = settings.getOrDefault("firmware", "none");
        if (p.takesKey("max-phys-bits") && devices && !settings.containsKey("max-phys-bits")) {
            int dflt = Integer.parseInt(p.params().stream().filter(pp -> pp.key().equals("max-phys-bits")).findFirst().orElseThrow().defaultValue());
            List<String> v = new ArrayList<>();
            for (int bits = dflt - 1; bits >= 32; bits--) {
                v.add(Integer.toString(bits));
            }
            keys.add("max-phys-bits");
            values.add(v);
            why.add("max-phys-bits: " + dflt + " (cloud-hypervisor's default) and every value from " + (dflt - 1) + " down to 32; larger values"
                    + " are not proposed (cloud-hypervisor takes min(host phys-bits, max_phys_bits), vmm/src/vm.rs physical_bits, and the host's phys-bits are not known here)");
        }
        if (p.takesKey("phys-bits-limit") && !"none".equals(fw)) {
            if (!settings.containsKey("phys-bits-limit")) {
                int phys = new PresetArgs(settings).integer("phys-bits", 32, 52, 40);
                List<String> v = new ArrayList<>();
                for (int limit = phys - 1; limit >= 32; limit--) {
                    v.add(Integer.toString(limit));
                }
                keys.add("phys-bits-limit");
                values.add(v);
                why.add("phys-bits-limit: none and every limit from " + (phys - 1) + " down to 32 (" + (v.size() + 1) + " values; QEMU gives the"
                        + " guest min(phys-bits, limit), so a limit of " + phys + " or more changes nothing)");
            }
            if ("ovmf".equals(fw) && !settings.containsKey("x-pci-mmio64-mb")) {
                List<String> v = new ArrayList<>();
                List<BarSpec> bars = new ArrayList<>(DeviceSpecs.parse(devices ? settings.get("devices") : null));
                String shm = settings.get("ivshmem");
                if (shm != null && !"none".equals(shm)) { // OVMF places the preset's ivshmem-plain BAR with the 64-bit BARs (OvmfEmulated)
                    bars.add(new BarSpec("ivshmem", true, 2, new PresetArgs(settings).size("ivshmem", 0), BarSpec.Width.BITS64));
                }
                for (long mb : Ovmf.distinctMmio64Mb(bars)) {
                    v.add(Long.toString(mb));
                }
                keys.add("x-pci-mmio64-mb");
                values.add(v);
                why.add("x-pci-mmio64-mb: not given, 0, and the smallest size of each power-of-two class of GiB that holds the 64-bit BARs ("
                        + v.size() + " values; OVMF rounds the size up to 1 GiB and aligns the window to the largest power of two not above"
                        + " it, so every size of a class puts the window and the BARs at the same addresses, and a larger one only widens the"
                        + " window; values above 16777216 are ignored)");
                if (p2p && !devices) {
                    complete = false;
                    incomplete = "with --p2p and no --device the whole OVMF window is DMA-mapped, so each of its sizes gives a different"
                            + " layout; only the smallest size of each class was judged";
                }
            }
        }
        return new FirmwareDomain(keys, values, why, complete, incomplete);
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /** How many settings {@link #settings} lists. */
    long count() {
        long n = 1;
        for (List<String> v : values) {
            n *= v.size() + 1;
        }
        return n;
    }

    /**
     * Every combination of the knobs' values as the changes it makes to the settings, fewest changes first (the user's own
     * settings, an empty map, first), each knob in its own preference order.
     */
    List<Map<String, String>> settings() {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(Map.of());
        for (int k = keys.size() - 1; k >= 0; k--) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> m : out) {
                next.add(m);
                for (String v : values.get(k)) {
                    Map<String, String> c = new LinkedHashMap<>(m);
                    c.put(keys.get(k), v);
                    next.add(c);
                }
            }
            out = next;
        }
        List<Map<String, String>> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingInt(Map::size));
        return sorted;
    }

    /**
     * Whether a turned setting must also be safe when QEMU reports GuestPhysBits (QEMU 9.0+ with -cpu host and a KVM that
     * reports it sets it to the guest's phys-bits), which makes OVMF 202408+ trust phys-bits it would otherwise ignore: with
     * OVMF, a knob turned and guest-phys-bits not given. The value is returned, or null.
     */
    static String guestPhysBitsAlso(Map<String, String> user, Map<String, String> change) throws InputException {
        if (change.isEmpty() || user.containsKey("guest-phys-bits") || !"ovmf".equals(user.get("firmware"))) {
            return null;
        }
        Map<String, String> s = new LinkedHashMap<>(user);
        s.putAll(change);
        return Integer.toString(new PresetArgs(s).integer(s.containsKey("phys-bits-limit") ? "phys-bits-limit" : "phys-bits", 32, 52, 40));
    }

    /** The settings with what the firmware and the devices add removed: their DMA-mapped set is a subset and they are refused less. */
    static Map<String, String> relaxed(Map<String, String> settings) {
        Map<String, String> r = new LinkedHashMap<>(settings);
        if ("ovmf".equals(settings.get("firmware"))) {
            r.remove("ivshmem"); // OVMF places it in its window; without the firmware SeaBIOS's rules could refuse it
        }
        for (String k : List.of("firmware", "firmware-version", "phys-bits-limit", "guest-phys-bits", "pdpe1gb", "la57", "x-pci-mmio64-mb",
                "devices")) {
            r.remove(k);
        }
        return r;
    }
}
