package org.iovacheck.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.iovacheck.cert.Certificate;
import org.iovacheck.engine.CheckOutcome;
import org.iovacheck.engine.CheckRunner;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.EngineDisagreement;
import org.iovacheck.engine.Verdict;
import org.iovacheck.format.HostLoader;
import org.iovacheck.format.InputException;
import org.iovacheck.format.InstanceWriter;
import org.iovacheck.format.config.GuestConfig;
import org.iovacheck.format.NewFile;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.ResolvedHost;
import org.iovacheck.report.CheckReport;
import org.iovacheck.report.HostCheck;
import org.iovacheck.report.HtmlReport;
import org.iovacheck.report.JsonReport;
import org.iovacheck.report.TextReport;
import org.iovacheck.report.Timing;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code check}: is this guest layout safe on this host (or on each of these hosts)? Its command line is built with picocli's
 * model API ({@link #spec}), not annotations: check is the command a hook or a CI step runs, and start-up is most of its time.
 */
final class CheckCommand implements Callable<Integer> {
    CommandLine.Model.CommandSpec spec;
    List<Path> hosts;
    String guest;
    List<String> argv;
    String ram;
    List<String> sets;
    boolean p2p;
    boolean p2pWindows;
    List<String> devices;
    CommonOptions common;
    Path saveDir;
    Path proofDir;
    Path htmlFile;

    /** check's command line, bound to a new CheckCommand (which reads the parsed values when it runs). */
    static CommandSpec spec() {
        CheckCommand c = new CheckCommand();
        CommandSpec s = Specs.command(c, "check");
        c.spec = s;
        s.usageMessage().header("Is this guest layout safe on this host (or these hosts)?").sortOptions(false)
                .description("Is this guest layout safe on this host? Every DMA-mapped guest region is checked against every "
                        + "region the host's IOMMU excludes; each conflict is reported with its exact range, type, group and "
                        + "consequence.", "")
                .footerHeading("%nExamples:%n")
                .footer("  iovacheck check --host models/hosts/hisilicon-d05.yaml --guest qemu-virt --ram 4G",
                        "  iovacheck check --host /sys --guest my-layout.txt --format json",
                        "  iovacheck check --host models/hosts/amd-epyc.yaml --host models/hosts/hisilicon-d05.yaml --guest qemu-q35 --ram 1T --set amd=on --set phys-bits=48",
                        "  iovacheck check --host h.yaml --guest qemu-q35 --set firmware=ovmf --device gpu:bar1=16G --p2p",
                        "  iovacheck check --host models/hosts/amd-epyc.yaml --guest models/guests/q35-amd-1100g.xml",
                        "  iovacheck check --host models/hosts/amd-epyc.yaml -- qemu-system-x86_64 -M q35 -m 64G",
                        "", "Exit codes: 0 SAFE, 1 UNSAFE or NO_LAYOUT, 2 usage or input error, 3 UNKNOWN, 4 DEGRADED (only peer-to-peer to a device BAR"
                                + " fails), 70 internal error.");
        s.addOption(OptionSpec.builder("--host").required(true).paramLabel("FILE|DIR").type(List.class).auxiliaryTypes(Path.class)
                .description("A sysfs reserved_regions file, a directory holding an iommu_groups tree (or /sys: read like "
                        + "'iovacheck collect' reads it), or a host file (.yaml, e.g. written by collect). Repeat to check several hosts.").build());
        s.addOption(OptionSpec.builder("--guest").paramLabel("PRESET|FILE").type(String.class)
                .description("A VMM preset (see 'iovacheck presets'), a guest layout file, a libvirt domain XML (virsh dumpxml) or a "
                        + "file holding a QEMU command line. A QEMU command line can also follow --.").build());
        s.addPositional(PositionalParamSpec.builder().paramLabel("QEMU-ARGV").arity("0..*").type(List.class).auxiliaryTypes(String.class)
                .description("After --: a QEMU command line (instead of --guest).").build());
        s.addOption(OptionSpec.builder("--ram").paramLabel("SIZE").type(String.class).description("Guest RAM for a preset: 4G, 2144M, 0x86010000.").build());
        s.addOption(OptionSpec.builder("--set").paramLabel("KEY=VALUE").type(List.class).auxiliaryTypes(String.class)
                .description("A preset parameter (repeatable), e.g. --set maxmem=8G.").build());
        s.addOption(OptionSpec.builder("--p2p").type(boolean.class).description("Also DMA-map the BARs of the devices (peer-to-peer), as VFIO "
                + "does for assigned devices' BARs: each --device BAR where the firmware put it; without --device the whole PCI windows.").build());
        s.addOption(OptionSpec.builder("--p2p-windows").type(boolean.class)
                .description("The old peer-to-peer check: DMA-map the whole PCI windows, whether or not a BAR lies there.").build());
        s.addOption(OptionSpec.builder("--device").paramLabel("NAME:BARS").type(List.class).auxiliaryTypes(String.class)
                .description("A device whose BARs the guest firmware places (repeatable; needs --set firmware=ovmf|seabios): "
                        + "NAME:bar0=16M,bar1=16G (64-bit prefetchable unless SIZE/32 or SIZE/64np) or NAME:ivshmem=SIZE.").build());
        CommonOptions.addTo(s);
        s.addOption(OptionSpec.builder("--save-counterexample").arity("0..1").fallbackValue("counterexamples").paramLabel("DIR").type(Path.class)
                .description("For each UNSAFE host, save a host file and a guest layout file that replay the answer, and the Alloy"
                        + " instance (instance.xml, opens in the Alloy visualizer), in a folder named from their content under "
                        + "DIR (default: counterexamples). Existing files are never replaced.").build());
        s.addOption(OptionSpec.builder("--proof").paramLabel("DIR").type(Path.class)
                .description("Write the CNF and DRUP proof of every UNSAT answer of the sat engine to DIR, named by content hash "
                        + "(unsat-HASH.cnf, unsat-HASH.drup; existing files are never replaced). Re-check with 'iovacheck "
                        + "verify-proof'.").build());
        s.addOption(OptionSpec.builder("--html").paramLabel("FILE").type(Path.class)
                .description("Also write the answer as one self-contained HTML page with a picture of the address space per host "
                        + "(guest regions, excluded host ranges, overlaps). An existing file is never replaced.").build());
        Specs.standardHelpOptions(s);
        return s;
    }

    /** Takes the parsed values from {@link #spec}. */
    private void read() {
        hosts = Specs.list(spec, "--host");
        guest = Specs.option(spec, "--guest", null);
        argv = Specs.value(spec.positionalParameters().get(0), new ArrayList<>());
        ram = Specs.option(spec, "--ram", null);
        sets = Specs.list(spec, "--set");
        p2p = Specs.flag(spec, "--p2p");
        p2pWindows = Specs.flag(spec, "--p2p-windows");
        devices = Specs.list(spec, "--device");
        common = CommonOptions.readFrom(spec);
        saveDir = Specs.option(spec, "--save-counterexample", null);
        proofDir = Specs.option(spec, "--proof", null);
        htmlFile = Specs.option(spec, "--html", null);
    }

    @Override
    public Integer call() throws InputException {
        read();
        common.validate();
        HtmlFile.preflight(htmlFile);
        HtmlFile.preflightFolder("--proof", proofDir);
        HtmlFile.preflightFolder("--save-counterexample", saveDir);
        List<Engine> engines = common.engines();
        List<Certificate> certificates = new ArrayList<>();
        if (proofDir != null) {
            engines = ProofFiles.collecting(engines, certificates);
        }
        long readingStart = System.nanoTime();
        List<Host> loaded = new ArrayList<>();
        for (Path hp : hosts) {
            RunGuard.phase("reading the host " + hp);
            loaded.add(HostLoader.load(hp));
        }
        GuestConfig config = GuestInput.config(guest, argv);
        GuestLayout layout;
        org.iovacheck.preset.ConfigGuest configGuest = null;
        if (config != null) {
            if (!devices.isEmpty()) {
                throw InputException.option("--device", "the " + config.syntax().label() + " names its devices; their BARs come from a"
                        + " collected host file (iovacheck collect)");
            }
            configGuest = GuestInput.resolve(config, hosts.get(0), loaded.get(0), ram, sets);
            layout = configGuest.layout();
        } else {
            layout = HostDefaultsOption.resolve(guest, ram, sets, loaded, devices);
        }
        if (p2pWindows) {
            layout = layout.withoutBars();
            p2p = true;
        }
        double reading = Timing.millis(readingStart, System.nanoTime());
        long resolving = 0;
        long running = 0;
        List<HostCheck> checks = new ArrayList<>();
        Receipts receipt = new Receipts().file(config != null && config.syntax() == GuestConfig.Syntax.LIBVIRT ? config.file() : guest);
        for (int i = 0; i < loaded.size(); i++) {
            Host host = loaded.get(i);
            receipt.host(host);
            List<String> hostNotes = new ArrayList<>();
            if (config != null) {
                host = GuestInput.restrict(host, hosts.get(i), config, hostNotes);
            }
            long t = System.nanoTime();
            ResolvedHost resolved = GuestInput.withNotes(HostSemantics.resolve(host), hostNotes);
            CheckQuery q = CheckQuery.of(resolved, layout, p2p);
            CheckOutcome outcome;
            RunGuard.phase("checking the host " + host.name());
            long u = System.nanoTime();
            resolving += u - t;
            try {
                outcome = CheckRunner.run(q, engines, common.budget());
                running += System.nanoTime() - u;
            } catch (EngineDisagreement d) {
                saveForReplay(host, layout, d);
                throw d;
            }
            checks.add(new HostCheck(resolved, q, outcome));
            receipt.engines(outcome.answers(), host.name());
            if (saveDir != null && outcome.verdict() == Verdict.UNSAFE) {
                saveCounterexample(host, layout, q).forEach(receipt::certificate);
            }
        }
        if (proofDir != null) {
            ProofFiles.write(proofDir, certificates, spec.commandLine().getErr()).forEach(receipt::certificate);
        }
        CheckReport report = new CheckReport(layout, p2p, checks);
        // The receipt (SHA-256 of every input: the JDK's security providers) is only shown in JSON and HTML.
        var rec = common.json() || htmlFile != null ? receipt.build(spec) : null;
        if (htmlFile != null) {
            HtmlFile.write(spec, htmlFile, "check", HtmlReport.render(report, HtmlFile.command(spec), rec));
        }
        RunGuard.phase("rendering the answer");
        java.util.Optional<String> hint = java.util.Optional.empty();
        var preset = org.iovacheck.preset.Presets.byName(guest);
        if (preset.isPresent() && report.verdict() != Verdict.SAFE && report.verdict() != Verdict.UNKNOWN && !p2pWindows) {
            hint = org.iovacheck.plan.FirmwareKnobs.hint(preset.get(), HostDefaultsOption.settings(guest, ram, sets, loaded, devices),
                    checks.stream().map(HostCheck::host).toList(), p2p, engines, common.budget());
        }
        Timing timing = new Timing(reading, resolving / 1e6, running / 1e6, RunGuard.current().sinceStartMillis());
        String text = common.json() ? JsonReport.render(report, rec, hint, timing) : TextReport.render(report) + hint.map(x -> "\nhint: " + x + "\n").orElse("");
        if (configGuest != null && !common.json() && (report.verdict() == Verdict.UNSAFE || report.verdict() == Verdict.DEGRADED)
                && !checks.isEmpty()) {
            RunGuard.phase("searching the fix in the configuration's syntax");
            List<String> fix = ConfigPlace.fix(configGuest, checks.get(0).host(), p2p, common.budget());
            StringBuilder sb = new StringBuilder(text);
            sb.append(fix.isEmpty() ? "fix: none found by place within the VMM's freedom; see iovacheck place --host " + hosts.get(0)
                    + " --guest " + config.file() : "fix, in your " + config.syntax().label() + " (found by place, re-checked):").append('\n');
            for (String f : fix) {
                sb.append("  ").append(f).append('\n');
            }
            text = sb.toString();
        }
        RunGuard.printAnswer(spec.commandLine().getOut(), text);
        return ExitCodes.of(report.verdict());
    }

    private void saveForReplay(Host host, GuestLayout layout, EngineDisagreement d) {
        var err = spec.commandLine().getErr();
        try {
            List<String> why = List.of("iovacheck engine disagreement: " + d.getMessage());
            String h = InstanceWriter.hostYaml(host, why);
            String g = InstanceWriter.layoutText(layout, why);
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "iovacheck-disagreement-" + InstanceWriter.digest(h + g));
            Path hf = InstanceWriter.writeNew(dir, "host.yaml", h);
            Path gf = InstanceWriter.writeNew(dir, "guest.layout", g);
            err.println("iovacheck: the instance is saved for replay: iovacheck check --engine all --host " + hf + " --guest " + gf
                    + (p2p ? " --p2p" : ""));
        } catch (IOException e) {
            err.println("iovacheck: could not save the instance for replay: " + e.getMessage());
        }
    }

    private List<Path> saveCounterexample(Host host, GuestLayout layout, CheckQuery q) throws InputException {
        var err = spec.commandLine().getErr();
        Path folder = Counterexamples.save(saveDir, host, layout, p2p, "iovacheck counterexample: guest " + layout.origin()
                + (layout.vmmOptions().isEmpty() ? "" : " (" + String.join(" ", layout.vmmOptions()) + ")") + " is UNSAFE on host " + host.name(), err);
        if (folder != null) {
            err.println("iovacheck: counterexample saved in " + folder + "; replay: iovacheck check --host " + folder.resolve("host.yaml")
                    + " --guest " + folder.resolve("guest.layout") + (p2p ? " --p2p" : ""));
        }
        return Counterexamples.files(folder);
    }
}
