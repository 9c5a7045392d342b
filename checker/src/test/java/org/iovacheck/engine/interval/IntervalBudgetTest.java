package org.iovacheck.engine.interval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.engine.BanksAnswer;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.PlaceAnswer;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.junit.jupiter.api.Test;

/**
 * First fit over 10,000 windows [16i, 16i + 7] with 16-byte blocks aligned to 16: every base below 160,000 meets window i, so
 * the search takes 10,000 gap steps. With the time spent it answers UNKNOWN (never a block, never INFEASIBLE); with time it
 * finds the first base after the last window.
 */
class IntervalBudgetTest {
    private static List<ReservedRegion> comb() {
        List<ReservedRegion> rs = new ArrayList<>();
        for (int i = 0; i < 10000; i++) {
            rs.add(new ReservedRegion(new Range(i * 16L, i * 16L + 7), RegionType.RESERVED, "1", "w" + i, Source.BUILTIN));
        }
        return rs;
    }

    @Test
    void placeAnswersUnknownWhenTheBudgetIsSpent() {
        PlaceQuery q = new PlaceQuery(16, 4, Range.ALL, comb());
        PlaceAnswer spent = new IntervalEngine().place(q, new Budget(System.nanoTime() - 1));
        assertEquals(Verdict.UNKNOWN, spent.verdict());
        assertTrue(spent.block().isEmpty() && spent.blockingWindows().isEmpty() && spent.blockingLimits().isEmpty());
        PlaceAnswer found = new IntervalEngine().place(q, Budget.unlimited());
        assertEquals(Verdict.FOUND, found.verdict());
        assertEquals(new Range(160000, 160015), found.block().orElseThrow());
    }

    @Test
    void banksAnswerUnknownWhenTheBudgetIsSpent() {
        MultiPlaceQuery q = new MultiPlaceQuery(2, 16, 4, Range.ALL, comb());
        BanksAnswer spent = new IntervalEngine().placeBanks(q, new Budget(System.nanoTime() - 1));
        assertEquals(Verdict.UNKNOWN, spent.verdict());
        assertTrue(spent.bases().isEmpty() && spent.blockingWindows().isEmpty() && spent.blockingLimits().isEmpty());
        BanksAnswer found = new IntervalEngine().placeBanks(q, Budget.unlimited());
        assertEquals(Verdict.FOUND, found.verdict());
        assertEquals(List.of(160000L, 160016L), found.bases());
    }
}
