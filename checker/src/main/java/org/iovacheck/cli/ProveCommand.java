package org.iovacheck.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.Engines;
import org.iovacheck.engine.FleetProver;
import org.iovacheck.engine.ProveOutcome;
import org.iovacheck.engine.ProveRunner;
import org.iovacheck.engine.Verdict;
import org.iovacheck.format.InputException;
import org.iovacheck.format.Numbers;
import org.iovacheck.format.PlatformClassReader;
import org.iovacheck.model.ClassQuestions;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.PlatformClass;
import org.iovacheck.model.ResolvedHost;
import org.iovacheck.plan.ClassEachHost;
import org.iovacheck.plan.PlanResult;
import org.iovacheck.plan.Planner;
import org.iovacheck.plan.ProvePlans;
import org.iovacheck.plan.Target;
import org.iovacheck.preset.Guests;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.preset.Presets;
import org.iovacheck.report.ProveRender;
import org.iovacheck.report.ProveReport;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prove}: a layout safe on every host of a class or fleet; one layout for all; some layout for each. */
@Command(name = "prove", mixinStandardHelpOptions = true, header = "Prove a layout safe on every host of a class or fleet; one layout for all; a layout for each.", sortOptions = false,
        description = {"Reason over every host of a platform class (regions with ranges of bases, sizes and presence) or of a",
                "fleet (a list of concrete hosts), exactly, not by sampling:",
                "  (default)     for all hosts: is this guest layout safe on every one?",
                "  --one-layout  is there one layout, within the preset's freedom, safe on all of them (the fleet memory map)?",
                "  --each-host   does every host admit some layout within the preset's freedom?",
                "A failure yields one concrete host, re-checked as a plain host and (with --save-counterexample) saved.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  iovacheck prove --class models/platforms/bypass-doorbell.yaml --guest qemu-virt --ram 1G",
                "  iovacheck prove --fleet models/fleets/arm64-servers --guest qemu-virt --one-layout",
                "  iovacheck prove --class models/platforms/bypass-doorbell.yaml --guest kvmtool-arm64 --ram 2G --each-host",
                "", "Exit codes: 0 PROVEN or FOUND, 1 COUNTEREXAMPLE or INFEASIBLE, 2 usage or input error, 3 UNKNOWN, 70 internal error."})
final class ProveCommand implements Callable<Integer> {
    /** Positions an each-host run over a class may enumerate, and ranges a class coverage may list. */
    static final long MAX_CLASS_HOSTS = 100_000;
    static final long MAX_COVERAGE = 2_000_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Subject subject;

    static final class Subject {
        @Option(names = "--class", paramLabel = "FILE", description = "A platform class file (YAML), see docs/formats.md.")
        Path classFile;

        @Option(names = "--fleet", paramLabel = "PATH", description = {"A fleet: a directory of hosts, a .fleet file, or host files; repeat to join several."})
        List<Path> fleet;
    }

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--one-layout", description = "Find one layout safe on every host (exists-for-all).")
        boolean oneLayout;

