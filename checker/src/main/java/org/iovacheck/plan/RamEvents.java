package org.iovacheck.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iovacheck.engine.Verdict;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.preset.RamPieces;
import org.iovacheck.preset.SizeText;

/**
 * Stateless; the largest safe RAM of layouts that are affine in RAM piece by piece ({@link RamPieces}), exactly, by jumping
 * from one event point to the next instead of judging every size.
 *
 * <p>The argument. Within a piece, with A..B the sizes the VMM accepts there, every DMA-mapped region's first address is
 * s(r) = s(B) - σ (B - r) and its last e(r) = e(B) - τ (B - r), σ, τ in {-1, 0, +1} (measured at A and B and checked at the
 * middle and at every size judged). Judge the real layout at r, starting at B. If it is safe, r is the answer for the piece
 * (nothing above it is left). Otherwise take any region meeting an excluded range X = [x, y] at r. Going down by d bytes of
 * RAM, the region still meets X while s(r) + σ d <= y (always when σ >= 0; for σ = -1 while d <= y - s(r)) and
 * e(r) - τ d >= x (always when τ <= 0; for τ = +1 while d <= e(r) - x): so every size in (r - δ, r] is unsafe, δ the least
 * of those bounds (none: every smaller size of the piece is unsafe). The sizes (r - δ, r] of every region in conflict are
 * unsafe, so the next size judged is the largest multiple of the granule at or below r - δ, δ the greatest over them. Every size skipped is unsafe, every size judged is judged
 * on its real layout, and r falls by a granule at least each step: the first safe size met is the largest of the piece.
 * Each step moves some region's moving end past an excluded range's end, so the steps are at most regions x ranges per
 * piece (the event points), not the sizes. Pieces are done from the highest down; the first piece with a safe size holds
 * the answer.
 */
final class RamEvents {
    private RamEvents() {
    }

    /**
     * The largest safe RAM in [granule, cap], a multiple of granule, above {@code above} (0: any), over the declared pieces;
     * INFEASIBLE when no size above {@code above} is safe, UNKNOWN when the budget ran out.
     */
    static RamBisection.Largest largest(Preset p, Map<String, String> settings, long granule, long cap, RamPieces pieces, long above, Target t)
            throws InputException {
        List<Long> starts = new ArrayList<>();
        starts.add(granule);
        for (long b : pieces.starts()) {
            long r = Long.remainderUnsigned(b, granule);
            long a = r == 0 ? b : (U64.addFits(b, granule - r) ? b + (granule - r) : 0);
            if (a != 0 && U64.lt(granule, a) && U64.le(a, cap)) {
                starts.add(a);
            }
        }
        starts.sort(Long::compareUnsigned);
        starts = starts.stream().distinct().toList();
        long judged = 0;
        int piecesDone = 0;
        ReservedRegion blocking = null;
        for (int i = starts.size() - 1; i >= 0; i--) {
            long pLo = starts.get(i);
            long pHi = i + 1 < starts.size() ? starts.get(i + 1) - granule : cap;
            if (!U64.lt(above, pHi)) {
                break;
            }
            if (U64.lt(pLo, above + granule)) {
                pLo = above + granule;
            }
            if (U64.lt(pHi, pLo)) {
                continue;
            }
            piecesDone++;
            GuestLayout hiL = tryLayout(p, settings, pHi);
            GuestLayout loL = pLo == pHi ? hiL : tryLayout(p, settings, pLo);
            long lo = pLo;
            if (hiL == null && loL == null) {
                continue;
            }
            if (hiL == null) {
                pHi = edge(p, settings, granule, pLo, pHi, true);
                hiL = layout(p, settings, pHi);
            } else if (loL == null) {
                lo = edge(p, settings, granule, pLo, pHi, false);
                loL = layout(p, settings, lo);
            }
            Lines lines = lines(p, loL.mapped(t.p2p()), lo, hiL.mapped(t.p2p()), pHi);
            if (U64.lt(granule, pHi - lo)) {
                long mid = lo + U64.alignDown((pHi - lo) / 2, granule);
                lines.fits(layout(p, settings, mid).mapped(t.p2p()), mid, p);
            }
            List<GuestRegion> mapped = hiL.mapped(t.p2p());
            long r = pHi;
            while (true) {
                if (t.budget().expired()) {
                    return new RamBisection.Largest(Verdict.UNKNOWN, 0, List.of(), "budget exhausted after judging " + judged
                            + " sizes at event points in " + piecesDone + " of " + starts.size() + " pieces");
                }
                judged++;
                if (r != pHi) {
                    mapped = layout(p, settings, r).mapped(t.p2p());
                    lines.fits(mapped, r, p);
                }
                long step = 0;
                boolean safe = true;
                for (GuestRegion g : mapped) {
                    Optional<ReservedRegion> x = t.index().firstMeeting(g.range());
                    if (x.isEmpty()) {
                        continue;
                    }
                    safe = false;
                    blocking = x.get();
                    long d = lines.escape(g, x.get());
                    if (d == 0) {
                        step = 0;
                        break;
                    }
                    step = U64.max(step, d);
                }
                if (safe) {
                    return new RamBisection.Largest(Verdict.FOUND, r, List.of(), "exact search of " + starts.size() + " pieces of RAM where the layout of "
                            + p.name() + " moves by at most one byte per byte of RAM (" + judged + " sizes judged at the event points where a region's"
                            + " moving end reaches a reserved range; every size skipped meets one)");
                }
                if (step == 0 || !U64.lt(step, r - lo + 1)) {
                    break;
                }
                r = lo + U64.alignDown(r - step - lo, granule);
            }
        }
        return new RamBisection.Largest(Verdict.INFEASIBLE, granule, blocking == null ? List.of() : List.of(blocking),
                "no RAM size from " + SizeText.of(U64.max(granule, above + granule)) + " to " + SizeText.of(cap) + " in " + SizeText.of(granule)
                + " steps is safe: exact search of " + starts.size() + " pieces where the layout of " + p.name() + " moves by at most one byte per"
                + " byte of RAM (" + judged + " sizes judged at the event points; every size skipped meets a reserved range or is refused)");
    }

