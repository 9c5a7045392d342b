package org.iovacheck.format.collect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iovacheck.format.InputException;
import org.iovacheck.model.Known;

/**
 * Reads a saved kernel log ({@code dmesg} or {@code journalctl -k} output): the Arm SMMUv3 probe line
 * {@code arm-smmu-v3 <device>: ias N-bit, oas M-bit (features 0x...)} (arm-smmu-v3.c arm_smmu_device_hw_probe) and the
 * interrupt-remapping lines of the x86 drivers (intel/irq_remapping.c "Enabled IRQ remapping", amd/init.c
 * "Interrupt remapping enabled").
 */
final class DmesgReader {
    private static final Pattern SMMU = Pattern.compile(
            "arm-smmu-v3 (\\S+): ias (\\d+)-bit, oas (\\d+)-bit(?: \\(features 0x([0-9a-fA-F]+)\\))?");

    private DmesgReader() {
    }

    /** Immutable; one SMMUv3 probe line: the platform device name, ias, oas, features (-1 when absent) and its line number. */
    record SmmuLine(String device, int ias, int oas, long features, int line) {
    }

    static List<SmmuLine> smmu(String text, String file) throws InputException {
        List<SmmuLine> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = SMMU.matcher(lines[i]);
            if (m.find()) {
                int ias = Integer.parseInt(m.group(2));
                int oas = Integer.parseInt(m.group(3));
                if (ias < 1 || ias > 64 || oas < 1 || oas > 64) {
                    throw new InputException(file, i + 1, "SMMU address sizes out of range (1..64 bits): " + m.group());
                }
                long features = m.group(4) == null ? -1 : Long.parseLong(m.group(4), 16);
                out.add(new SmmuLine(m.group(1), ias, oas, features, i + 1));
            }
        }
        return out;
    }

    /** YES with the line when the log says interrupt remapping is on; NO when it says it is off or unsupported; else UNKNOWN. */
    static ProcReader.Isolation interruptRemapping(String text) {
        for (String l : text.split("\n")) {
            if (l.contains("Enabled IRQ remapping") || l.contains("Interrupt remapping enabled")) {
                return new ProcReader.Isolation(Known.YES, "kernel log: " + l.trim());
            }
        }
        for (String l : text.split("\n")) {
            if (l.contains("No interrupt remapping support") || l.contains("Not enabling interrupt remapping")) {
                return new ProcReader.Isolation(Known.NO, "kernel log: " + l.trim());
            }
        }
        return new ProcReader.Isolation(Known.UNKNOWN, null);
    }
}
