package org.iovacheck.engine.alloy;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.ast.Func;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The third engine: binds the query to models/alloy/safety as a fully fixed instance over compressed breakpoints and lets
 * Alloy (Pardinus, SAT4J, overflow prevention on) decide the safety assertion; the conflicting pairs are read back from the
 * solution. SAFE needs both an unsatisfiable check and a satisfiable run of the same instance. Instances with more than
 * {@link #MAX_POINTS} breakpoints answer UNKNOWN; the budget is polled between solver calls, not during one.
 */
public final class AlloyEngine implements Engine {
    /**
     * The largest instance it solves. Measured on the 2-core reference machine (docs/alloy.md): a bound instance of 64
     * breakpoints takes well under a second, 128 several seconds; the engine is a cross-check, not the fast path.
     */
    public static final int MAX_POINTS = 4096;
    /** The model's derived relations written into a counterexample, so the visualizer shows them ($conflicts, ...). */
    private static final java.util.Set<String> SHOWN_FUNCTIONS = java.util.Set.of("conflicts", "excluded", "mapped");

    @Override
    public String name() {
        return "alloy";
    }

    @Override
    public CheckAnswer check(CheckQuery query, Budget budget) {
        long t0 = System.nanoTime();
        Optional<Solved> s = solve(query, budget, t0);
        return s.map(Solved::answer).orElseGet(() -> tooLarge(query, t0));
    }

    /**
     * The Alloy instance XML of the query's counterexample (A4Solution.writeXML, model sources embedded so the visualizer opens
     * it alone), or empty when the layout is safe or the instance is too large for this engine.
     */
    public Optional<String> counterexampleXml(CheckQuery query) {
        return solve(query, Budget.unlimited(), System.nanoTime()).flatMap(Solved::xml);
    }

    /** Whether the engine takes this query, and if not why (for messages). */
    public static Optional<String> tooLargeReason(CheckQuery query) {
        int points = InstanceModule.of(query).points().size();
        if (points <= MAX_POINTS) {
            return Optional.empty();
        }
        return Optional.of("instance too large for alloy: " + points + " breakpoints (limit " + MAX_POINTS + "), "
                + query.mapped().size() + " DMA-mapped guest regions, " + query.exclusions().size() + " excluded ranges");
    }

    private record Solved(CheckAnswer answer, Optional<String> xml) {
    }

    private Optional<Solved> solve(CheckQuery q, Budget budget, long t0) {
        InstanceModule m = InstanceModule.of(q);
        if (m.points().size() > MAX_POINTS) {
            return Optional.empty();
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("breakpoints", (long) m.points().size());
        counters.put("guest-regions", (long) q.mapped().size());
        counters.put("excluded-ranges", (long) q.exclusions().size());
        if (budget.expired()) {
            return Optional.of(new Solved(unknown("time budget exhausted before the model was parsed", t0, counters), Optional.empty()));
        }
        Map<String, String> files = new LinkedHashMap<>();
        CompModule world = AlloyModels.parse(m.text(), files);
        SizeReporter rep = new SizeReporter();
        A4Solution sol = execute(world, InstanceModule.CHECK, rep);
        long solverCalls = 1;
        boolean counterexample = sol.satisfiable();
        if (!counterexample) {
            if (budget.expired()) {
                return Optional.of(new Solved(unknown("time budget exhausted after the check, before the vacuity run", t0, counters),
                        Optional.empty()));
            }
            sol = execute(world, InstanceModule.RUN, rep);
            solverCalls++;
            if (!sol.satisfiable()) {
                throw new IllegalStateException("alloy: the bound instance contradicts the safety model's facts (vacuity run UNSAT)");
            }
        }
        List<Conflict> conflicts = conflicts(world, sol, m, q);
        if (counterexample == conflicts.isEmpty()) {
            throw new IllegalStateException("alloy: the check found " + (counterexample ? "a counterexample" : "no counterexample")
                    + " but the instance has " + conflicts.size() + " conflicting pair(s)");
        }
        Verdict v = verdict(world, sol);
        Verdict expected = !q.blockers().isEmpty() ? Verdict.NO_LAYOUT : conflicts.isEmpty() ? Verdict.SAFE : Verdict.UNSAFE;
        if (v != expected) {
            throw new IllegalStateException("alloy: the model's verdict " + v + " differs from its conflicts and blockers (" + expected + ")");
        }
        counters.put("solver-calls", solverCalls);
        counters.put("sat-variables", rep.variables);
        counters.put("sat-clauses", rep.clauses);
        List<String> evidence = List.of(counterexample
                ? "counterexample to assertion safeLayout: " + conflicts.size() + " conflicting pair(s) read from the instance"
                : "assertion safeLayout holds on the bound instance (check UNSAT, vacuity run SAT)");
        CheckAnswer answer = new CheckAnswer(name(), v, conflicts, evidence, Stats.of(t0, counters));
        return Optional.of(new Solved(answer, counterexample ? Optional.of(xml(world, sol, files)) : Optional.empty()));
    }

    private CheckAnswer tooLarge(CheckQuery q, long t0) {
        int points = InstanceModule.of(q).points().size();
        return new CheckAnswer(name(), Verdict.UNKNOWN, List.of(), List.of(tooLargeReason(q).orElseThrow()),
                Stats.of(t0, Map.of("breakpoints", (long) points, "guest-regions", (long) q.mapped().size(),
                        "excluded-ranges", (long) q.exclusions().size())));
    }

    private CheckAnswer unknown(String why, long t0, Map<String, Long> counters) {
        return new CheckAnswer(name(), Verdict.UNKNOWN, List.of(), List.of(why), Stats.of(t0, counters));
    }

    private static A4Solution execute(CompModule world, String label, A4Reporter rep) {
        for (Command c : world.getAllCommands()) {
            if (c.label.equals(label)) {
                return TranslateAlloyToKodkod.execute_command(rep, world.getAllReachableSigs(), c, options());
            }
        }
        throw new IllegalStateException("alloy: the instance module has no command " + label);
    }

    static A4Options options() {
        A4Options o = new A4Options();
        o.solver = SAT4JRef.INSTANCE;
        o.noOverflow = true;
        return o;
    }

    private static List<Conflict> conflicts(CompModule world, A4Solution sol, InstanceModule m, CheckQuery q) {
        A4TupleSet pairs = (A4TupleSet) sol.eval(CompUtil.parseOneExpression_fromString(world, "conflicts"));
        List<Conflict> out = new ArrayList<>();
        for (A4Tuple t : pairs) {
            int g = indexOf(m.guestSigs(), t.atom(0));
            int x = indexOf(m.exclusionSigs(), t.atom(1));
            out.add(Conflict.of(q.mapped().get(g), q.exclusions().get(x)));
        }
        out.sort(Conflicts.ORDER);
        return out;
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

    /** The atom "Guest3_ram$0" of the one sig "Guest3_ram" is the sig's index in the list. */
    private static int indexOf(List<String> sigs, String atom) {
        int dollar = atom.indexOf('$');
        int i = sigs.indexOf(dollar < 0 ? atom : atom.substring(0, dollar));
        if (i < 0) {
            throw new IllegalStateException("alloy: unexpected atom " + atom + " in the conflicts relation");
        }
        return i;
    }

    private static String xml(CompModule world, A4Solution sol, Map<String, String> files) {
        List<Func> macros = new ArrayList<>();
        for (CompModule module : world.getAllReachableModules()) {
            for (Func f : module.getAllFunc()) {
                if (f.count() == 0 && !f.isPred && SHOWN_FUNCTIONS.contains(f.label.substring(f.label.lastIndexOf('/') + 1))) {
                    macros.add(f);
                }
            }
        }
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
