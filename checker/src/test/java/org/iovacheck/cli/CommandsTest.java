package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The lazily built command line: every subcommand runs and is described exactly as when all are built in full; the commands
 * built with the model API (top level, check) have the options their annotated counterparts would have.
 */
class CommandsTest {
    private static List<String> names() {
        return Commands.NAMES;
    }

    @Test
    void theNameTableIsTheAnnotationsNames() {
        assertEquals(Commands.ALL.size(), Commands.NAMES.size());
        for (int i = 0; i < Commands.ALL.size(); i++) {
            Class<?> c = Commands.ALL.get(i);
            CommandSpec model = Commands.modelSpec(c);
            String name = model != null ? model.name() : c.getAnnotation(Command.class).name();
            assertEquals(Commands.NAMES.get(i), name, c.getName());
            if (model == null) {
                assertEquals(0, c.getAnnotation(Command.class).aliases().length, c + " has aliases, which the name table does not hold");
            }
        }
    }

    @Test
    void theListedSummariesAreTheCommandsOwn() {
        assertEquals(Commands.NAMES.size(), Commands.SUMMARIES.size());
        for (int i = 0; i < Commands.ALL.size(); i++) {
            Class<?> c = Commands.ALL.get(i);
            String own;
            if (Commands.modelSpec(c) != null) {
                own = Commands.modelSpec(c).usageMessage().header()[0];
            } else {
                Command a = c.getAnnotation(Command.class);
                own = a.header().length > 0 ? a.header()[0] : a.description()[0];
                assertFalse(a.hidden(), c + " is hidden, which the stand-ins do not carry");
            }
            assertEquals(own, Commands.SUMMARIES.get(i), c.getName());
        }
    }

    /** The model-API commands (top level, check, libvirt-hook) carry -h/--help and -V/--version as picocli's mixinStandardHelpOptions does. */
    @Test
    void modelBuiltCommandsHaveTheStandardHelpOptions() {
        CommandSpec mixin = CommandSpec.create().mixinStandardHelpOptions(true);
        for (CommandSpec s : List.of(Main.spec(), CheckCommand.spec(), LibvirtHookCommand.spec())) {
            for (OptionSpec want : mixin.options()) {
                OptionSpec got = s.findOption(want.longestName());
                assertNotNull(got, s.name() + " " + want.longestName());
                same(want, got);
                assertEquals(want.usageHelp(), got.usageHelp());
                assertEquals(want.versionHelp(), got.versionHelp());
            }
        }
    }

    /** check's --engine, --timeout and --format (model API) are the annotated ones place, hotadd and prove mix in. */
    @Test
    void checksCommonOptionsAreTheAnnotatedOnes() {
        CommandSpec annotated = CommandSpec.forAnnotatedObject(new CommonOptions());
        CommandSpec check = CheckCommand.spec();
        assertEquals(3, annotated.options().size());
        for (OptionSpec want : annotated.options()) {
            OptionSpec got = check.findOption(want.longestName());
            assertNotNull(got, want.longestName());
            same(want, got);
        }
        assertEquals(new CommandLine(annotated).getUsageMessage(), new CommandLine(commonOnly()).getUsageMessage());
    }

    private static CommandSpec commonOnly() {
        CommandSpec s = CommandSpec.create();
        CommonOptions.addTo(s);
        return s;
    }

    private static void same(OptionSpec want, OptionSpec got) {
        String n = want.longestName();
        assertEquals(List.of(want.names()), List.of(got.names()), n);
        if (want.arity().max() > 0) { // a flag's label is never shown (the annotated one is its field's name)
            assertEquals(want.paramLabel(), got.paramLabel(), n);
        }
        assertEquals(want.defaultValue(), got.defaultValue(), n);
        assertEquals(List.of(want.description()), List.of(got.description()), n);
        assertEquals(java.util.Objects.toString(want.descriptionKey(), ""), java.util.Objects.toString(got.descriptionKey(), ""), n);
        assertEquals(want.type(), got.type(), n);
        assertEquals(want.arity(), got.arity(), n);
        assertEquals(want.required(), got.required(), n);
    }

    @Test
    void everySubcommandIsBuiltInFullWhenNamedAndDescribesItself() {
        for (String name : names()) {
            Cli r = Cli.run(name, "--help");
            assertEquals(0, r.exit(), name + ": " + r.err());
            assertTrue(r.out().contains("Usage: iovacheck " + name + " "), name + " printed: " + r.out());
            // 'help NAME' describes the subcommand as 'NAME --help' does.
            if (!name.equals("help")) {
                assertEquals(r.out(), Cli.run("help", name).out(), "help " + name);
            }
        }
    }

    @Test
    void theUsageListingMatchesTheFullyBuiltCommandLine() {
        // The oracle: picocli's own listing when every subcommand is built from its annotations.
        CommandLine full = new CommandLine(Main.spec());
        for (int i = 0; i < Commands.ALL.size(); i++) {
            Class<?> c = Commands.ALL.get(i);
            CommandSpec model = Commands.modelSpec(c);
            full.addSubcommand(Commands.NAMES.get(i), model != null ? model : c);
        }
        full.setUsageHelpWidth(110);
        String expected = full.getUsageMessage();
        Cli r = Cli.run("--help");
        assertEquals(0, r.exit());
        assertEquals(expected, r.out());
        assertEquals(expected, Cli.run("-h").out());
        assertEquals(expected, Cli.run("help").out(), "help alone prints the top level's usage");
        Cli none = Cli.run();
        assertEquals(ExitCodes.INPUT, none.exit());
        assertTrue(none.err().contains("missing command"), none.err());
        for (String name : names()) {
            assertTrue(r.out().contains("\n  " + name + " "), name + " missing from: " + r.out());
        }
    }

    @Test
    void aMisspelledCommandIsAUsageErrorAndVersionNeedsNoSubcommand() {
        Cli typo = Cli.run("chek", "--host", "x");
        assertEquals(ExitCodes.INPUT, typo.exit());
        assertTrue(typo.err().contains("'chek'"), typo.err());
        Cli v = Cli.run("--version");
        assertEquals(0, v.exit());
        assertTrue(v.out().startsWith("iovacheck "), v.out());
        for (String name : names()) {
            if (!name.equals("help")) { // help has no -V
                Cli sub = Cli.run(name, "-V");
                assertEquals(0, sub.exit(), name);
                assertEquals(v.out(), sub.out(), name + " -V prints the version, as its help says");
            }
        }
    }
}
