package org.iovacheck.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Describes the machine a run measured: JVM, flags, cores, CPU model, memory and operating system, as Markdown bullets. */
final class Machine {
    private Machine() {
    }

    static List<String> bullets() {
        List<String> out = new ArrayList<>();
        out.add("- JVM: " + System.getProperty("java.vm.name") + " " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + "), flags `"
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()) + "`");
        out.add(String.format(Locale.ROOT, "- cores: %d available to the JVM; max heap %,d MiB", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20));
        out.add("- CPU: " + cpuModel());
        out.add("- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        return out;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }
}