    /**
     * Within [lo, hi], where exactly one end is accepted and (by the declaration) the accepted sizes are an interval holding
     * that end: its other end, by bisection.
     */
    private static long edge(Preset p, Map<String, String> s, long granule, long lo, long hi, boolean loAccepted) {
        long x = 0;
        long y = Long.divideUnsigned(hi - lo, granule);
        while (y - x > 1) {
            long m = x + (y - x) / 2;
            if (FixedMaximizer.accepts(p, s, lo + m * granule) == loAccepted) {
                x = m;
            } else {
                y = m;
            }
        }
        return loAccepted ? lo + x * granule : lo + y * granule;
    }

    private static GuestLayout tryLayout(Preset p, Map<String, String> s, long ram) {
        try {
            return layout(p, s, ram);
        } catch (InputException | ArithmeticException e) {
            return null;
        }
    }

    private static GuestLayout layout(Preset p, Map<String, String> s, long ram) throws InputException {
        return p.layout(new PresetArgs(Planner.with(s, "ram", Long.toUnsignedString(ram))));
    }

    private static Lines lines(Preset p, List<GuestRegion> at, long a, List<GuestRegion> bt, long b) {
        Map<String, long[]> m = new HashMap<>();
        for (GuestRegion g : bt) {
            if (m.put(g.name(), new long[] {g.range().first(), g.range().last(), 0, 0}) != null) {
                throw wrong(p, "two regions named " + g.name() + " at " + SizeText.of(b));
            }
        }
        if (at.size() != bt.size()) {
            throw wrong(p, "the regions at " + SizeText.of(a) + " and " + SizeText.of(b) + " differ");
        }
        long d = b - a;
        for (GuestRegion g : at) {
            long[] v = m.get(g.name());
            if (v == null) {
                throw wrong(p, g.name() + " is mapped at " + SizeText.of(a) + " but not at " + SizeText.of(b));
            }
            v[2] = slope(p, v[0] - g.range().first(), d, g.name());
            v[3] = slope(p, v[1] - g.range().last(), d, g.name());
        }
        return new Lines(b, m);
    }

    private static long slope(Preset p, long moved, long d, String name) {
        if (moved == 0 || d == 0) {
            return 0;
        }
        if (moved == d) {
            return 1;
        }
        if (moved == -d) {
            return -1;
        }
        throw wrong(p, name + " moves by " + moved + " bytes over " + d + " bytes of RAM");
    }

    private static IllegalStateException wrong(Preset p, String what) {
        return new IllegalStateException(p.name() + " declares its layouts affine in RAM within a piece, but " + what);
    }

    /** Each region's ends at size {@code b} and their slopes (per byte of RAM). */
    private record Lines(long b, Map<String, long[]> ends) {
        /** Throws when the layout at r is not on the lines measured at the piece's ends. */
        void fits(List<GuestRegion> mapped, long r, Preset p) {
            if (mapped.size() != ends.size()) {
                throw wrong(p, "the regions at " + SizeText.of(r) + " are not those at the piece's ends");
            }
            long back = b - r;
            for (GuestRegion g : mapped) {
                long[] v = ends.get(g.name());
                if (v == null || g.range().first() != v[0] - v[2] * back || g.range().last() != v[1] - v[3] * back) {
                    throw wrong(p, g.name() + " at " + SizeText.of(r) + " is " + g.range() + ", off the line through the piece's ends");
                }
            }
        }

        /** δ: going down by fewer bytes of RAM than this, region g still meets x; 0 when it meets x at every smaller size. */
        long escape(GuestRegion g, ReservedRegion x) {
            long[] v = ends.get(g.name());
            long best = 0;
            if (v[2] == -1) {
                best = x.range().last() - g.range().first() + 1;
            }
            if (v[3] == 1) {
                long e = g.range().last() - x.range().first() + 1;
                best = best == 0 || (e != 0 && U64.lt(e, best)) ? e : best;
            }
            return best;
        }
    }
}
