package org.iovacheck.crosscheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;
import org.junit.jupiter.api.Test;

/**
 * Exhaustive enumeration at an 8-bit address width: every guest range against fixed window sets, and every block length and
 * alignment under several limits; each answer of every engine is compared with brute force over all 256 addresses.
 */
class ExhaustiveWidth8Test {
    private static final int BITS = 8;
    private static final long SPACE = 1L << BITS;

    @Test
    void everyGuestRangeAgainstBruteForce() {
        long seed = Seeds.seed(8);
        Random rnd = new Random(seed);
        int instances = 0;
        for (int set = 0; set < 2; set++) {
            List<ReservedRegion> windows = Instances.windows(rnd, BITS, 3 + set * 3);
            for (long a = 0; a < SPACE; a += 1 + set) {
                for (long b = a; b < SPACE; b += 1 + set) {
                    List<GuestRegion> guest = List.of(new GuestRegion("ram", GuestKind.RAM, new Range(a, b)));
                    List<Blocker> blockers = instances % 17 == 0 ? List.of(new Blocker(windows.get(0), "test")) : List.of();
                    CheckQuery q = new CheckQuery(guest, windows, blockers);
                    Compare.check(q, BruteForce.conflicts(q, SPACE), Seeds.replay("ExhaustiveWidth8Test", seed, "set " + set));
                    instances++;
                }
            }
        }
        assertTrue(instances > 10_000, "instances " + instances);
    }

    @Test
    void everyLengthAndAlignmentAgainstBruteForce() {
        long seed = Seeds.seed(88);
        Random rnd = new Random(seed);
        int instances = 0;
        long[][] limits = {{0, SPACE - 1}, {16, 200}, {3, 250}, {0, 127}, {129, SPACE - 1}};
        for (int set = 0; set < 5; set++) {
            List<ReservedRegion> windows = Instances.windows(rnd, BITS, 1 + set * 2);
            Range allowed = new Range(limits[set][0], limits[set][1]);
            for (int k = 0; k <= BITS; k++) {
                for (long len = 1; len <= SPACE; len++) {
                    PlaceQuery q = new PlaceQuery(len, k, allowed, windows);
                    Compare.place(q, BruteForce.lowestBase(q, SPACE), p -> BruteForce.lowestBase(p, 2 * SPACE).isPresent(),
                            Seeds.replay("ExhaustiveWidth8Test", seed, "set " + set));
                    instances++;
                }
            }
        }
        assertTrue(instances > 10_000, "instances " + instances);
    }
}
