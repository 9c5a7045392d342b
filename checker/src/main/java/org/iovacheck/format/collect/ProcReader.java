package org.iovacheck.format.collect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iovacheck.model.Known;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * Reads /proc: the CPU vendor, physical address bits and flags (/proc/cpuinfo, arch/x86/kernel/cpu/proc.c show_cpuinfo),
 * the kernel release (/proc/sys/kernel/osrelease), the command line, the resource tree (/proc/iomem, kernel/resource.c
 * r_show: two spaces of indent per level, {@code start-end : name}) and the MSI chips of /proc/interrupts.
 */
final class ProcReader {
    private ProcReader() {
    }

    /** Immutable; the first processor's vendor_id (null unknown), "address sizes" physical bits (0 unknown) and flags. */
    record Cpu(String vendor, int physBits, List<String> flags) {
    }

    static Cpu cpu(Reads r, Path proc) {
        Optional<String> t = r.text(proc.resolve("cpuinfo"));
        if (t.isEmpty()) {
            return new Cpu(null, 0, List.of());
        }
        String vendor = null;
        int bits = 0;
        List<String> flags = List.of();
        for (String line : t.get().split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                if (line.isBlank() && vendor != null) {
                    break;
                }
                continue;
            }
            String k = line.substring(0, colon).trim();
            String v = line.substring(colon + 1).trim();
            if (k.equals("vendor_id") && vendor == null) {
                vendor = v;
            } else if (k.equals("address sizes") && bits == 0) {
                // "46 bits physical, 48 bits virtual"
                String[] w = v.split("\\s+");
                if (w.length >= 2 && w[1].equals("bits")) {
                    try {
                        bits = Integer.parseInt(w[0]);
                    } catch (NumberFormatException e) {
                        r.warn(proc.resolve("cpuinfo") + ": 'address sizes : " + v + "' is not 'N bits physical'");
                    }
                }
            } else if (k.equals("flags") && flags.isEmpty()) {
                flags = List.of(v.split("\\s+"));
            }
        }
        if (bits < 0 || bits > 64) {
            r.warn(proc.resolve("cpuinfo") + ": " + bits + " physical address bits is out of range; ignored");
            bits = 0;
        }
        return new Cpu(vendor, bits, flags);
    }

    /** Immutable; one /proc/iomem entry named "PCI Bus DDDD:BB": a bridge's window onto that bus, and whether it is top level (a host bridge). */
    record BusWindow(Range range, String bus, boolean topLevel) {
    }

    /** The PCI bus windows of /proc/iomem; null when unreadable or read without privilege (every address printed as zero). */
    static List<BusWindow> busWindows(Reads r, Path proc) {
        Path f = proc.resolve("iomem");
        Optional<String> t = r.text(f);
        if (t.isEmpty()) {
            return null;
        }
        List<BusWindow> out = new ArrayList<>();
        boolean anyNonZero = false;
        int lines = 0;
        for (String line : t.get().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            lines++;
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') {
                indent++;
            }
            int sep = line.indexOf(" : ");
            int dash = line.indexOf('-', indent);
            if (sep < 0 || dash < 0 || dash > sep) {
                r.warn(f + ":" + lines + ": not 'start-end : name'; line skipped");
                continue;
            }
            long first;
            long last;
            try {
                first = Long.parseUnsignedLong(line.substring(indent, dash), 16);
                last = Long.parseUnsignedLong(line.substring(dash + 1, sep).trim(), 16);
            } catch (NumberFormatException e) {
                r.warn(f + ":" + lines + ": addresses are not hexadecimal; line skipped");
                continue;
            }
            if (first != 0 || last != 0) {
                anyNonZero = true;
            }
            String name = line.substring(sep + 3).trim();
            if (name.startsWith("PCI Bus ") && U64.le(first, last)) {
                out.add(new BusWindow(new Range(first, last), name.substring("PCI Bus ".length()).trim(), indent == 0));
            }
        }
        if (lines > 0 && !anyNonZero) {
            r.warn(f + ": every address reads as zero (the kernel hides them from unprivileged readers): bridge windows not read; run collect as root");
            return null;
        }
        return out;
    }

    /** Immutable; whether MSIs are isolated according to the chip names of /proc/interrupts, and the evidence. */
    record Isolation(Known isolated, String evidence) {
    }

    /**
     * "IR-" chips (IR-PCI-MSI..., IR-IO-APIC: intel/irq_remapping.c and amd/iommu.c prefix "IR-") mean remapped MSIs; "ITS-" chips
     * are the GICv3 ITS, an isolating MSI controller (irq-gic-v3-its.c IRQ_DOMAIN_FLAG_ISOLATED_MSI); PCI MSI chips with neither
     * mean no isolation. Nothing decisive: unknown.
     */
    static Isolation interrupts(Reads r, Path proc) {
        Optional<String> t = r.text(proc.resolve("interrupts"));
        if (t.isEmpty()) {
            return new Isolation(Known.UNKNOWN, null);
        }
        String isolated = null;
        String plain = null;
        for (String line : t.get().split("\n")) {
            for (String tok : line.trim().split("\\s+")) {
                if (isolated == null && (tok.startsWith("IR-") || tok.startsWith("ITS-"))) {
                    isolated = tok;
                } else if (plain == null && tok.contains("PCI-MSI") && !tok.startsWith("IR-") && !tok.startsWith("ITS-")) {
                    plain = tok;
                }
            }
        }
        if (isolated != null) {
            return new Isolation(Known.YES, "/proc/interrupts: " + isolated + " (remapped or ITS-isolated MSIs)");
        }
        if (plain != null) {
            return new Isolation(Known.NO, "/proc/interrupts: " + plain + " without IR- or ITS- (MSIs not remapped)");
        }
        return new Isolation(Known.UNKNOWN, null);
    }
}
