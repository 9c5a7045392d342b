package org.iovacheck.bench;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engines;
import org.iovacheck.engine.FleetProver;
import org.iovacheck.engine.ProveOutcome;
import org.iovacheck.engine.ProveRunner;
import org.iovacheck.format.FleetReader;
import org.iovacheck.model.Backend;
import org.iovacheck.model.Fleet;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.ParamRegion;
import org.iovacheck.model.PlatformClass;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.ResolvedHost;
import org.iovacheck.model.Source;
import org.iovacheck.plan.PlanResult;
import org.iovacheck.plan.ProvePlans;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.preset.Presets;

/**
 * The issue-6 targets: a fleet of 100,000 hosts with 10 regions each (for-all and one-layout, from reading the fleet file to
 * the answer, under the heap limit the JVM was started with), and a class with three parametric regions over 48-bit ranges
 * (for-all, interval and sat separately). Prints Markdown.
 */
public final class FleetBench {
    private FleetBench() {
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path file = Files.createTempFile("iovacheck-bench", ".fleet");
        try {
            write(file, hosts, 42);
            long maxHeap = Runtime.getRuntime().maxMemory() >> 20;
            System.out.println("## Fleets and classes (prove)");
            System.out.println();
            System.out.printf(Locale.ROOT, "JVM %s, %d cores, heap limit %d MiB; one cold run each, wall time from reading the fleet file.%n%n",
                    Runtime.version(), Runtime.getRuntime().availableProcessors(), maxHeap);
            System.out.println("| question | hosts | distinct ranges | answer | wall s | target |");
            System.out.println("|---|---:|---:|---|---:|---|");
            GuestLayout virt = Presets.byName("qemu-virt").orElseThrow().layout(new PresetArgs(Map.of("ram", "1073741824")));
            long t0 = System.nanoTime();
            List<ResolvedHost> rs = resolve(FleetReader.load(file));
            ProveOutcome all = FleetProver.forAll(rs, virt.mapped(false), Engines.select("default"), Budget.unlimited());
            double s1 = (System.nanoTime() - t0) / 1e9;
            String distinct = all.obligations().get(all.obligations().size() - 1).statement().replaceAll(".* of the (\\d+) distinct.*", "$1");
            System.out.printf(Locale.ROOT, "| for-all, qemu-virt 1G (interval + sat) | %,d | %s | %s | %.2f | < 10 s, < 2 GiB: %s |%n",
                    hosts, distinct, all.verdict(), s1, s1 < 10 && maxHeap <= 2048 ? "PASS" : "MISS");
            long t1 = System.nanoTime();
            List<ResolvedHost> rs2 = resolve(FleetReader.load(file));
            PlanResult one = ProvePlans.oneLayout(Presets.byName("qemu-virt").orElseThrow(), Map.of(), null, 1L << 20, rs2, false,
                    Engines.select("interval"), Engines.select("default"), Budget.unlimited());
            double s2 = (System.nanoTime() - t1) / 1e9;
            System.out.printf(Locale.ROOT, "| one-layout, qemu-virt largest RAM | %,d | %s | %s %s | %.2f | < 10 s, < 2 GiB: %s |%n",
                    hosts, distinct, one.verdict(), one.layout() == null ? "" : String.join(" ", one.layout().vmmOptions()), s2,
                    s2 < 10 && maxHeap <= 2048 ? "PASS" : "MISS");

            PlatformClass c = threeRegionClass();
            GuestLayout big = Presets.byName("qemu-virt").orElseThrow().layout(new PresetArgs(Map.of("ram", "68719476736", "ipa-bits", "48")));
            for (String e : List.of("interval", "sat")) {
                ProveRunner.forAll(c, big.mapped(false), Engines.select(e), Budget.unlimited());
                double ms = Timer.medianMillis(3, 9, () -> ProveRunner.forAll(c, big.mapped(false), Engines.select(e), Budget.unlimited()));
                ProveOutcome o = ProveRunner.forAll(c, big.mapped(false), Engines.select(e), Budget.unlimited());
                String target = e.equals("interval") ? "< 10 ms: " + (ms < 10 ? "PASS" : "MISS") : "< 1 s: " + (ms < 1000 ? "PASS" : "MISS");
                System.out.printf(Locale.ROOT, "| class, 3 parametric regions over 48 bits, qemu-virt 64G (%s only, median of 9) | class | - | %s | %.4f | %s |%n",
                        e, o.verdict(), ms / 1000, target);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static List<ResolvedHost> resolve(Fleet f) {
        List<ResolvedHost> out = new ArrayList<>(f.hosts().size());
        for (Host h : f.hosts()) {
            out.add(HostSemantics.resolve(h, false));
        }
        return out;
    }

    private static PlatformClass threeRegionClass() {
        long gib = 1L << 30;
        return new PlatformClass("three", "", List.of(
                new ParamRegion("doorbell", RegionType.MSI_HW, "0", 1L << 40, (1L << 47) - (1L << 16), 1L << 16, 1L << 16, 1L << 16, false, Source.BUILTIN),
                new ParamRegion("window", RegionType.BRIDGE_WINDOW, null, 1L << 41, 1L << 46, gib, gib, 64 * gib, true, Source.BUILTIN),
                new ParamRegion("reserved", RegionType.RESERVED, "1", 1L << 42, (1L << 47) - gib, 2L << 20, 2L << 20, gib, false, Source.BUILTIN)),
                44, 48, Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, Source.BUILTIN);
    }

    /** 100,000 hosts: the arm software MSI window, the x86 interrupt window and eight 4 KiB-64 KiB ranges between 8 GiB and 16 TiB. */
    private static void write(Path file, int hosts, long seed) throws Exception {
        Random rnd = new Random(seed);
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int h = 0; h < hosts; h++) {
                w.write(String.format(Locale.ROOT, "host h%06d aperture-bits=48%n", h));
                w.write("0x0000000008000000 0x00000000080fffff msi\n");
                w.write("0x00000000fee00000 0x00000000feefffff msi\n");
                for (int i = 0; i < 8; i++) {
                    long a = ((1L << 33) + (long) (rnd.nextDouble() * ((1L << 44) - (1L << 33)))) & ~0xfffL;
                    w.write(String.format(Locale.ROOT, "0x%016x 0x%016x reserved%n", a, a + 0xfff + rnd.nextInt(16) * 0x1000L));
                }
            }
        }
    }
}
