package org.iovacheck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.iovacheck.bench.ProcessRun.Sample;

/**
 * The fleet row of the whole-process bench (issue 16, "fleets of a million"): {@code prove --fleet} over a .fleet file written
 * by {@link FleetGen} (10^6 hosts of 1,000 configurations, fewer when the run's sizes stop below 10^6), as a user runs it
 * through the launcher with a 1 GiB heap; wall time, CPU time and max RSS against the target of 30 s and 1 GiB.
 */
final class ProcessFleet {
    /** The fleet: a million hosts. */
    static final int HOSTS = 1_000_000;
    private static final int DISTINCT = 1_000;

    private ProcessFleet() {
    }

    /**
     * The fleet table for a run whose largest size is {@code largest} (the fleet has min(10^6, largest) hosts), {@code runs}
     * runs (interleaving is moot: one command), each stopped after {@code timeout} seconds.
     */
    static List<String> table(String launcher, Path dir, int largest, int runs, long timeout) throws Exception {
        int hosts = Math.min(HOSTS, largest);
        int distinct = Math.min(DISTINCT, hosts);
        Path fleet = dir.resolve("hosts.fleet");
        List<String> out = new ArrayList<>();
        out.add("| hosts | distinct | question | answer | wall s | CPU s | max RSS MiB | target: < 30 s, < 1 GiB | runs |");
        out.add("|---:|---:|---|---|---:|---:|---:|---|---:|");
        try {
            System.err.printf(Locale.ROOT, "fleet: writing %,d hosts (%,d distinct)%n", hosts, distinct);
            FleetGen.main(new String[] {"fleet", fleet.toString(), String.valueOf(hosts), String.valueOf(distinct)});
            List<String> cmd = List.of(launcher, "prove", "--fleet", fleet.toString(), "--guest", "qemu-q35", "--ram", "4G");
            List<Sample> s = new ArrayList<>();
            for (int k = 0; k < runs; k++) {
                Sample one = ProcessRun.time(dir, cmd, List.of("IOVACHECK_JAVA_OPTS=-Xmx1g"), timeout);
                s.add(one);
                if (one.stopped()) {
                    out.add(String.format(Locale.ROOT, "| %,d | %,d | for-all, qemu-q35 4G | | > %d (stopped) | | | MISS | %d |", hosts, distinct,
                            timeout, s.size()));
                    return out;
                }
                // This guest is safe on every FleetGen host (its firmware-reserved ranges lie above 8 GiB, its USB RMRR is
                // direct-relaxable, which the kernel lets VFIO map, and the interrupt window is not RAM): anything but
                // PROVEN, exit 0, is a failure of the run, not a figure.
                if (one.exit() != 0 || !one.firstLine().equals("verdict: PROVEN")) {
                    throw new IllegalStateException("prove --fleet over " + hosts + " hosts: exit " + one.exit() + ", " + one.firstLine());
                }
            }
            Sample m = ProcessRun.median(s);
            double mib = m.rssKb() / 1024.0;
            boolean pass = hosts == HOSTS && m.wall() < 30 && mib < 1024;
            out.add(String.format(Locale.ROOT, "| %,d | %,d | for-all, qemu-q35 4G (`prove --fleet F --guest qemu-q35 --ram 4G`, `-Xmx1g`) | PROVEN "
                    + "| %.2f | %.2f | %.0f | %s | %d |", hosts, distinct, m.wall(), m.cpu(), mib,
                    hosts < HOSTS ? "not judged (fewer hosts)" : pass ? "PASS" : "MISS", s.size()));
            System.err.println(out.get(out.size() - 1));
            return out;
        } finally {
            Files.deleteIfExists(fleet);
        }
    }
}
