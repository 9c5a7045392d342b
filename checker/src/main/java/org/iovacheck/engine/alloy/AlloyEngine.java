package org.iovacheck.engine.alloy;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.ast.Expr;
import edu.mit.csail.sdg.ast.ExprVar;
import edu.mit.csail.sdg.ast.Func;
import edu.mit.csail.sdg.ast.Sig;
import edu.mit.csail.sdg.parser.CompModule;
import edu.mit.csail.sdg.parser.CompUtil;
import edu.mit.csail.sdg.translator.A4Options;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.A4Tuple;
import edu.mit.csail.sdg.translator.A4TupleSet;
import edu.mit.csail.sdg.translator.TranslateAlloyToKodkod;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kodkod.solvers.SAT4JRef;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.Conflicts;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.Stats;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;

/**
 * Decides a check by Alloy on models/alloy/safety (SAFE: check UNSAT and vacuity run SAT; UNSAFE: the counterexample's pairs);
 * more than {@link #MAX_POINTS} breakpoints, or a budget spent before a solver call, answer UNKNOWN.
 */
public final class AlloyEngine implements Engine {
    /**
     * The largest instance it solves. Measured on the 2-core machine (docs/alloy.md): a SAFE answer (two solver calls) takes
     * about 2 s at 32 breakpoints, 4-8 s at 64 and 12 s or more at 96; the engine is a cross-check, not the fast path.
     */
    public static final int MAX_POINTS = 64;
    /** The model's derived relations written into a counterexample, so the visualizer shows them ($conflicts, ...). */
    private static final Set<String> SHOWN_FUNCTIONS = Set.of("conflicts", "excluded", "mapped");

    @Override
    public String name() {
        return "alloy";
    }

    @Override
    public CheckAnswer check(CheckQuery query, Budget budget) {
        long t0 = System.nanoTime();
        InstanceBinding b = InstanceBinding.of(query);
        if (b.points().size() > MAX_POINTS) {
            return new CheckAnswer(name(), Verdict.UNKNOWN, List.of(), List.of(tooLarge(query, b)), Stats.of(t0, sizes(query, b)));
        }
        return solve(query, b, budget, t0).answer();
    }

    /**
     * The Alloy instance XML of the query's counterexample (A4Solution.writeXML, with the model sources and the binding
     * embedded so the visualizer opens it alone), or empty when the layout is safe or the query is too large for this engine.
     */
    public Optional<String> counterexampleXml(CheckQuery query) {
        InstanceBinding b = InstanceBinding.of(query);
        if (b.points().size() > MAX_POINTS) {
            return Optional.empty();
        }
        return solve(query, b, Budget.unlimited(), System.nanoTime()).xml();
    }

    /** Why the engine does not take this query (sizes included), or empty when it does. */
    public static Optional<String> tooLargeReason(CheckQuery query) {
        InstanceBinding b = InstanceBinding.of(query);
        return b.points().size() > MAX_POINTS ? Optional.of(tooLarge(query, b)) : Optional.empty();
    }

    private static String tooLarge(CheckQuery q, InstanceBinding b) {
        return "instance too large for alloy: " + b.points().size() + " breakpoints (limit " + MAX_POINTS + "), "
                + q.mapped().size() + " DMA-mapped guest regions, " + q.exclusions().size() + " excluded ranges";
    }

