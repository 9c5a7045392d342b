package org.iovacheck.plan;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.Verdict;
import org.iovacheck.format.InputException;
import org.iovacheck.model.ClassQuestions;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.ParamRegion;
import org.iovacheck.model.PlatformClass;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.ResolvedHost;
import org.iovacheck.model.U64;
import org.iovacheck.preset.Preset;

/**
 * "Every host of the class admits a layout" (for-all-exists) decided exactly, however many position combinations the class
 * has, by counterexample-guided refinement: keep a set of candidate layouts; search for a host (one position per region, the
 * hardest host there: every region present at its largest size, the narrowest aperture) that every candidate meets; place on
 * it; a host where place is INFEASIBLE is the counterexample, else its layout joins the candidates. The search is exact
 * interval arithmetic: the positions of region i that meet a candidate form intervals, and the position axes are split at
 * their ends, so each piece is judged once. When no host defeats every candidate, each host admits one of them: PROVEN, with
 * the candidates as the certificate (each confirmed SAFE by the engines on the host it was found for; for every other host,
 * the interval argument).
 */
public final class ClassEachHost {
    /** Refinement rounds before the answer is UNKNOWN. */
    public static final int MAX_ROUNDS = 2_000;

    private ClassEachHost() {
    }

    /** Immutable; the answer: PROVEN with the covering candidates, COUNTEREXAMPLE with the host and its INFEASIBLE plan, or UNKNOWN. */
    public record Outcome(Verdict verdict, List<ProvePlans.HostPlan> plans, Host counterexample, String hostCount, String note) {
        public Outcome {
            plans = List.copyOf(plans);
        }
    }

