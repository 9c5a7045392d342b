package org.iovacheck.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.Engines;
import org.iovacheck.engine.ProveOutcome;
import org.iovacheck.engine.ProveRunner;
import org.iovacheck.engine.Verdict;
import org.iovacheck.format.CounterexampleWriter;
import org.iovacheck.format.InputException;
import org.iovacheck.format.PlatformClassReader;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.PlatformClass;
import org.iovacheck.preset.Guests;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.report.ProveRender;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prove}: is this guest layout safe on every host of a platform class? */
@Command(name = "prove", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Is this guest layout safe on every host of a platform class? A class gives each host region as a range",
                "of bases (with an alignment), a range of sizes and whether it is always present; the proof covers every",
                "such host exactly, not a sample. A failure yields one concrete host of the class, re-checked and saved.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  iovacheck prove --class models/platforms/bypass-doorbell.yaml --guest qemu-virt --ram 1G",
                "", "Exit codes: 0 PROVEN, 1 COUNTEREXAMPLE, 2 usage or input error, 3 UNKNOWN, 70 internal error."})
final class ProveCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--class", required = true, paramLabel = "FILE", description = "A platform class file (YAML), see docs/formats.md.")
    Path classFile;

    @Option(names = "--guest", required = true, paramLabel = "PRESET|FILE", description = "A VMM preset or a guest layout file.")
    String guest;

    @Option(names = "--ram", paramLabel = "SIZE", description = "Guest RAM for a preset.")
    String ram;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A preset parameter (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--p2p", description = "Also DMA-map PCI BAR windows.")
    boolean p2p;

    @Option(names = "--save-counterexample", arity = "0..1", paramLabel = "DIR", fallbackValue = "counterexamples",
            description = "Save a counterexample host and the guest as replayable files under DIR (default: counterexamples).")
    Path saveDir;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "default", description = "Engines, as for check. Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60", description = "Time budget. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() throws InputException {
        if (!format.equals("text") && !format.equals("json")) {
            throw InputException.option("--format", "'" + format + "' is not text or json");
        }
        if (timeoutSeconds <= 0) {
            throw InputException.option("--timeout", "must be positive");
        }
        List<Engine> engines;
        try {
            engines = Engines.select(engine);
        } catch (IllegalArgumentException e) {
            throw InputException.option("--engine", e.getMessage());
        }
        PlatformClass c = PlatformClassReader.load(classFile);
        GuestLayout layout = Guests.resolve(guest, PresetArgs.of(ram, sets));
        ProveOutcome o = ProveRunner.forAll(c, layout.mapped(p2p), engines, Budget.millis(timeoutSeconds * 1000));
        Path saved = null;
        if (o.verdict() == Verdict.COUNTEREXAMPLE && saveDir != null) {
            try {
                saved = CounterexampleWriter.save(saveDir, c.name(), o.counterexample(), layout,
                        List.of("counterexample to: " + layout.origin() + " is safe on every host of class " + c.name() + " (" + c.source() + ")"));
            } catch (IOException e) {
                throw new InputException(saveDir.toString(), 0, "cannot save the counterexample: " + e.getMessage());
            }
        }
        var out = spec.commandLine().getOut();
        out.print(format.equals("json") ? ProveRender.json(c, layout, o, saved) : ProveRender.text(c, layout, o, saved));
        out.flush();
        return ExitCodes.of(o.verdict());
    }
}
