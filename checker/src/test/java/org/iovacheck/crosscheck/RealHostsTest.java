package org.iovacheck.crosscheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.iovacheck.format.HostLoader;
import org.iovacheck.format.InputException;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.ResolvedHost;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.preset.Presets;
import org.junit.jupiter.api.Test;

/**
 * The real host files in models/hosts against the qemu-virt preset at several RAM sizes, with and without p2p: every engine
 * must agree with the pairwise oracle. The same hosts also pose placement questions: a RAM block of each size, 2 MiB
 * aligned, in the 40-bit space above 1 GiB.
 */
class RealHostsTest {
    private static final String[] RAM = {"128M", "1G", "2G", "2144M", "0x86010000", "0x86010001", "3G", "4G", "8G", "64G", "255G", "512G"};

    @Test
    void everyHostAgainstQemuVirt() throws Exception {
        List<Path> files = hostFiles();
        assertTrue(files.size() >= 8, "host files found: " + files);
        int checks = 0;
        int unsafe = 0;
        for (Path f : files) {
            ResolvedHost host = HostSemantics.resolve(HostLoader.load(f));
            for (String ram : RAM) {
                GuestLayout layout;
                try {
                    layout = Presets.byName("qemu-virt").orElseThrow().layout(PresetArgs.of(ram, List.of()));
                } catch (InputException e) {
                    continue;
                }
                for (boolean p2p : new boolean[] {false, true}) {
                    CheckQuery q = CheckQuery.of(host, layout, p2p);
                    String ctx = f.getFileName() + " ram " + ram + (p2p ? " p2p" : "");
                    if (!Compare.check(q, PairOracle.conflicts(q), ctx).isEmpty()) {
                        unsafe++;
                    }
                    checks++;
                }
            }
        }
        assertTrue(checks >= 100, "checks " + checks);
        assertTrue(unsafe > 0 && unsafe < checks, "the hosts should give both safe and unsafe layouts: " + unsafe + " of " + checks);
    }

    @Test
    void placeRamOnEveryHost() throws Exception {
        long[] sizes = {128L << 20, 1L << 30, 0x86010000L, 4L << 30, 64L << 30, 1L << 39};
        int placed = 0;
        int infeasible = 0;
        for (Path f : hostFiles()) {
            ResolvedHost host = HostSemantics.resolve(HostLoader.load(f));
            for (long size : sizes) {
                for (int align : new int[] {12, 21, 30}) {
                    PlaceQuery q = new PlaceQuery(size, align, new Range(1L << 30, (1L << 40) - 1), host.exclusions());
                    Compare.place(q, PairOracle.lowestBase(q), p -> PairOracle.lowestBase(p).isPresent(), f.getFileName() + " " + q);
                    if (PairOracle.lowestBase(q).isPresent()) {
                        placed++;
                    } else {
                        infeasible++;
                    }
                }
            }
        }
        assertTrue(placed > 0 && infeasible > 0, "placed " + placed + ", infeasible " + infeasible);
    }

    static List<Path> hostFiles() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("models/hosts"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "models/hosts not found above " + Path.of("").toAbsolutePath());
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir.resolve("models/hosts"))) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(out::add);
        }
        return out;
    }
}
