package org.iovacheck.preset.firmware;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.iovacheck.format.InputException;
import org.iovacheck.format.Numbers;

/**
 * Parses the devices whose BARs the guest firmware places: {@code NAME:bar0=16M,bar1=16G,bar3=32M/64np} (an assigned device;
 * a BAR is 64-bit prefetchable unless it says /32 or /64np, or the next BAR number is given too, which leaves it only one BAR
 * register: then it is 32-bit; {@code rom=on} says the device has an option ROM) or {@code NAME:ivshmem=SIZE} (ivshmem-plain: a 256-byte
 * 32-bit register BAR 0 and the shared memory as 64-bit prefetchable BAR 2, hw/misc/ivshmem-pci.c). Several devices are
 * separated by ';' (the {@code devices} preset parameter; the CLI's repeated --device joins them).
 */
public final class DeviceSpecs {
    /** ivshmem's register BAR (IVSHMEM_REG_BAR_SIZE 0x100 in hw/misc/ivshmem-pci.c). */
    public static final long IVSHMEM_REG_BAR = 0x100;

    private DeviceSpecs() {
    }

    public static List<BarSpec> parse(String value) throws InputException {
        List<BarSpec> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String entry : value.split(";")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.indexOf(':');
            if (colon <= 0) {
                throw bad(e, "expected NAME:bar0=SIZE,... or NAME:ivshmem=SIZE");
            }
            String name = e.substring(0, colon).trim();
            if (!name.matches("[A-Za-z0-9_-]+")) {
                throw bad(e, "device name '" + name + "' may hold only letters, digits, '-' and '_'");
            }
            if (!names.add(name)) {
                throw bad(e, "device '" + name + "' given twice");
            }
            out.addAll(device(e, name, e.substring(colon + 1)));
        }
        return out;
    }

    private static List<BarSpec> device(String e, String name, String rest) throws InputException {
        List<BarSpec> bars = new ArrayList<>();
        boolean[] slots = new boolean[6];
        boolean[] given = new boolean[7];
        boolean rom = false;
        for (String item : rest.split(",")) {
            String k = item.trim().replaceAll("=.*", "").trim();
            if (k.matches("bar[0-5]")) {
                given[k.charAt(3) - '0'] = true;
            }
        }
        for (String item : rest.split(",")) {
            String it = item.trim();
            int eq = it.indexOf('=');
            if (eq <= 0) {
                throw bad(e, "'" + it + "' is not barN=SIZE or ivshmem=SIZE");
            }
            String key = it.substring(0, eq).trim();
            String val = it.substring(eq + 1).trim();
            if (key.equals("ivshmem")) {
                if (rest.split(",").length != 1) {
                    throw bad(e, "an ivshmem device has only its size (ivshmem=SIZE)");
                }
                long size = size(e, val);
                bars.add(new BarSpec(name, true, 0, IVSHMEM_REG_BAR, BarSpec.Width.BITS32));
                bars.add(new BarSpec(name, true, 2, size, BarSpec.Width.BITS64));
                return bars;
            }
            if (key.equals("rom")) {
                if (!val.equals("on") && !val.equals("off")) {
                    throw bad(e, "rom= is on or off");
                }
                rom = val.equals("on");
                continue;
            }
            if (!key.matches("bar[0-5]")) {
                throw bad(e, "'" + key + "' is not bar0 ... bar5, rom or ivshmem");
            }
            int index = key.charAt(3) - '0';
            BarSpec.Width width = given[index + 1] ? BarSpec.Width.BITS32 : BarSpec.Width.BITS64;
            int slash = val.indexOf('/');
            if (slash >= 0) {
                String w = val.substring(slash + 1).trim();
                val = val.substring(0, slash).trim();
                width = switch (w) {
                    case "32" -> BarSpec.Width.BITS32;
                    case "64" -> BarSpec.Width.BITS64;
                    case "64np" -> BarSpec.Width.BITS64_NP;
                    default -> throw bad(e, "'/" + w + "' is not /32, /64 or /64np");
                };
            }
            long size = size(e, val);
            if (width.is64() && index == 5) {
                throw bad(e, "a 64-bit BAR takes two BAR registers; bar5 cannot be 64-bit");
            }
            int last = width.is64() ? index + 1 : index;
            for (int i = index; i <= last; i++) {
                if (slots[i]) {
                    throw bad(e, key + " uses BAR register " + i + ", which another BAR of " + name + " already uses");
                }
                slots[i] = true;
            }
            if (!width.is64() && Long.compareUnsigned(size, 1L << 31) > 0) {
                throw bad(e, key + " of " + val + " cannot be a 32-bit BAR (at most 2G)");
            }
            bars.add(new BarSpec(name, false, index, size, width));
        }
        if (bars.isEmpty()) {
            throw bad(e, "no BAR given");
        }
        bars.sort((a, b) -> Integer.compare(a.index(), b.index()));
        if (rom) {
            bars.replaceAll(b -> new BarSpec(b.device(), b.ivshmem(), b.index(), b.size(), b.width(), true));
        }
        return bars;
    }

    private static long size(String e, String val) throws InputException {
        long size;
        try {
            size = Numbers.size(val);
        } catch (IllegalArgumentException ex) {
            throw bad(e, ex.getMessage());
        }
        if (size < 16 || (size & (size - 1)) != 0) {
            throw bad(e, "a BAR size is a power of two of at least 16 bytes (PCI), not " + val);
        }
        return size;
    }

    private static InputException bad(String entry, String why) {
        return InputException.option("--device", "'" + entry + "': " + why);
    }
}
