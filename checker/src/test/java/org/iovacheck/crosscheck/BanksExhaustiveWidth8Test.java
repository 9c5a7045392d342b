package org.iovacheck.crosscheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;
import org.junit.jupiter.api.Test;

/**
 * Several banks at an 8-bit address width: for window sets and limits, every bank count up to 3, every alignment and a spread
 * of lengths, both engines must match brute force over every ascending vector of aligned bases (feasibility and the
 * lexicographically smallest vector); blocking sets are judged by a dynamic program over bases below 2^10 (windows lie below
 * 2^8, so when the banks fit at all, first fit puts three banks of at most 256 bytes, aligned to at most 256, below 1024).
 */
class BanksExhaustiveWidth8Test {
    private static final int SPACE = 1 << 8;
    private static final int DP_BOUND = 1 << 10;
    private static final long[] LENGTHS = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 50, 64, 85, 100, 127, 128, 129, 200, 256};

    @Test
    void everyBankCountAlignmentAndLengthAgainstBruteForce() {
        long seed = Seeds.seed(808);
        System.out.println("BanksExhaustiveWidth8Test: seed " + seed);
        Random rnd = new Random(seed);
        long[][] limits = {{0, SPACE - 1}, {16, 200}, {3, 250}, {0, 127}, {129, SPACE - 1}, {0, SPACE - 1}};
        int[] windowCounts = {0, 1, 3, 5, 8, 2};
        int instances = 0;
        int infeasible = 0;
        for (int set = 0; set < limits.length; set++) {
            List<ReservedRegion> windows = Instances.windows(rnd, 8, windowCounts[set]);
            Range allowed = new Range(limits[set][0], limits[set][1]);
            for (int banks = 1; banks <= 3; banks++) {
                for (int k = 0; k <= 8; k++) {
                    for (long len : LENGTHS) {
                        MultiPlaceQuery q = new MultiPlaceQuery(banks, len, k, allowed, windows);
                        Optional<long[]> expected = BankOracle.lowestByEnumeration(q, SPACE);
                        Verdict v = BankOracle.compare(q, expected, p -> BankOracle.feasibleByDp(p, DP_BOUND),
                                Seeds.replay("BanksExhaustiveWidth8Test", seed, "set " + set));
                        instances++;
                        if (v == Verdict.INFEASIBLE) {
                            infeasible++;
                        }
                    }
                }
            }
        }
        assertTrue(instances > 2000 && infeasible > 200 && instances - infeasible > 200, instances + " instances, " + infeasible + " infeasible");
    }
}
