package org.iovacheck.bench;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.PlaceQuery;
import org.iovacheck.model.Range;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;
import org.sosy_lab.common.ShutdownManager;
import org.sosy_lab.common.configuration.Configuration;
import org.sosy_lab.common.log.LogManager;
import org.sosy_lab.java_smt.SolverContextFactory;
import org.sosy_lab.java_smt.api.BooleanFormula;
import org.sosy_lab.java_smt.api.BooleanFormulaManager;
import org.sosy_lab.java_smt.api.IntegerFormulaManager;
import org.sosy_lab.java_smt.api.Model;
import org.sosy_lab.java_smt.api.NumeralFormula.IntegerFormula;
import org.sosy_lab.java_smt.api.ProverEnvironment;
import org.sosy_lab.java_smt.api.SolverContext;
import org.sosy_lab.java_smt.api.SolverContext.ProverOptions;

/**
 * SMTInterpol through JavaSMT, in-process, as a peer. JavaSMT offers no bit-vector theory for SMTInterpol, so the formulas
 * are the SMT-LIB ones in linear integer arithmetic: 0 <= x <= 2^64 - 1, x = 2^k * y for alignment, and the same folded
 * constants. A run creates the solver context, builds the formula through the API, solves and reads the model; a timer
 * requests JavaSMT's cooperative shutdown when the limit passes.
 */
final class SmtInterpolLia implements Peer {
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "smtinterpol-limit");
        t.setDaemon(true);
        return t;
    });
    private String version = "";

    @Override
    public String name() {
        return version.isEmpty() ? "SMTInterpol (LIA)" : "SMTInterpol " + version + " (LIA)";
    }

    @Override
    public String unavailableReason() {
        try (SolverContext ctx = context(ShutdownManager.create())) {
            version = ctx.getVersion().replaceFirst("(?i)^smtinterpol\\s*", "");
            return "";
        } catch (Exception | LinkageError e) {
            return "JavaSMT could not start SMTInterpol: " + e;
        }
    }

    @Override
    public Run prepare(Instance in) {
        return limit -> solve(in, limit);
    }

    /** Creates a context and a prover and decides "true": JavaSMT's and SMTInterpol's fixed cost per run. */
    @Override
    public Run trivial() {
        return limit -> {
            long t0 = System.nanoTime();
            try (SolverContext ctx = context(ShutdownManager.create()); ProverEnvironment prover = ctx.newProverEnvironment()) {
                prover.addConstraint(ctx.getFormulaManager().getBooleanFormulaManager().makeTrue());
                return prover.isUnsat() ? PeerResult.unsat(ms(t0)) : PeerResult.sat(null, ms(t0));
            }
        };
    }

    private PeerResult solve(Instance in, long limitMillis) throws Exception {
        ShutdownManager stop = ShutdownManager.create();
        long t0 = System.nanoTime();
        ScheduledFuture<?> alarm = timer.schedule(() -> stop.requestShutdown("limit"), limitMillis, TimeUnit.MILLISECONDS);
        try (SolverContext ctx = context(stop); ProverEnvironment prover = ctx.newProverEnvironment(ProverOptions.GENERATE_MODELS)) {
            IntegerFormulaManager im = ctx.getFormulaManager().getIntegerFormulaManager();
            BooleanFormulaManager bm = ctx.getFormulaManager().getBooleanFormulaManager();
            IntegerFormula v = im.makeVariable(in.check() != null ? "a" : "x");
            prover.addConstraint(im.lessOrEquals(im.makeNumber(0), v));
            prover.addConstraint(im.lessOrEquals(v, im.makeNumber(U64_MAX)));
            for (BooleanFormula f : in.check() != null ? check(in.check(), im, bm, v) : place(in.place(), im, bm, v)) {
                prover.addConstraint(f);
            }
            boolean unsat = prover.isUnsat();
            if (unsat) {
                return PeerResult.unsat(ms(t0));
            }
            try (Model m = prover.getModel()) {
                BigInteger value = m.evaluate(v);
                return PeerResult.sat(value == null ? null : value.longValue(), ms(t0));
            }
        } catch (InterruptedException e) {
            return new PeerResult(PeerResult.Status.TIMEOUT, null, ms(t0), "JavaSMT shutdown requested at " + limitMillis + " ms");
        } finally {
            alarm.cancel(false);
        }
    }

    private static List<BooleanFormula> place(PlaceQuery q, IntegerFormulaManager im, BooleanFormulaManager bm, IntegerFormula x) {
        List<BooleanFormula> out = new ArrayList<>(q.forbidden().size() + 3);
        IntegerFormula y = im.makeVariable("y");
        out.add(im.equal(x, im.multiply(im.makeNumber(q.alignment()), y)));
        long span = q.length() - 1;
        Range allowed = q.allowed();
        if (U64.lt(allowed.last(), span)) {
            out.add(bm.makeFalse());
            return out;
        }
        out.add(im.lessOrEquals(num(im, allowed.first()), x));
        out.add(im.lessOrEquals(x, num(im, allowed.last() - span)));
        for (ReservedRegion w : q.forbidden()) {
            Range r = w.range();
            List<BooleanFormula> either = new ArrayList<>(2);
            if (U64.le(q.length(), r.first())) {
                either.add(im.lessOrEquals(x, num(im, r.first() - q.length())));
            }
            if (r.last() != U64.MAX) {
                either.add(im.greaterOrEquals(x, num(im, r.last() + 1)));
            }
            out.add(bm.or(either));
        }
        return out;
    }

    private static List<BooleanFormula> check(CheckQuery q, IntegerFormulaManager im, BooleanFormulaManager bm, IntegerFormula a) {
        List<BooleanFormula> guest = new ArrayList<>();
        for (GuestRegion g : q.mapped()) {
            guest.add(within(im, bm, a, g.range()));
        }
        List<BooleanFormula> windows = new ArrayList<>();
        for (ReservedRegion w : q.exclusions()) {
            windows.add(within(im, bm, a, w.range()));
        }
        return List.of(bm.or(guest), bm.or(windows));
    }

    private static BooleanFormula within(IntegerFormulaManager im, BooleanFormulaManager bm, IntegerFormula a, Range r) {
        return bm.and(im.lessOrEquals(num(im, r.first()), a), im.lessOrEquals(a, num(im, r.last())));
    }

    private static IntegerFormula num(IntegerFormulaManager im, long unsigned) {
        return im.makeNumber(U64.toBig(unsigned));
    }

    private static SolverContext context(ShutdownManager stop) throws Exception {
        return SolverContextFactory.createSolverContext(Configuration.defaultConfiguration(), LogManager.createNullLogManager(),
                stop.getNotifier(), SolverContextFactory.Solvers.SMTINTERPOL);
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
