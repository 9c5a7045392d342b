package org.iovacheck.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.Engines;
import org.iovacheck.format.HostLoader;
import org.iovacheck.format.InputException;
import org.iovacheck.format.InstanceWriter;
import org.iovacheck.format.Numbers;
import org.iovacheck.format.config.ConfigAnswer;
import org.iovacheck.format.config.GuestConfig;
import org.iovacheck.preset.ConfigGuest;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.ResolvedHost;
import org.iovacheck.plan.FirmwareKnobs;
import org.iovacheck.plan.PlanResult;
import org.iovacheck.plan.Planner;
import org.iovacheck.plan.Target;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.preset.Presets;
import org.iovacheck.preset.SizeText;
import org.iovacheck.report.PlaceHtml;
import org.iovacheck.report.PlaceRender;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code place}: a safe layout within a VMM's freedom, the largest safe RAM, or why there is none. */
@Command(name = "place", mixinStandardHelpOptions = true, header = "Find a safe layout within a VMM's freedom, the largest safe RAM, or why there is none.", sortOptions = false,
        description = {"Find a safe guest layout within what the VMM lets you choose, or prove there is none. --ram SIZE "
                + "asks for a layout with that much RAM, turning the preset's free parameters (q35/pc max-ram-below-4g,"
                + " xen-hvm mmio-hole, kvmtool -m SIZE@ADDR, the free guest's bank bases; with firmware= or --device also"
                + " phys-bits-limit, OVMF's x-pci-mmio64-mb and cloud-hypervisor's max-phys-bits); --maximize ram asks for the "
                + "largest safe RAM over all of them, with the check one granule above. With several --host, one layout safe on all of "
                + "them.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  iovacheck place --host models/hosts/hisilicon-d05.yaml --guest qemu-virt --maximize ram",
                "  iovacheck place --host models/hosts/hisilicon-d05.yaml --guest kvmtool-arm64 --ram 4G",
                "  iovacheck place --host models/hosts/amd-epyc.yaml --guest qemu-q35 --ram 1100G --set phys-bits=48",
                "  iovacheck place --host models/hosts/hisilicon-d05.yaml --guest free --ram 64G --banks 16 --align 1G",
                "  iovacheck place --host models/hosts/amd-epyc.yaml --guest models/guests/q35-amd-1100g.xml --write fixed.xml",
                "", "Exit codes: 0 FOUND, 1 INFEASIBLE, 2 usage or input error, 3 UNKNOWN, 70 internal error."})