        @Option(names = "--each-host", description = "Show that every host admits some layout (for-all-exists).")
        boolean eachHost;
    }

    @Option(names = "--guest", required = true, paramLabel = "PRESET|FILE", description = "A VMM preset (or, for all hosts, a layout file, a libvirt domain XML or a QEMU command line file).")
    String guest;

    @Option(names = "--ram", paramLabel = "SIZE", description = "Guest RAM; with --one-layout or --each-host omitted means the largest.")
    String ram;

    @Option(names = "--granule", paramLabel = "SIZE", defaultValue = "1M", description = "RAM step for largest-RAM searches. Default: ${DEFAULT-VALUE}.")
    String granule;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A preset parameter (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--p2p", description = "Also DMA-map PCI BAR windows.")
    boolean p2p;

    @Option(names = "--proof", paramLabel = "DIR",
            description = {"Write the CNF and DRUP proof of every UNSAT answer of the sat engine behind the verdict (an infeasible "
                    + "placement, one step above a maximum, a safe check) to DIR as unsat-HASH.cnf and .drup; existing files are never "
                    + "replaced. Re-check with 'iovacheck verify-proof'."})
    Path proofDir;

    @Option(names = "--save-counterexample", arity = "0..1", paramLabel = "DIR", fallbackValue = "counterexamples",
            description = "Save a counterexample host and the guest as replayable files under DIR (default: counterexamples).")
    Path saveDir;



    @CommandLine.Mixin
    CommonOptions common = new CommonOptions();

    private final Receipts receipt = new Receipts();

    @Override
    public Integer call() throws InputException {
        common.validate();
        HtmlFile.preflightFolder("--save-counterexample", saveDir);
        List<Engine> engines = common.engines();
        List<org.iovacheck.cert.Certificate> certificates = new ArrayList<>();
        if (proofDir != null) {
            engines = ProofFiles.collecting(engines, certificates);
        }
        Budget budget = common.budget();
        ProveReport report = mode.oneLayout || mode.eachHost ? planned(engines, budget) : forAll(engines, budget);
        if (proofDir != null) {
            ProofFiles.write(proofDir, certificates, spec.commandLine().getErr()).forEach(receipt::certificate);
        }
        RunGuard.phase("rendering the answer");
        receipt.file(guest);
        if (report.forAll() != null) {
            for (var ob : report.forAll().obligations()) {
                receipt.engines(ob.answers(), ob.subject());
            }
        }
        if (report.plan() != null && report.plan().confirm() != null) {
            receipt.engines(report.plan().confirm().answers(), "the layout found");
        }
        if (report.saved() != null) {
            Counterexamples.files(report.saved()).forEach(receipt::certificate);
        }
        RunGuard.printAnswer(spec.commandLine().getOut(), common.json() ? ProveRender.json(report, receipt.build(spec)) : ProveRender.text(report));
        return ExitCodes.of(report.verdict());
    }

    private ProveReport forAll(List<Engine> engines, Budget budget) throws InputException {
        GuestLayout configLayout = configLayout();
        if (subject.classFile != null) {
            GuestLayout layout = configLayout != null ? configLayout : Guests.resolve(guest, PresetArgs.of(ram, sets));
            PlatformClass c = PlatformClassReader.load(subject.classFile);
            receipt.file(subject.classFile.toString());
            ProveOutcome o = ProveRunner.forAll(c, layout.mapped(p2p), engines, budget);
            Path saved = save(o, layout, c.name(), "class " + c.name() + " (" + c.source() + ")");
            return new ProveReport("for-all", "class", c.name(), c.source().file(), ClassQuestions.positionCount(c, Long.MAX_VALUE / 2),
                    layout.origin(), layout, o.verdict(), o, null, null, saved, List.of());
        }
        FleetInput f = fleet();
        org.iovacheck.preset.HostDefaults.Applied defaults = org.iovacheck.preset.HostDefaults.apply(guest, PresetArgs.parseSets(sets), f.cpuSamples);
        GuestLayout layout = configLayout != null ? configLayout : Guests.resolve(guest, PresetArgs.of(ram, defaults.settings()));
        ProveOutcome o = proveFleet(f, layout, engines, budget);
        Path saved = save(o, layout, f.name, "fleet " + f.name);
        List<String> notes = concat(defaults.notes(), f.widthNotes());
        notes.addAll(f.classNotes());
        if (o.counterexample() != null) {
            notes.add(f.standsFor(o.counterexample().name()));
        }
        return new ProveReport("for-all", "fleet", f.name, f.source, f.hostCount(), layout.origin(), layout, o.verdict(), o,
                null, null, saved, notes);
    }

    private ProveOutcome proveFleet(FleetInput f, GuestLayout layout, List<Engine> engines, Budget budget) throws InputException {
        RunGuard.phase("proving over the fleet");
        try {
            return FleetProver.forAll(f.classes, layout.mapped(p2p), engines, budget, f::reread);
        } catch (FleetInput.Reread e) {
            throw e.cause;
        }
    }

    /**
     * The layout of a configuration given as --guest, or null for a preset or layout file. A class or fleet has no one host whose
     * CPU vendor and physical address bits KVM would pass on: the layout's notes say what is assumed.
     */
    private GuestLayout configLayout() throws InputException {
        org.iovacheck.format.config.GuestConfig config = GuestInput.config(guest, List.of());
        if (config == null) {
            return null;
        }
        if (ram != null) {
            throw InputException.option("--ram", "the " + config.syntax().label() + " fixes the RAM");
        }
        return org.iovacheck.preset.ConfigGuest.resolve(config, org.iovacheck.model.HostCpu.UNKNOWN, PresetArgs.parseSets(sets)).layout();
    }

    private ProveReport planned(List<Engine> engines, Budget budget) throws InputException {
        Preset p = Presets.byName(guest).orElseThrow(() -> InputException.option("--guest", "'" + guest
                + "' is not a preset; --one-layout and --each-host search a VMM's freedom"));
        Map<String, String> settings = settings();
        long g = granule();
        Long r = ram == null ? null : size(ram);
        List<Engine> search = Engines.select("interval");
        String mode = this.mode.oneLayout ? "one-layout" : "each-host";
        List<String> notes = new ArrayList<>();
        if (subject.classFile != null) {
            PlatformClass c = PlatformClassReader.load(subject.classFile);
            receipt.file(subject.classFile.toString());
            if (this.mode.oneLayout) {
                List<org.iovacheck.model.ReservedRegion> cover;
                try {
                    cover = ClassQuestions.coverage(c, MAX_COVERAGE);
                } catch (ClassQuestions.TooManyPositions e) {
                    return unknown(mode, "class", c.name(), c.source().file(), List.of(e.getMessage()));
                }
                ResolvedHost worst = HostSemantics.resolve(ClassQuestions.instantiate(c, null, 0, c.apertureMinBits()));
                Target t = new Target(cover, worst.blockers(), p2p, search, engines, budget);
                PlanResult plan = r == null ? Planner.maximize(p, settings, g, t) : Planner.place(p, settings, r, t);
                ProveOutcome reproof = null;
                if (plan.verdict() == Verdict.FOUND) {
                    reproof = ProveRunner.forAll(c, plan.layout().mapped(p2p), engines, budget);
                    if (reproof.verdict() != Verdict.PROVEN) {
                        throw new IllegalStateException("the one-layout answer does not re-prove for all hosts of " + c.name() + ": " + reproof.verdict());
                    }
                    notes.add("the layout was re-proved safe on every host of the class (obligations below)");
                }
                return new ProveReport(mode, "class", c.name(), c.source().file(), ClassQuestions.positionCount(c, Long.MAX_VALUE / 2), p.name(),
                        plan.layout(), plan.verdict(), reproof, plan, null, null, notes);
            }
            long n = ClassQuestions.positionCount(c, MAX_CLASS_HOSTS);
            if (n < 0) {
                return refined(p, settings, r, g, c, engines, budget, notes);
            }
            List<Host> hosts = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                hosts.add(ClassQuestions.hostAt(c, i));
            }
            notes.add("each of the " + n + " position combinations was tried with every region present at its largest size and the narrowest aperture (any other host of the class excludes less)");
            return eachHost(p, settings, r, g, hosts, engines, budget, "class", c.name(), c.source().file(), notes);
        }
        FleetInput f = fleet();
        org.iovacheck.preset.HostDefaults.Applied defaults = org.iovacheck.preset.HostDefaults.apply(p.name(), settings, f.cpuSamples);
        settings = new java.util.LinkedHashMap<>(defaults.settings());
        notes.addAll(defaults.notes());
        notes.addAll(f.widthNotes());
        notes.addAll(f.classNotes());
        if (this.mode.oneLayout) {
            PlanResult plan = ProvePlans.oneLayout(p, settings, r, g, f.classes, p2p, search, engines, budget);
            ProveOutcome reproof = null;
            if (plan.verdict() == Verdict.FOUND) {
                reproof = proveFleet(f, plan.layout(), engines, budget);
                if (reproof.verdict() != Verdict.PROVEN) {
                    throw new IllegalStateException("the fleet memory map does not re-prove on every host: " + reproof.verdict());
                }
                notes.add("the layout was re-proved safe on every host of the fleet (obligations below)");
            }
            return new ProveReport(mode, "fleet", f.name, f.source, f.hostCount(), p.name(), plan.layout(), plan.verdict(),
                    reproof, plan, null, null, notes);
        }
        Progress progress = Progress.start(spec.commandLine().getErr(), "each-host", f.classes.classes().size());
        List<ProvePlans.HostPlan> plans;
        try {
            plans = ProvePlans.eachClass(p, settings, r, g, f.classes, p2p, search, engines, budget, progress::step);
        } finally {
            progress.done();
        }
        ProvePlans.HostPlan last = plans.get(plans.size() - 1);
        if (last.plan().verdict() == Verdict.INFEASIBLE) {
            notes.add(f.standsFor(last.host().name()));
        }
        return eachHostReport(p, settings, r, plans, f.hostCount(), "fleet", f.name, f.source, notes,
                h -> f.reread(f.classes.byFirstName(h.name())));
    }

    private ProveReport eachHost(Preset p, Map<String, String> settings, Long r, long g, List<Host> hosts, List<Engine> engines, Budget budget,
                                 String kind, String name, String source, List<String> notes) throws InputException {
        Progress progress = Progress.start(spec.commandLine().getErr(), "each-host", hosts.size());
        List<ProvePlans.HostPlan> plans;
        try {
            plans = ProvePlans.eachHost(p, settings, r, g, hosts, p2p, Engines.select("interval"), engines, budget, progress::step);
        } finally {
            progress.done();
        }
        return eachHostReport(p, settings, r, plans, hosts.size(), kind, name, source, notes, h -> h);
    }

    private ProveReport eachHostReport(Preset p, Map<String, String> settings, Long r, List<ProvePlans.HostPlan> plans, long hostCount,
                                       String kind, String name, String source, List<String> notes,
                                       java.util.function.UnaryOperator<Host> full) throws InputException {
        ProvePlans.HostPlan last = plans.get(plans.size() - 1);
        Verdict v = switch (last.plan().verdict()) {
            case FOUND -> Verdict.PROVEN;
            case INFEASIBLE -> Verdict.COUNTEREXAMPLE;
            default -> Verdict.UNKNOWN;
        };
        Path saved = null;
        if (v == Verdict.COUNTEREXAMPLE && saveDir != null) {
            GuestLayout probe = Guests.resolve(p.name(), new PresetArgs(r == null ? settings : withRam(settings, r)));
            Host h;
            try {
                h = full.apply(last.host());
            } catch (FleetInput.Reread e) {
                throw e.cause;
            }
            saved = saveHost(h, probe, name, "no layout of " + p.name() + " fits host " + last.host().name() + " of " + kind + " " + name);
        }
        List<ProvePlans.HostPlan> shown = v == Verdict.PROVEN && plans.size() > 20 ? plans.subList(0, 20) : plans;
        if (shown.size() < plans.size()) {
            notes.add(plans.size() - shown.size() + " more " + (kind.equals("fleet") ? "distinct " : "") + "host(s) admit a layout (use --format json for all)");
        }
        return new ProveReport("each-host", kind, name, source, hostCount, p.name(), null, v, null, null,
                v == Verdict.PROVEN && common.json() ? plans : shown, saved, notes);
    }

    /** --each-host over a class with more position combinations than are enumerated: counterexample-guided refinement. */
    private ProveReport refined(Preset p, Map<String, String> settings, Long r, long g, PlatformClass c, List<Engine> engines, Budget budget,
                                List<String> notes) throws InputException {
        ClassEachHost.Outcome o = ClassEachHost.decide(c, p, settings, r, g, p2p, Engines.select("interval"), engines, budget);
        notes.add("the class has " + o.hostCount() + " hosts that differ in region positions (more than the " + MAX_CLASS_HOSTS
                + " enumerated one by one), each taken with every region present at its largest size and the narrowest aperture;"
                + " decided by counterexample-guided refinement: " + o.note());
        Path saved = null;
        if (o.verdict() == Verdict.COUNTEREXAMPLE && saveDir != null) {
            GuestLayout probe = Guests.resolve(p.name(), new PresetArgs(r == null ? settings : withRam(settings, r)));
            saved = saveHost(o.counterexample(), probe, c.name(), "no layout of " + p.name() + " fits host " + o.counterexample().name()
                    + " of class " + c.name());
        }
        List<ProvePlans.HostPlan> shown = o.verdict() == Verdict.COUNTEREXAMPLE ? o.plans().subList(o.plans().size() - 1, o.plans().size())
                : o.plans().subList(0, Math.min(20, o.plans().size()));
        if (shown.size() < o.plans().size() && o.verdict() != Verdict.COUNTEREXAMPLE) {
            notes.add(o.plans().size() - shown.size() + " more candidate layout(s) not shown");
        }
        return new ProveReport("each-host", "class", c.name(), c.source().file(), -1, p.name(), null, o.verdict(), null, null, shown, saved, notes);
    }

    private static Map<String, String> withRam(Map<String, String> s, long r) {
        Map<String, String> m = new LinkedHashMap<>(s);
        m.put("ram", Long.toUnsignedString(r));
        return m;
    }

    private ProveReport unknown(String mode, String kind, String name, String source, List<String> notes) {
        return new ProveReport(mode, kind, name, source, -1, guest, null, Verdict.UNKNOWN, null, null, null, null, notes);
    }

    private Path save(ProveOutcome o, GuestLayout layout, String label, String what) throws InputException {
        if (o.verdict() != Verdict.COUNTEREXAMPLE || saveDir == null) {
            return null;
        }
        return saveHost(o.counterexample(), layout, label, "counterexample to: " + layout.origin() + " is safe on every host of " + what);
    }

    private Path saveHost(Host h, GuestLayout layout, String label, String comment) throws InputException {
        return Counterexamples.save(saveDir, h, layout, p2p, comment, spec.commandLine().getErr());
    }

    private FleetInput fleet() throws InputException {
        RunGuard.phase("reading the fleet");
        return FleetInput.read(subject.fleet, common.json() ? receipt : null, spec.commandLine().getErr());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private Map<String, String> settings() throws InputException {
        Map<String, String> m = PresetArgs.parseSets(sets);
        if (m.containsKey("ram")) {
            throw InputException.option("--set ram", "give the RAM with --ram");
        }
        return m;
    }

    private long granule() throws InputException {
        long g = size(granule);
        if ((g & (g - 1)) != 0) {
            throw InputException.option("--granule", "must be a power of two");
        }
        return g;
    }

    private static long size(String s) throws InputException {
        try {
            return Numbers.size(s);
        } catch (IllegalArgumentException e) {
            throw InputException.option("size", e.getMessage());
        }
    }
}
