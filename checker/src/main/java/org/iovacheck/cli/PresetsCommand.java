package org.iovacheck.cli;

import java.util.concurrent.Callable;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.PresetParam;
import org.iovacheck.preset.Presets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Lists the VMM presets and the parameters each takes. */
@Command(name = "presets", mixinStandardHelpOptions = true, header = "List the VMM presets and their parameters.", description = "List the VMM presets --guest accepts and their --set parameters.")
final class PresetsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(arity = "0..1", paramLabel = "PRESET", description = "Show only this preset.")
    String only;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        boolean found = false;
        for (Preset p : Presets.all()) {
            if (only != null && !only.equals(p.name())) {
                continue;
            }
            found = true;
            out.println(p.name() + ": " + p.summary());
            int keyWidth = 0;
            int defaultWidth = 0;
            for (PresetParam pp : p.params()) {
                keyWidth = Math.max(keyWidth, pp.key().length());
                defaultWidth = Math.max(defaultWidth, pp.defaultValue().length());
            }
            for (PresetParam pp : p.params()) {
                out.printf("    %-" + keyWidth + "s  default %-" + defaultWidth + "s  %s%n", pp.key(), pp.defaultValue(), pp.meaning());
            }
        }
        if (!found) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown preset '" + only + "'");
        }
        return ExitCodes.OK;
    }
}