final class PlaceCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", required = true, paramLabel = "FILE|DIR", description = "A host as for check; repeat for one layout safe on all.")
    List<Path> hosts = new ArrayList<>();

    @Option(names = "--guest", paramLabel = "PRESET|FILE",
            description = {"A VMM preset (see 'iovacheck presets'), a libvirt domain XML or a file holding a QEMU command line; a QEMU "
                    + "command line can also follow --. For a configuration the answer names the XML elements or options to change."})
    String guest;

    @CommandLine.Parameters(paramLabel = "QEMU-ARGV", arity = "0..*", description = "After --: a QEMU command line (instead of --guest).")
    List<String> argv = new ArrayList<>();

    @Option(names = "--write", paramLabel = "FILE",
            description = {"For a libvirt domain XML: write the corrected XML to FILE, a new file (never the input, never an existing file)."})
    Path writeFile;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Goal goal;

    static final class Goal {
        @Option(names = "--ram", paramLabel = "SIZE", description = "Find a layout with this much RAM (default: the preset's default RAM).")
        String ram;

        @Option(names = "--maximize", paramLabel = "ram", description = "Find the largest safe RAM (the only quantity is ram).")
        String maximize;
    }

    @Option(names = "--granule", paramLabel = "SIZE", defaultValue = "1M",
            description = "RAM sizes considered by --maximize are multiples of this power of two (and of the preset's RAM step, e.g. the"
                    + " free guest's banks x align). Default: ${DEFAULT-VALUE}.")
    String granule;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Fix a preset parameter (repeatable); fixed parameters are not turned.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--banks", paramLabel = "K", description = "Shorthand for --set banks=K (presets with several movable banks, e.g. free).")
    String banks;

    @Option(names = "--align", paramLabel = "SIZE", description = "Shorthand for --set align=SIZE (bank base alignment).")
    String align;

    @Option(names = "--ipa-bits", paramLabel = "N", description = "Shorthand for --set ipa-bits=N.")
    String ipaBits;

    @Option(names = "--p2p", description = "Also DMA-map the devices' BARs (without --device: the whole PCI windows).")
    boolean p2p;

    @Option(names = "--device", paramLabel = "NAME:BARS", description = {"A device whose BARs the guest firmware places, as for check"
            + " (needs --set firmware=ovmf|seabios). With a firmware, place also turns its knobs: phys-bits-limit, then OVMF's "
            + "x-pci-mmio64-mb."})
    List<String> devices = new ArrayList<>();

    @Option(names = "--proof", paramLabel = "DIR",
            description = {"Write the CNF and DRUP proof of every UNSAT answer of the sat engine behind the verdict (an infeasible "
                    + "placement, one step above a maximum, a safe check) to DIR as unsat-HASH.cnf and .drup; existing files are never "
                    + "replaced. Re-check with 'iovacheck verify-proof'."})
    Path proofDir;



    @CommandLine.Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--html", paramLabel = "FILE",
            description = {"Also write the answer as one self-contained HTML page with a picture of the layout against the hosts' "
                    + "excluded ranges. An existing file is never replaced."})
    Path htmlFile;

    @Override
    public Integer call() throws InputException {
        common.validate();
        HtmlFile.preflight(htmlFile);
        GuestConfig config = GuestInput.config(guest, argv);
        if (config != null) {
            return placeConfig(config);
        }
        if (writeFile != null) {
            throw InputException.option("--write", "applies to a libvirt domain XML given as --guest");
        }
        Preset preset = Presets.byName(guest).orElseThrow(() -> InputException.option("--guest", "'" + guest
                + "' is not a preset; place searches a VMM's freedom, and a layout file has none (use check)"));
        List<Engine> confirm = common.engines();
        List<org.iovacheck.cert.Certificate> certificates = new ArrayList<>();
        if (proofDir != null) {
            confirm = ProofFiles.collecting(confirm, certificates);
        }
        long g;
        try {
            g = Numbers.size(granule);
        } catch (IllegalArgumentException e) {
            throw InputException.option("--granule", e.getMessage());
        }
        if ((g & (g - 1)) != 0) {
            throw InputException.option("--granule", "must be a power of two");
        }
        Map<String, String> settings = PresetArgs.parseSets(sets);
        if (settings.containsKey("ram")) {
            throw InputException.option("--set ram", "give the RAM with --ram or ask for --maximize ram");
        }
        shorthand(preset, settings, "--banks", "banks", banks);
        shorthand(preset, settings, "--align", "align", align);
        shorthand(preset, settings, "--ipa-bits", "ipa-bits", ipaBits);
        Receipts receipt = new Receipts();
        List<ReservedRegion> exclusions = new ArrayList<>();
        List<Blocker> blockers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<org.iovacheck.model.Host> loaded = new ArrayList<>();
        for (Path hp : hosts) {
            RunGuard.phase("reading the host " + hp);
            loaded.add(HostLoader.load(hp));
        }
        DeviceOption.put(settings, DeviceOption.resolve(devices, loaded));
        org.iovacheck.preset.HostDefaults.Applied defaults = org.iovacheck.preset.HostDefaults.apply(preset.name(), settings, loaded);
        settings = new java.util.LinkedHashMap<>(defaults.settings());
        for (String n : defaults.notes()) {
            spec.commandLine().getErr().println("iovacheck: note: " + n);
        }
        for (String n : HostDefaultsOption.unknownWidthNotes(loaded)) {
            spec.commandLine().getErr().println("iovacheck: note: " + n);
        }
        for (org.iovacheck.model.Host host : loaded) {
            receipt.host(host);
            ResolvedHost rh = HostSemantics.resolve(host);
            String hn = rh.host().name();
            names.add(hn);
            for (ReservedRegion r : rh.exclusions()) {
                exclusions.add(new ReservedRegion(r.range(), r.type(), r.group(), hn + (r.name() == null ? "" : ": " + r.name()), r.source()));
            }
            blockers.addAll(rh.blockers());
        }
        Target t = new Target(exclusions, blockers, p2p, Engines.select("interval"), confirm, common.budget());
        boolean maximize = goal != null && goal.maximize != null;
        RunGuard.phase("searching for a layout");
        PlanResult r;
        if (maximize) {
            if (!goal.maximize.equals("ram")) {
                throw InputException.option("--maximize", "only 'ram' can be maximized, not '" + goal.maximize + "'");
            }
            r = Planner.maximize(preset, settings, g, t);
        } else {
            long ram;
            String ramText = goal != null ? goal.ram : preset.params().stream().filter(pp -> pp.key().equals("ram")).map(pp -> pp.defaultValue())
                    .findFirst().orElseThrow(() -> InputException.option("--ram", "preset " + preset.name() + " has no default RAM; give --ram"));
            try {
                ram = Numbers.size(ramText);
            } catch (IllegalArgumentException e) {
                throw InputException.option("--ram", "give --ram (the preset's default '" + ramText + "' is not a size)");
            }
            r = FirmwareKnobs.place(preset, settings, ram, t);
        }
        if (proofDir != null) {
            ProofFiles.write(proofDir, certificates, spec.commandLine().getErr()).forEach(receipt::certificate);
        }
        String cmd = checkCommand(preset, r);
        if (r.confirm() != null) {
            receipt.engines(r.confirm().answers(), "the layout found");
        }
        var rec = common.json() || htmlFile != null ? receipt.build(spec) : null; // shown in JSON and HTML only
        if (htmlFile != null) {
            HtmlFile.write(spec, htmlFile, "place", PlaceHtml.render(preset.name(), names, maximize, r, exclusions,
                    HtmlFile.command(spec), cmd, rec));
        }
        RunGuard.phase("rendering the answer");
        RunGuard.printAnswer(spec.commandLine().getOut(), common.json() ? PlaceRender.json(preset.name(), names, maximize, r, cmd, rec)
                : PlaceRender.text(preset.name(), names, maximize, r, cmd));
        return ExitCodes.of(r.verdict());
    }

    /** place for a configuration: its settings stay fixed, the answer also names what to change in its own syntax. */
    private Integer placeConfig(GuestConfig config) throws InputException {
        if (goal != null && goal.ram != null) {
            throw InputException.option("--ram", "the " + config.syntax().label() + " fixes the RAM; use --maximize ram for the largest safe RAM");
        }
        if (!devices.isEmpty()) {
            throw InputException.option("--device", "the " + config.syntax().label() + " names its devices; their BARs come from a"
                    + " collected host file (iovacheck collect)");
        }
        if (writeFile != null && config.syntax() != GuestConfig.Syntax.LIBVIRT) {
            throw InputException.option("--write", "applies to a libvirt domain XML; for a QEMU command line change the options printed");
        }
        ConfigGuest cg = GuestInput.resolve(config, hosts.get(0), HostLoader.load(hosts.get(0)), null, sets);
        List<ReservedRegion> exclusions = new ArrayList<>();
        List<Blocker> blockers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> hostNotes = new ArrayList<>();
        for (Path hp : hosts) {
            ResolvedHost rh = HostSemantics.resolve(GuestInput.restrict(HostLoader.load(hp), hp, config, hostNotes));
            String hn = rh.host().name();
            names.add(hn);
            for (ReservedRegion r : rh.exclusions()) {
                exclusions.add(new ReservedRegion(r.range(), r.type(), r.group(), hn + (r.name() == null ? "" : ": " + r.name()), r.source()));
            }
            blockers.addAll(rh.blockers());
        }
        List<Engine> confirm = common.engines();
        List<org.iovacheck.cert.Certificate> certificates = new ArrayList<>();
        if (proofDir != null) {
            confirm = ProofFiles.collecting(confirm, certificates);
        }
        Target t = new Target(exclusions, blockers, p2p, Engines.select("interval"), confirm, common.budget());
        boolean maximize = goal != null && goal.maximize != null;
        PlanResult r;
        String change = null;
        if (maximize) {
            if (!goal.maximize.equals("ram")) {
                throw InputException.option("--maximize", "only 'ram' can be maximized, not '" + goal.maximize + "'");
            }
            long g;
            try {
                g = Numbers.size(granule);
            } catch (IllegalArgumentException e) {
                throw InputException.option("--granule", e.getMessage());
            }
            r = ConfigPlace.minimal(cg, Planner.maximize(cg.preset(), ConfigPlace.fixedKnobs(cg), g, t));
        } else {
            ConfigPlace.Answer a = ConfigPlace.place(cg, t);
            r = a.result();
            change = a.change();
        }
        if (proofDir != null) {
            ProofFiles.write(proofDir, certificates, spec.commandLine().getErr());
        }
        String cmd = checkCommand(cg.preset(), r);
        StringBuilder out = new StringBuilder();
        if (common.json()) {
            out.append(PlaceRender.json(cg.preset().name(), names, maximize, r, cmd));
        } else {
            out.append(PlaceRender.text(config.file() + " as " + cg.preset().name(), names, maximize, r, cmd));
            for (String n : hostNotes) {
                out.append("  note: ").append(n).append('\n');
            }
            if (change != null) {
                out.append("  note: ").append(change).append('\n');
            }
            if (r.verdict() == org.iovacheck.engine.Verdict.FOUND) {
                List<String> changes = ConfigAnswer.changes(config, cg.settings(), r.settings());
                out.append(changes.isEmpty() ? "in your " + config.syntax().label() + ": nothing to change, it is safe as it is\n"
                        : "in your " + config.syntax().label() + ", change:\n");
                for (String c : changes) {
                    out.append("  ").append(c).append('\n');
                }
            }
        }
        RunGuard.phase("rendering the answer");
        RunGuard.printAnswer(spec.commandLine().getOut(), out.toString());
        if (writeFile != null && r.verdict() == org.iovacheck.engine.Verdict.FOUND) {
            writeCorrected(config, cg, r);
        }
        return ExitCodes.of(r.verdict());
    }

    private void writeCorrected(GuestConfig config, ConfigGuest cg, PlanResult r) throws InputException {
        Path in = Path.of(config.file()).toAbsolutePath().normalize();
        Path target = writeFile.toAbsolutePath().normalize();
        if (target.equals(in)) {
            throw InputException.option("--write", writeFile + " is the input; iovacheck never writes over it, so choose another name");
        }
        String xml = ConfigAnswer.rewrite(org.iovacheck.format.TextFiles.read(in), config, cg.settings(), r.settings());
        try {
            InstanceWriter.writeNew(target.getParent(), target.getFileName().toString(), xml);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw InputException.option("--write", writeFile + " already exists; iovacheck never replaces a file, so choose another name");
        } catch (java.io.IOException e) {
            throw InputException.option("--write", "cannot write " + writeFile + ": " + e.getMessage());
        }
        spec.commandLine().getErr().println("iovacheck: corrected domain XML written to " + writeFile + " (check it: iovacheck check --host "
                + hosts.get(0) + " --guest " + writeFile + ")");
    }

    /** ram first, then the preset's parameters in their documented order; a numbered family (bank0, bank1, ..., bank10) by number. */
    private static int settingOrder(Preset preset, String a, String b) {
        int c = Integer.compare(rank(preset, a), rank(preset, b));
        if (c != 0) {
            return c;
        }
        String sa = a.replaceAll("[0-9]+$", "");
        String sb = b.replaceAll("[0-9]+$", "");
        if (sa.equals(sb) && sa.length() < a.length() && sb.length() < b.length() && a.length() - sa.length() < 10 && b.length() - sb.length() < 10) {
            return Long.compare(Long.parseLong(a.substring(sa.length())), Long.parseLong(b.substring(sb.length())));
        }
        return a.compareTo(b);
    }

    private static int rank(Preset preset, String key) {
        if (key.equals("ram")) {
            return -1;
        }
        List<org.iovacheck.preset.PresetParam> ps = preset.params();
        String family = key.replaceAll("[0-9]+$", "");
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).key().equals(key) || ps.get(i).key().replaceAll("[0-9]+$", "").equals(family)) {
                return i;
            }
        }
        return ps.size();
    }

    private static void shorthand(Preset preset, Map<String, String> settings, String option, String key, String value) throws InputException {
        if (value == null) {
            return;
        }
        if (!preset.takesKey(key)) {
            throw InputException.option(option, "preset " + preset.name() + " has no parameter '" + key + "'");
        }
        if (settings.put(key, value.trim()) != null) {
            throw InputException.option(option, "'" + key + "' given both by " + option + " and by --set " + key + "=");
        }
    }

    private String checkCommand(Preset preset, PlanResult r) {
        StringBuilder sb = new StringBuilder("iovacheck check");
        for (Path h : hosts) {
            sb.append(" --host ").append(h);
        }
        sb.append(" --guest ").append(preset.name());
        List<Map.Entry<String, String>> entries = new ArrayList<>(r.settings().entrySet());
        entries.sort((a, b) -> settingOrder(preset, a.getKey(), b.getKey()));
        for (Map.Entry<String, String> e : entries) {
            boolean knob = preset.knobs().stream().anyMatch(k -> k.key().equals(e.getKey())) && e.getValue().matches("[0-9]+");
            if (e.getKey().equals("ram")) {
                sb.append(" --ram ").append(SizeText.of(Long.parseUnsignedLong(e.getValue())));
            } else if (knob) {
                sb.append(" --set ").append(e.getKey()).append('=').append(SizeText.of(Long.parseUnsignedLong(e.getValue())));
            } else {
                sb.append(" --set ").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        if (p2p) {
            sb.append(" --p2p");
        }
        return sb.toString();
    }
}
