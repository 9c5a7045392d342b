package org.iovacheck.crosscheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;
import org.junit.jupiter.api.Test;

/**
 * Seeded random several-bank questions over 8, 16, 40 and 64-bit spaces (edge values favoured, up to 40 banks): both
 * engines must agree with the naive rescan oracle on the verdict and the vector, and at 8 bits with brute force. Blocking
 * sets are checked to block and to be minimal with the rescan oracle. The seed is printed; replay one run with
 * -Diovacheck.seed=N, and -Diovacheck.soak=true runs fifty times as many instances.
 */
class BanksCrossCheckRandomTest {
    private static final int[] WIDTHS = {8, 16, 40, 64};
    private static final int SCALE = Seeds.soak() ? 50 : 1;

    @Test
    void engineAnswersAgreeWithTheOracles() {
        long seed = Seeds.seed(20260301L);
        System.out.println("BanksCrossCheckRandomTest: seed " + seed + " (replay with -Diovacheck.seed=" + seed + ")");
        Random rnd = new Random(seed);
        int instances = 2500 * SCALE;
        int found = 0;
        int infeasible = 0;
        for (int i = 0; i < instances; i++) {
            int bits = WIDTHS[rnd.nextInt(WIDTHS.length)];
            int banks = rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(40) : 1 + rnd.nextInt(4);
            List<ReservedRegion> windows = Instances.windows(rnd, bits, rnd.nextInt(rnd.nextInt(6) == 0 ? 60 : 14));
            int align = rnd.nextInt(3) == 0 ? rnd.nextInt(64) : rnd.nextInt(Math.min(bits, 12) + 1);
            long length = Math.max(1, Instances.value(rnd, rnd.nextInt(bits) + 1) >>> rnd.nextInt(Math.max(1, bits / 2)));
            Range allowed = rnd.nextInt(4) == 0 ? Range.ALL : Instances.range(rnd, bits);
            if (!fitsIn64Bits(banks, length, align)) {
                continue;
            }
            if (rnd.nextInt(5) == 0) {
                windows = tile(rnd, windows, bits, length);
            }
            MultiPlaceQuery q = new MultiPlaceQuery(banks, length, align, allowed, windows);
            String ctx = Seeds.replay("BanksCrossCheckRandomTest", seed, "instance " + i);
            Optional<long[]> expected = BankOracle.lowestByRescan(q);
            if (bits == 8 && banks <= 3 && U64.lt(allowed.last(), 256)) {
                Optional<long[]> brute = BankOracle.lowestByEnumeration(q, 256);
                assertEquals(brute.map(BankOracle::hex), expected.map(BankOracle::hex), ctx + ": the rescan oracle disagrees with brute force");
            }
            Verdict v = BankOracle.compare(q, expected, p -> BankOracle.lowestByRescan(p).isPresent(), ctx);
            if (v == Verdict.FOUND) {
                found++;
            } else {
                infeasible++;
            }
        }
        assertTrue(found > 300 && infeasible > 300, found + " found, " + infeasible + " infeasible");
    }

    /** Adds windows spaced less than a bank apart over a stretch, so that long chains of windows block together. */
    private static List<ReservedRegion> tile(Random rnd, List<ReservedRegion> windows, int bits, long length) {
        List<ReservedRegion> out = new ArrayList<>(windows);
        long mask = U64.maskBits(bits);
        long x = Instances.value(rnd, bits);
        long step = Math.max(1, length >>> 1);
        int n = 2 + rnd.nextInt(30);
        for (int i = 0; i < n && U64.addFits(x, step) && U64.le(x + step, mask); i++) {
            long size = 1 + (rnd.nextInt(4) == 0 ? step / 2 : rnd.nextInt(3));
            if (!U64.addFits(x, size - 1)) {
                break;
            }
            out.add(new ReservedRegion(Range.ofSize(x, size), RegionType.RESERVED, null, "t" + i, Instances.source()));
            x += step + (rnd.nextBoolean() ? 0 : rnd.nextInt((int) Math.min(step, 1 << 20)));
        }
        return out;
    }

    private static boolean fitsIn64Bits(int banks, long length, int align) {
        BigInteger stride = U64.toBig((length - 1) >>> align).add(BigInteger.ONE);
        BigInteger top = U64.toBig((U64.MAX - (length - 1)) >>> align);
        return BigInteger.valueOf(banks - 1L).multiply(stride).compareTo(top) <= 0;
    }
}
