package org.iovacheck.cli;

import java.util.List;
import java.util.Map;
import org.iovacheck.format.InputException;
import org.iovacheck.preset.PresetArgs;

/**
 * Turns repeated --device options into the preset parameter {@code devices} (entries joined by ';'). A PCI address
 * ({@code 0000:01:00.0}) or {@code group:ID} is looked up in the collected host files: each device's memory BARs 0-5 with
 * their sizes and 64-bit/prefetchable flags as sysfs recorded them, and {@code rom=on} when it has an expansion ROM.
 */
final class DeviceOption {
    private static final java.util.regex.Pattern PCI_ADDRESS = java.util.regex.Pattern.compile("[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]");
    private DeviceOption() {
    }

    static PresetArgs args(String ram, List<String> sets, List<String> devices) throws InputException {
        PresetArgs a = PresetArgs.of(ram, sets);
        if (devices.isEmpty()) {
            return a;
        }
        Map<String, String> m = PresetArgs.parseSets(sets);
        if (ram != null) {
            m.put("ram", ram);
        }
        put(m, devices);
        return new PresetArgs(m);
    }

    /** The --device options with collected devices (PCI address, group:ID) replaced by their BARs from the hosts' records. */
    static List<String> resolve(List<String> devices, List<org.iovacheck.model.Host> hosts) throws InputException {
        List<String> out = new java.util.ArrayList<>();
        for (String d : devices) {
            String t = d.trim();
            if (PCI_ADDRESS.matcher(t).matches()) {
                out.add(spec(find(t, hosts)));
            } else if (t.startsWith("group:")) {
                String id = t.substring("group:".length());
                List<String> found = new java.util.ArrayList<>();
                for (org.iovacheck.model.Host h : hosts) {
                    for (org.iovacheck.model.Group g : h.groups()) {
                        if (g.id().equals(id) && found.isEmpty()) {
                            for (org.iovacheck.model.PciDevice dev : g.devices()) {
                                if (dev.bars().stream().anyMatch(b -> b.index() <= 5 && !b.io())) {
                                    found.add(spec(dev));
                                }
                            }
                        }
                    }
                }
                if (found.isEmpty()) {
                    throw InputException.option("--device", "'" + t + "': no host file given records a device with memory BARs in group " + id
                            + " (collect records them)");
                }
                out.addAll(found);
            } else {
                out.add(d);
            }
        }
        return out;
    }

    private static org.iovacheck.model.PciDevice find(String address, List<org.iovacheck.model.Host> hosts) throws InputException {
        for (org.iovacheck.model.Host h : hosts) {
            for (org.iovacheck.model.Group g : h.groups()) {
                for (org.iovacheck.model.PciDevice dev : g.devices()) {
                    if (dev.address().equalsIgnoreCase(address)) {
                        return dev;
                    }
                }
            }
        }
        throw InputException.option("--device", "'" + address + "': no host file given records this device (collect records devices and BARs)");
    }

    /** NAME:barN=SIZE[/32|/64np],...[,rom=on] from a collected device; the name is its address with ':' and '.' as '-'. */
    static String spec(org.iovacheck.model.PciDevice dev) throws InputException {
        StringBuilder sb = new StringBuilder(dev.address().replace(':', '-').replace('.', '-')).append(':');
        boolean first = true;
        boolean rom = false;
        for (org.iovacheck.model.PciBar b : dev.bars()) {
            if (b.index() == 6) {
                rom = true;
            }
            if (b.index() > 5 || b.io()) {
                continue;
            }
            sb.append(first ? "" : ",").append("bar").append(b.index()).append('=').append(Long.toUnsignedString(b.sizeMinusOne() + 1))
                    .append(b.mem64() ? (b.prefetchable() ? "/64" : "/64np") : "/32");
            first = false;
        }
        if (first) {
            throw InputException.option("--device", "'" + dev.address() + "' has no memory BAR in its host record");
        }
        return sb.append(rom ? ",rom=on" : "").toString();
    }

    static void put(Map<String, String> settings, List<String> devices) throws InputException {
        if (devices.isEmpty()) {
            return;
        }
        if (settings.containsKey("devices")) {
            throw InputException.option("--device", "devices given both by --device and by --set devices=");
        }
        for (String d : devices) {
            if (d.contains(";")) {
                throw InputException.option("--device", "'" + d + "': give one device per --device");
            }
        }
        settings.put("devices", String.join(";", devices));
    }
}
