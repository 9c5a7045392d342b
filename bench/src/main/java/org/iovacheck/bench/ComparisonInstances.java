package org.iovacheck.bench;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.PlaceQuery;

/**
 * The engine-versus-peer instances: for each window count and address width, a SAFE and an UNSAFE guest layout (four RAM
 * regions; the unsafe one covers 1 + 3 windows) and a FOUND and an INFEASIBLE placement of a 1 GiB block aligned to 2 MiB.
 * Seeded by count and width only, so every run measures the same instances.
 */
final class ComparisonInstances {
    static final int[] WINDOW_COUNTS = {10, 100, 1_000, 4_096, 100_000};
    static final int[] BITS = {48, 64};
    static final int UNSAFE_CONFLICTS = 4;

    private ComparisonInstances() {
    }

    static List<Instance> all() {
        List<Instance> out = new ArrayList<>();
        for (int n : WINDOW_COUNTS) {
            for (int bits : BITS) {
                out.addAll(of(n, bits));
            }
        }
        return out;
    }

    /** The four instances at n windows and the given width, in {@link Question} order. */
    static List<Instance> of(int n, int bits) {
        long seed = 1_000_003L * n + bits;
        Windows narrow = Windows.generate(n, bits, 0, seed);
        Windows wide = Windows.generate(n, bits, 3, seed);
        int a = n / 10;
        int b = 3 * n / 10;
        int c = 5 * n / 10;
        int d = 7 * n / 10;
        List<GuestRegion> safe = List.of(narrow.ram("ram0", a, a), narrow.ram("ram1", b, b), narrow.ram("ram2", c, c),
                narrow.ram("ram3", d, d));
        List<GuestRegion> unsafe = List.of(narrow.ram("ram0", a, a), narrow.ram("ram1", b, b), narrow.ram("ram2", c, c + 1),
                narrow.ram("ram3", d, d + 3));
        return List.of(
                new Instance(n, bits, Question.CHECK_SAFE, new CheckQuery(safe, narrow.list(), List.of()), null, 0),
                new Instance(n, bits, Question.CHECK_UNSAFE, new CheckQuery(unsafe, narrow.list(), List.of()), null, UNSAFE_CONFLICTS),
                new Instance(n, bits, Question.PLACE_FOUND, null, place(wide), 0),
                new Instance(n, bits, Question.PLACE_INFEASIBLE, null, place(narrow), 0));
    }

    private static PlaceQuery place(Windows w) {
        return new PlaceQuery(Windows.BLOCK, Windows.ALIGN_LOG2, w.allowed(), w.list());
    }
}
