package org.iovacheck.format.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iovacheck.format.InputException;

/** Mutable while one reader runs; collects the preset, its settings, host-dependent CPU facts, devices, notes and ignored items. */
final class ConfigBuilder {
    private static final Pattern VERSIONED = Pattern.compile("(pc-q35|pc-i440fx|pc|virt)-([0-9]+\\.[0-9]+)");

    final GuestConfig.Syntax syntax;
    final String file;
    String preset;
    final Map<String, String> settings = new LinkedHashMap<>();
    boolean vendorFromHost;
    boolean physBitsFromHost;
    int physBitsLimit;
    final List<String> hostdevs = new ArrayList<>();
    String firmware;
    final List<String> shmem = new ArrayList<>();
    String viommu;
    int viommuAwBits;
    final List<ConfigFacts.MemoryDevice> memoryDevices = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final Set<String> ignored = new LinkedHashSet<>();
    /** -global HOST.pci-hole64-size values by host bridge type, applied once the machine is known (ArgvReader.applyGlobals). */
    final Map<String, String> hole64Globals = new LinkedHashMap<>();

    ConfigBuilder(GuestConfig.Syntax syntax, String file) {
        this.syntax = syntax;
        this.file = file;
    }

    /**
     * The preset and machine settings for a QEMU machine type name: q35 / pc-q35-X.Y, pc / pc-i440fx-X.Y / pc-X.Y and virt /
     * virt-X.Y (the unversioned names are aliases of the newest version of the installed QEMU).
     */
    void machine(String type, int line) throws InputException {
        String base = type;
        String version = null;
        Matcher m = VERSIONED.matcher(type);
        if (m.matches()) {
            base = m.group(1);
            version = m.group(2);
        }
        switch (base) {
            case "q35", "pc-q35" -> preset = "qemu-q35";
            case "pc", "pc-i440fx" -> preset = "qemu-pc";
            case "virt" -> preset = "qemu-virt";
            default -> throw new InputException(file, line, "machine type '" + type + "' is not modelled (iovacheck models q35 and pc-i440fx"
                    + " on x86 and virt on arm, with upstream version numbers X.Y)");
        }
        if (preset.equals("qemu-virt")) {
            if (version != null) {
                String[] v = version.split("\\.");
                int major = Integer.parseInt(v[0]);
                int minor = Integer.parseInt(v[1]);
                // hw/arm/virt.c virt_machine_7_1_options: no_highmem_compact = true for virt-7.1 and older
                if (major < 7 || (major == 7 && minor <= 1)) {
                    settings.put("compact-highmem", "off");
                    notes.add("machine " + type + ": compact high memory map off (QEMU enables it from virt-7.2, hw/arm/virt.c)");
                }
            }
        } else {
            settings.put("machine", version == null ? "latest" : version);
            if (version == null) {
                notes.add("machine '" + type + "' is an alias of the newest machine version of the installed QEMU; judged as the newest");
            }
        }
    }

    void ignore(String what) {
        ignored.add(what);
    }

    GuestConfig build() throws InputException {
        if (preset == null) {
            throw new InputException(file, 0, "no machine type given (iovacheck needs it to know the memory map)");
        }
        return new GuestConfig(syntax, file, preset, settings, new GuestConfig.CpuSource(vendorFromHost, physBitsFromHost, physBitsLimit),
                hostdevs, new ConfigFacts(firmware, shmem, viommu, viommuAwBits, memoryDevices), notes, List.copyOf(ignored));
    }
}
