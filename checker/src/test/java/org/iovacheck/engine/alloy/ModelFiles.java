package org.iovacheck.engine.alloy;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.parser.CompModule;
import edu.mit.csail.sdg.parser.CompUtil;
import edu.mit.csail.sdg.translator.TranslateAlloyToKodkod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The model files under models/alloy as the tests find them on disk, and a way to run their commands, mutated or not. */
final class ModelFiles {
    static final Path DIR = locate();

    private ModelFiles() {
    }

    private static Path locate() {
        for (Path p : List.of(Path.of("..", "models", "alloy"), Path.of("models", "alloy"))) {
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("models/alloy not found from " + Path.of("").toAbsolutePath());
    }

    /** Every .als file, sorted. */
    static List<Path> all() {
        try (Stream<Path> s = Files.walk(DIR)) {
            return s.filter(p -> p.toString().endsWith(".als")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the file with every model file preloaded, one of them with its text replaced ("from" must occur). */
    static CompModule parse(Path root, Path mutated, String from, String to) {
        Map<String, String> files = new LinkedHashMap<>();
        for (Path p : all()) {
            try {
                String text = Files.readString(p);
                if (p.equals(mutated)) {
                    if (!text.contains(from)) {
                        throw new IllegalArgumentException(p + " does not contain the text to mutate: " + from);
                    }
                    text = text.replace(from, to);
                }
                files.put(p.toString(), text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return CompUtil.parseEverything_fromFile(A4Reporter.NOP, files, root.toString());
    }

    static CompModule parse(Path root) {
        return parse(root, null, "", "");
    }

    /** 1 when the command's formula has an instance (a run's example, a check's counterexample), else 0. */
    static int outcome(CompModule world, Command c) {
        return TranslateAlloyToKodkod.execute_command(A4Reporter.NOP, world.getAllReachableSigs(), c, AlloyEngine.options())
                .satisfiable() ? 1 : 0;
    }

    static Command command(CompModule world, String label) {
        return world.getAllCommands().stream().filter(c -> c.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no command " + label));
    }
}