    public static Outcome decide(PlatformClass c, Preset p, Map<String, String> settings, Long ram, long granule, boolean p2p,
                                 List<Engine> search, List<Engine> confirm, Budget budget) throws InputException {
        List<ParamRegion> rs = c.regions();
        int n = rs.size();
        long[] counts = new long[n];
        BigInteger total = BigInteger.ONE;
        for (int i = 0; i < n; i++) {
            counts[i] = ClassQuestions.positions(rs.get(i));
            total = total.multiply(counts[i] == 0 ? BigInteger.ONE.shiftLeft(64) : U64.toBig(counts[i])); // 0 is 2^64 positions
        }
        String hosts = total.toString();
        List<long[][][]> cands = new ArrayList<>();
        List<ProvePlans.HostPlan> plans = new ArrayList<>();
        long[] js = new long[n];
        List<ReservedRegion> shadows = new ArrayList<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (budget.expired()) {
                return new Outcome(Verdict.UNKNOWN, plans, null, hosts, "budget exhausted after " + round + " refinement round(s)");
            }
            long[] bases = new long[n];
            for (int i = 0; i < n; i++) {
                bases[i] = rs.get(i).firstBase() + js[i] * rs.get(i).align();
            }
            Host h = ClassQuestions.hostWith(c, bases, c.name() + "-host-" + positionText(js));
            ResolvedHost rh = HostSemantics.resolve(h);
            Target t = new Target(rh.exclusions(), rh.blockers(), p2p, search, confirm, budget);
            PlanResult r = null;
            if (!shadows.isEmpty()) {
                List<ReservedRegion> wider = new ArrayList<>(rh.exclusions());
                wider.addAll(shadows);
                Target away = new Target(wider, rh.blockers(), p2p, search, confirm, budget);
                PlanResult a = ram != null ? Planner.place(p, settings, ram, away) : existence(p, settings, granule, away);
                r = a.verdict() == Verdict.FOUND ? a : null;
            }
            if (r == null) {
                r = ram != null ? Planner.place(p, settings, ram, t) : existence(p, settings, granule, t);
            }
            if (r.verdict() == Verdict.INFEASIBLE) {
                plans.add(new ProvePlans.HostPlan(h, r));
                return new Outcome(Verdict.COUNTEREXAMPLE, plans, h, hosts, "after " + round + " candidate layout(s), host " + h.name()
                        + " meets every one of them and place finds none for it");
            }
            if (r.verdict() != Verdict.FOUND) {
                plans.add(new ProvePlans.HostPlan(h, r));
                return new Outcome(Verdict.UNKNOWN, plans, null, hosts, "place on host " + h.name() + " answered " + r.verdict());
            }
            plans.add(new ProvePlans.HostPlan(h, r));
            long[][][] hits = hits(c, r.layout().mapped(p2p), counts);
            for (int i = 0; i < n; i++) {
                if (contains(hits[i], js[i])) {
                    throw new IllegalStateException("the layout found for " + h.name() + " meets its own region " + rs.get(i).name()
                            + " by interval arithmetic, though check confirmed it SAFE");
                }
            }
            cands.add(hits);
            shadows.addAll(shadow(c, hits, h.name()));
            BitSet all = new BitSet();
            all.set(0, cands.size());
            long[] next = new long[n];
            if (!defeat(cands, counts, 0, all, next, new HashSet<>())) {
                return new Outcome(Verdict.PROVEN, plans, null, hosts, "every one of the " + hosts + " position combinations admits one of these "
                        + cands.size() + " layout(s): no combination meets them all (exact interval arithmetic over the positions of each region, "
                        + "after " + (round + 1) + " refinement round(s)); each layout was confirmed SAFE by check on the host it was found for");
            }
            js = next;
        }
        return new Outcome(Verdict.UNKNOWN, plans, null, hosts, "no decision after " + MAX_ROUNDS + " refinement rounds");
    }

    /**
     * Where a region would have to sit to meet this candidate: a later candidate placed clear of every shadow (when one can be)
     * meets no region position that also meets an earlier one, so a few candidates cover every host. Only a preference:
     * verdicts come from place on the host itself.
     */
    private static List<ReservedRegion> shadow(PlatformClass c, long[][][] hits, String host) {
        List<ReservedRegion> out = new ArrayList<>();
        for (int i = 0; i < hits.length; i++) {
            ParamRegion r = c.regions().get(i);
            for (long[] iv : hits[i]) {
                long a = r.firstBase() + iv[0] * r.align();
                long e = U64.addFits(r.firstBase() + iv[1] * r.align(), r.sizeMax() - 1) ? r.firstBase() + iv[1] * r.align() + (r.sizeMax() - 1) : U64.MAX;
                out.add(new ReservedRegion(new Range(a, e), RegionType.RESERVED, null, "positions of " + r.name() + " that meet the layout for " + host,
                        r.source()));
            }
        }
        return out;
    }

    /** Some RAM size on this host: the largest (the maximisation decides existence), placed again at the smallest size when that fits. */
    private static PlanResult existence(Preset p, Map<String, String> settings, long granule, Target t) throws InputException {
        PlanResult m = Planner.maximize(p, settings, granule, t);
        if (m.verdict() != Verdict.FOUND) {
            return m;
        }
        long smallest = FixedMaximizer.commonMultiple(granule, p.ramStep(settings));
        try {
            PlanResult s = Planner.place(p, settings, smallest, t);
            return s.verdict() == Verdict.FOUND ? s : m;
        } catch (InputException e) {
            return m;
        }
    }

    /** For each region, the position intervals [lo, hi] at which it would meet one of the mapped ranges (empty when it is not excluded). */
    static long[][][] hits(PlatformClass c, List<GuestRegion> mapped, long[] counts) {
        List<ParamRegion> rs = c.regions();
        long[][][] out = new long[rs.size()][][];
        for (int i = 0; i < rs.size(); i++) {
            ParamRegion r = rs.get(i);
            if (r.type() == RegionType.DIRECT_RELAXABLE && c.relaxable() == RelaxablePolicy.KERNEL) {
                out[i] = new long[0][];
                continue;
            }
            List<long[]> iv = new ArrayList<>();
            long first = r.firstBase();
            long size = r.sizeMax();
            for (GuestRegion g : mapped) {
                long a = g.range().first();
                long e = g.range().last();
                if (U64.lt(e, first)) {
                    continue;
                }
                long lo = U64.le(a, first + (size - 1)) ? 0 : ceilDiv(a - (size - 1) - first, r.align());
                long hi = Long.divideUnsigned(e - first, r.align());
                hi = U64.min(hi, counts[i] - 1);
                if (U64.le(lo, hi)) {
                    iv.add(new long[] {lo, hi});
                }
            }
            out[i] = iv.toArray(new long[0][]);
        }
        return out;
    }

    private static long ceilDiv(long v, long d) {
        long q = Long.divideUnsigned(v, d);
        return Long.remainderUnsigned(v, d) == 0 ? q : q + 1;
    }

    private static boolean contains(long[][] ivs, long j) {
        for (long[] iv : ivs) {
            if (U64.le(iv[0], j) && U64.le(j, iv[1])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Positions for regions i.. such that every candidate in {@code left} meets one of them; true with them in {@code out}.
     * Axis i is split at the ends of the candidates' intervals; within a piece the set of candidates region i meets is the same.
     */
    private static boolean defeat(List<long[][][]> cands, long[] counts, int i, BitSet left, long[] out, Set<String> failed) {
        if (left.isEmpty()) {
            for (int k = i; k < counts.length; k++) {
                out[k] = 0;
            }
            return true;
        }
        if (i == counts.length) {
            return false;
        }
        String key = i + ":" + left;
        if (failed.contains(key)) {
            return false;
        }
        TreeSet<Long> cuts = new TreeSet<>(Long::compareUnsigned);
        cuts.add(0L);
        for (int l = left.nextSetBit(0); l >= 0; l = left.nextSetBit(l + 1)) {
            for (long[] iv : cands.get(l)[i]) {
                cuts.add(iv[0]);
                if (U64.lt(iv[1], counts[i] - 1)) {
                    cuts.add(iv[1] + 1);
                }
            }
        }
        for (long j : cuts) {
            BitSet rest = (BitSet) left.clone();
            for (int l = left.nextSetBit(0); l >= 0; l = left.nextSetBit(l + 1)) {
                if (contains(cands.get(l)[i], j)) {
                    rest.clear(l);
                }
            }
            if (defeat(cands, counts, i + 1, rest, out, failed)) {
                out[i] = j;
                return true;
            }
        }
        failed.add(key);
        return false;
    }

    private static String positionText(long[] js) {
        StringBuilder sb = new StringBuilder();
        for (long j : js) {
            sb.append(sb.length() == 0 ? "" : ".").append(Long.toUnsignedString(j));
        }
        return sb.toString();
    }
}
