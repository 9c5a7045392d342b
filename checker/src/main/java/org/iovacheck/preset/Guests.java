package org.iovacheck.preset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.iovacheck.format.InputException;
import org.iovacheck.format.LayoutParser;
import org.iovacheck.model.GuestLayout;

/** Turns the --guest argument into a layout: a preset name with its parameters, or a guest layout file. */
public final class Guests {
    private Guests() {
    }

    public static GuestLayout resolve(String spec, PresetArgs args) throws InputException {
        Optional<Preset> p = Presets.byName(spec);
        if (p.isPresent()) {
            try {
                return p.get().layout(args);
            } catch (ArithmeticException e) {
                throw InputException.option("--guest " + spec, "the layout passes the end of the 64-bit address space (" + e.getMessage() + ")");
            }
        }
        Path file = Path.of(spec);
        if (!Files.exists(file)) {
            throw InputException.option("--guest", "'" + spec + "' is neither a preset (" + String.join(", ",
                    Presets.all().stream().map(Preset::name).toList()) + ") nor a layout file");
        }
        if (args.has("ram")) {
            throw InputException.option("--ram", "a layout file fixes its own regions; --ram applies to presets only");
        }
        args.finish(new LayoutFilePreset());
        return LayoutParser.load(file);
    }

    /** Stands for a layout file when unknown --set keys are reported: it takes none. */
    private static final class LayoutFilePreset implements Preset {
        @Override
        public String name() {
            return "(layout file)";
        }

        @Override
        public String summary() {
            return "a guest layout file";
        }

        @Override
        public java.util.List<PresetParam> params() {
            return java.util.List.of();
        }

        @Override
        public GuestLayout layout(PresetArgs args) {
            throw new UnsupportedOperationException();
        }
    }
}