    private static Map<String, Long> sizes(CheckQuery q, InstanceBinding b) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("breakpoints", (long) b.points().size());
        m.put("guest-regions", (long) q.mapped().size());
        m.put("excluded-ranges", (long) q.exclusions().size());
        return m;
    }

    private record Solved(CheckAnswer answer, Optional<String> xml) {
    }

    private Solved solve(CheckQuery q, InstanceBinding b, Budget budget, long t0) {
        Map<String, Long> counters = sizes(q, b);
        if (budget.expired()) {
            return new Solved(unknown("time budget exhausted before the first solver call", t0, counters), Optional.empty());
        }
        synchronized (AlloyModels.class) {
            CompModule world = AlloyModels.world();
            Expr binding = CompUtil.parseOneExpression_fromString(world, b.formula());
            SizeReporter rep = new SizeReporter();
            A4Solution sol = execute(world, AlloyModels.CHECK, binding, b, rep);
            long calls = 1;
            boolean counterexample = sol.satisfiable();
            if (!counterexample) {
                if (budget.expired()) {
                    return new Solved(unknown("time budget exhausted after the check, before the vacuity run", t0, counters), Optional.empty());
                }
                sol = execute(world, AlloyModels.RUN, binding, b, rep);
                calls++;
                if (!sol.satisfiable()) {
                    throw new IllegalStateException("alloy: the bound instance contradicts the safety model's facts (vacuity run UNSAT)");
                }
            }
            List<Conflict> conflicts = conflicts(world, sol, b, q);
            if (counterexample == conflicts.isEmpty()) {
                throw new IllegalStateException("alloy: the check found " + (counterexample ? "a counterexample" : "no counterexample")
                        + " but the instance has " + conflicts.size() + " conflicting pair(s)");
            }
            Verdict v = verdict(world, sol);
            Verdict expected = !q.blockers().isEmpty() ? Verdict.NO_LAYOUT : conflicts.isEmpty() ? Verdict.SAFE : Verdict.UNSAFE;
            if (v != expected) {
                throw new IllegalStateException("alloy: the model's verdict " + v + " differs from its conflicts and blockers (" + expected + ")");
            }
            counters.put("solver-calls", calls);
            counters.put("sat-variables", rep.variables);
            counters.put("sat-clauses", rep.clauses);
            String evidence = counterexample
                    ? "counterexample to assertion safeLayout: " + conflicts.size() + " conflicting pair(s) read from the instance"
                    : "assertion safeLayout holds for the bound instance (check UNSAT, vacuity run SAT)";
            CheckAnswer answer = new CheckAnswer(name(), v, conflicts, List.of(evidence), Stats.of(t0, counters));
            return new Solved(answer, counterexample ? Optional.of(xml(world, sol, b)) : Optional.empty());
        }
    }

    private CheckAnswer unknown(String why, long t0, Map<String, Long> counters) {
        return new CheckAnswer(name(), Verdict.UNKNOWN, List.of(), List.of(why), Stats.of(t0, counters));
    }

    /** The template command with the binding conjoined and the exact scopes of the bound instance. */
    private static A4Solution execute(CompModule world, String label, Expr binding, InstanceBinding b, A4Reporter rep) {
        Map<String, Sig> sigs = new HashMap<>();
        for (Sig s : world.getAllReachableSigs()) {
            sigs.put(s.label.substring(s.label.lastIndexOf('/') + 1), s);
        }
        for (Command c : world.getAllCommands()) {
            if (c.label.equals(label)) {
                int guests = b.guestVars().size();
                int excls = b.exclusionVars().size();
                Command cmd = c.change(c.formula.and(binding))
                        .change(sigs.get("Point"), true, b.points().size())
                        .change(sigs.get("Range"), true, guests + excls)
                        .change(sigs.get("GuestRegion"), true, guests)
                        .change(sigs.get("HostRegion"), true, excls)
                        .change(sigs.get("Group"), true, b.groups())
                        .change(sigs.get("Blocker"), true, b.blockers());
                return TranslateAlloyToKodkod.execute_command(rep, world.getAllReachableSigs(), cmd, options());
            }
        }
        throw new IllegalStateException("alloy: the root module has no command " + label);
    }

    static A4Options options() {
        A4Options o = new A4Options();
        o.solver = SAT4JRef.INSTANCE;
        o.noOverflow = true;
        return o;
    }

    private static List<Conflict> conflicts(CompModule world, A4Solution sol, InstanceBinding b, CheckQuery q) {
        Map<String, String> varOfAtom = new HashMap<>();
        for (ExprVar skolem : sol.getAllSkolems()) {
            String var = skolem.label.substring(skolem.label.indexOf('_') + 1);
            for (A4Tuple t : (A4TupleSet) sol.eval(skolem)) {
                varOfAtom.put(t.atom(0), var);
            }
        }
        A4TupleSet pairs = (A4TupleSet) sol.eval(CompUtil.parseOneExpression_fromString(world, "conflicts"));
        List<Conflict> out = new ArrayList<>();
        for (A4Tuple t : pairs) {
            int g = indexOf(b.guestVars(), varOfAtom.get(t.atom(0)), t.atom(0));
            int x = indexOf(b.exclusionVars(), varOfAtom.get(t.atom(1)), t.atom(1));
            out.add(Conflict.of(q.mapped().get(g), q.exclusions().get(x)));
        }
        out.sort(Conflicts.ORDER);
        return out;
    }

    private static int indexOf(List<String> vars, String var, String atom) {
        int i = var == null ? -1 : vars.indexOf(var);
        if (i < 0) {
            throw new IllegalStateException("alloy: atom " + atom + " of the conflicts relation is not a bound region");
        }
        return i;
    }

    private static Verdict verdict(CompModule world, A4Solution sol) {
        boolean noLayout = holds(world, sol, "verdictNoLayout");
        boolean unsafe = holds(world, sol, "verdictUnsafe");
        boolean safe = holds(world, sol, "verdictSafe");
        if ((noLayout ? 1 : 0) + (unsafe ? 1 : 0) + (safe ? 1 : 0) != 1) {
            throw new IllegalStateException("alloy: the model's verdict predicates do not pick exactly one verdict");
        }
        return noLayout ? Verdict.NO_LAYOUT : unsafe ? Verdict.UNSAFE : Verdict.SAFE;
    }

    private static boolean holds(CompModule world, A4Solution sol, String pred) {
        return (Boolean) sol.eval(CompUtil.parseOneExpression_fromString(world, pred));
    }

    private static String xml(CompModule world, A4Solution sol, InstanceBinding b) {
        List<Func> macros = new ArrayList<>();
        for (CompModule module : world.getAllReachableModules()) {
            for (Func f : module.getAllFunc()) {
                if (f.count() == 0 && !f.isPred && SHOWN_FUNCTIONS.contains(f.label.substring(f.label.lastIndexOf('/') + 1))) {
                    macros.add(f);
                }
            }
        }
        Map<String, String> files = new java.util.TreeMap<>(AlloyModels.sources()); // by file name: same bytes every run
        files.put("binding.als", b.comment() + "\n// conjoined with the command's formula:\n" + b.formula() + "\n");
        StringWriter w = new StringWriter();
        try (PrintWriter pw = new PrintWriter(w)) {
            sol.writeXML(pw, macros, files);
        }
        return w.toString();
    }

    /** Records the size of the last SAT problem Alloy built. */
    private static final class SizeReporter extends A4Reporter {
        long variables;
        long clauses;

        @Override
        public void solve(int plength, int primaryVars, int totalVars, int clauses) {
            this.variables = totalVars;
            this.clauses = clauses;
        }
    }
}
