package org.iovacheck.engine.sat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.iovacheck.cert.Certificate;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * Mutable, single use; finds every (guest, excluded) pair sharing an address by SAT: each model's witness segment is validated
 * and its pairs blocked, until a proof-checked UNSAT says no pair is left (encoding in docs/engines.md, "sat").
 */
final class CheckSolver {
    /** Immutable; the pairs found, the verified refutation (empty only when the budget ran out) and counters. */
    record Result(List<Conflict> conflicts, Optional<Certificate> refutation, boolean complete, int variables, int clauses, int calls,
                  int segments, List<String> witnesses) {
    }

    private final CheckQuery query;
    private final BooleanSupplier expired;

    CheckSolver(CheckQuery query, BooleanSupplier expired) {
        this.query = query;
        this.expired = expired;
    }

    Result run(Consumer<Certificate> certificates) {
        List<GuestRegion> gs = query.mapped();
        List<ReservedRegion> rs = query.exclusions();
        int n = gs.size();
        int m = rs.size();
        long[] points = new long[2 * (n + m)];
        int count = 0;
        for (int i = 0; i < n + m; i++) {
            Range r = range(i);
            points[count++] = r.first();
            if (r.last() != U64.MAX) {
                points[count++] = r.last() + 1;
            }
        }
        Breakpoints bp = Breakpoints.of(points, count, U64.MAX, 1);
        // A region variable only implies "the address lies in the region": with the converse, blocking one pair would also
        // hide every other pair that shares its addresses.
        int regionBase = bp.variables() + 1;
        int firstAux = bp.variables() + n + m + 1;
        int variables = firstAux - 1 + AtLeastOne.auxiliaries(n) + AtLeastOne.auxiliaries(m);
        SatSession s = new SatSession(variables, true, expired);
        bp.addChain(s);
        for (int i = 0; i < n + m; i++) {
            Range r = range(i);
            int v = regionBase + i;
            int from = bp.segmentOf(r.first());
            int to = bp.segmentOf(r.last());
            for (int lit : bp.outside(from, to)) {
                s.add(-v, -lit);
            }
        }
        int[] anyGuest = new int[n];
        for (int g = 0; g < n; g++) {
            anyGuest[g] = regionBase + g;
        }
        int nextAux = AtLeastOne.add(s, anyGuest, firstAux);
        int[] anyReserved = new int[m];
        for (int r = 0; r < m; r++) {
            anyReserved[r] = regionBase + n + r;
        }
        AtLeastOne.add(s, anyReserved, nextAux);

        List<Conflict> found = new ArrayList<>();
        Set<Long> blocked = new HashSet<>();
        List<String> witnesses = new ArrayList<>();
        while (true) {
            SatSession.Result res = s.solve();
            if (res == SatSession.Result.UNKNOWN) {
                return new Result(found, Optional.empty(), false, variables, s.clauses(), s.calls(), bp.segments(), witnesses);
            }
            if (res == SatSession.Result.UNSAT) {
                String claim = "no DMA-mapped guest region shares an address with an excluded host range"
                        + (found.isEmpty() ? "" : " besides the " + found.size() + " pair(s) found");
                Optional<Certificate> cert = s.refutation(claim);
                cert.ifPresent(certificates);
                return new Result(found, cert, cert.isPresent(), variables, s.clauses(), s.calls(), bp.segments(), witnesses);
            }
            int seg = bp.decode(s);
            Range witness = new Range(bp.first(seg), bp.last(seg));
            List<Integer> inG = new ArrayList<>();
            List<Integer> inR = new ArrayList<>();
            for (int g = 0; g < n; g++) {
                if (s.value(regionBase + g)) {
                    inG.add(g);
                }
            }
            for (int r = 0; r < m; r++) {
                if (s.value(regionBase + n + r)) {
                    inR.add(r);
                }
            }
            int before = found.size();
            for (int g : inG) {
                for (int r : inR) {
                    GuestRegion gr = gs.get(g);
                    ReservedRegion rr = rs.get(r);
                    if (!gr.range().contains(witness) || !rr.range().contains(witness)) {
                        throw new SatInternalError("witness segment " + witness + " does not lie in both " + gr.name() + " " + gr.range()
                                + " and " + rr.range());
                    }
                    if (blocked.add(((long) g << 32) | r)) {
                        found.add(Conflict.of(gr, rr));
                        s.add(-(regionBase + g), -(regionBase + n + r));
                    }
                }
            }
            if (found.size() == before) {
                throw new SatInternalError("a model at " + witness + " revealed no new pair although every found pair is blocked");
            }
            witnesses.add(witness.toString());
        }
    }

    private Range range(int i) {
        int n = query.mapped().size();
        return i < n ? query.mapped().get(i).range() : query.exclusions().get(i - n).range();
    }
}
