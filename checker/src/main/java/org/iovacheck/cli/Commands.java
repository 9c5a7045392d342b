package org.iovacheck.cli;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * iovacheck's subcommands, and the command line of one run: picocli inspects a subcommand's options reflectively, so only the
 * subcommands the arguments name are built in full; the others are stand-ins that carry just what the usage listing shows,
 * and are left out when the first argument runs a subcommand.
 */
final class Commands {
    /** Every subcommand, in the order {@code iovacheck --help} lists them. */
    static final List<Class<?>> ALL = List.of(CollectCommand.class, CheckCommand.class, PlaceCommand.class, HotaddCommand.class, ProveCommand.class,
            PresetsCommand.class, VerifyProofCommand.class, LibvirtHookCommand.class, ExplainCommand.class, CommandLine.HelpCommand.class);

    private Commands() {
    }

    /**
     * The command line for {@code main} and these arguments. A subcommand whose name is one of the arguments is built in full
     * (so it runs, and {@code help NAME} describes it); any other can neither run nor be described in this run (picocli runs a
     * subcommand only when its name is an argument), so a stand-in with its name, aliases, header and description suffices.
     */
    static CommandLine commandLine(Object main, String[] args) {
        // picocli registers converters for java.sql and java.time types by reflection in every command line; no option
        // here has such a type, and skipping them spares loading the java.sql module at start-up.
        // One pattern, not two: picocli compiles it again for each of 20 converters in every command line it makes.
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.(sql|time)\\..*");
        }
        Set<String> words = new HashSet<>(Arrays.asList(args));
        Class<?> first = null;
        for (Class<?> c : ALL) {
            if (args.length > 0 && !args[0].equals("help") && named(c.getAnnotation(Command.class), Set.of(args[0]))) {
                first = c;
            }
        }
        CommandLine cl = new CommandLine(main);
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return cl; // the version alone: no subcommand is parsed, listed or suggested
        }
        for (Class<?> c : ALL) {
            Command a = c.getAnnotation(Command.class);
            if (first != null) {
                // The first word runs this subcommand: picocli then parses only its options, so it alone is needed (each
                // stand-in would be a command line of its own, with its own converters, built for nothing).
                if (c == first) {
                    cl.addSubcommand(a.name(), c, a.aliases());
                }
            } else if (named(a, words)) {
                cl.addSubcommand(a.name(), c, a.aliases());
            } else {
                cl.addSubcommand(a.name(), standIn(a), a.aliases());
            }
        }
        return cl;
    }

    private static boolean named(Command a, Set<String> words) {
        if (words.contains(a.name())) {
            return true;
        }
        for (String alias : a.aliases()) {
            if (words.contains(alias)) {
                return true;
            }
        }
        return false;
    }

    private static CommandSpec standIn(Command a) {
        CommandSpec s = CommandSpec.create().name(a.name());
        s.usageMessage().header(a.header()).description(a.description()).hidden(a.hidden());
        return s;
    }
}
