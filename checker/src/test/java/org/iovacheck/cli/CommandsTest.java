package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The lazily built command line: every subcommand runs and is described exactly as when all are built in full. */
class CommandsTest {
    private static List<String> names() {
        return Commands.ALL.stream().map(c -> c.getAnnotation(Command.class).name()).toList();
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
        CommandLine full = new CommandLine(new Main());
        for (Class<?> c : Commands.ALL) {
            full.addSubcommand(c.getAnnotation(Command.class).name(), c);
        }
        full.setUsageHelpWidth(110);
        String expected = full.getUsageMessage();
        Cli r = Cli.run("--help");
        assertEquals(0, r.exit());
        assertEquals(expected, r.out());
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
    }
}
