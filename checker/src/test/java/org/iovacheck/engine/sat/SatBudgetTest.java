package org.iovacheck.engine.sat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.junit.jupiter.api.Test;

/** The sat engine keeps its budget: loading the formula and checking the proof poll it, so it answers UNKNOWN soon after. */
class SatBudgetTest {
    /** A SAFE question with many excluded ranges between two RAM banks: large formula, easy answer. */
    private static CheckQuery manyGaps(int n) {
        List<ReservedRegion> rs = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            long a = 0xC0000000L + i * 0x2000;
            rs.add(new ReservedRegion(new Range(a, a + 0xfff), RegionType.RESERVED, "1", null, new Source("test", (int) i + 1)));
        }
        return new CheckQuery(List.of(new GuestRegion("low", GuestKind.RAM, new Range(0, 0xBFFFFFFFL)),
                new GuestRegion("high", GuestKind.RAM, new Range(0x100000000L, 0x2FFFFFFFFL))), rs, List.of());
    }

    @Test
    void answersUnknownSoonAfterTheBudgetOnALargeFormula() {
        CheckQuery q = manyGaps(120_000);
        for (long budget : new long[] {50, 300}) {
            long t0 = System.nanoTime();
            CheckAnswer a = new SatEngine().check(q, Budget.millis(budget));
            long took = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("budget " + budget + " ms: " + a.verdict() + " after " + took + " ms");
            assertEquals(Verdict.UNKNOWN, a.verdict(), "a 120,000-range formula is not loaded, solved and proof-checked in " + budget + " ms");
            // generous for a loaded machine; before the budget was polled while loading and proof-checking this took seconds
            assertTrue(took < budget + 1_500, "answered after " + took + " ms on a " + budget + " ms budget");
        }
    }

    @Test
    void withTimeEnoughTheSameFormulaIsSafe() {
        CheckAnswer a = new SatEngine().check(manyGaps(2_000), Budget.millis(120_000));
        assertEquals(Verdict.SAFE, a.verdict(), a.evidence().toString());
    }
}
