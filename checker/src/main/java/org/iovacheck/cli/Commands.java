package org.iovacheck.cli;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * iovacheck's subcommands, and the command line of one run. The top level, check and libvirt-hook are built with picocli's
 * model API ({@link Specs}); the other subcommands from their annotations, which picocli inspects reflectively, so only those the
 * arguments name are built in full; the others are stand-ins that carry just what the usage listing shows (from
 * {@link #SUMMARIES}, without reading annotations), and are left out when the first argument runs a subcommand.
 */
final class Commands {
    /** Every subcommand's name, in the order {@code iovacheck --help} lists them (no subcommand has aliases). */
    static final List<String> NAMES = List.of("collect", "check", "place", "hotadd", "prove", "presets", "verify-proof", "libvirt-hook",
            "explain", "help");

    /**
     * Every subcommand's class, in the order of {@link #NAMES}; all but those of {@link #modelSpec} carry a {@code @Command} of
     * that name.
     */
    static final List<Class<?>> ALL = List.of(CollectCommand.class, CheckCommand.class, PlaceCommand.class, HotaddCommand.class, ProveCommand.class,
            PresetsCommand.class, VerifyProofCommand.class, LibvirtHookCommand.class, ExplainCommand.class, CommandLine.HelpCommand.class);

    /**
     * What {@code iovacheck --help} lists for each subcommand of {@link #NAMES} (its header, else the first line of its
     * description), so that the listing reads no annotation: the first annotation read costs the JDK a proxy class per
     * annotation type. CommandsTest holds these to the annotations and the listing to the one of the fully built commands.
     */
    static final List<String> SUMMARIES = List.of(
            "Write a host file from this machine (or a copy of its /sys and /proc).",
            "Is this guest layout safe on this host (or these hosts)?",
            "Find a safe layout within a VMM's freedom, the largest safe RAM, or why there is none.",
            "Can this device still be hot-added to the running VM?",
            "Prove a layout safe on every host of a class or fleet; one layout for all; a layout for each.",
            "List the VMM presets and their parameters.",
            "Check a DRUP proof (text, as drat-trim reads it) against a DIMACS CNF: every lemma must follow by reverse unit propagation, "
                    + "deletions are honoured, and the proof must derive the empty clause.",
            "Run as libvirt's qemu hook: refuse to start VMs whose layout fails on this host.",
            "Explain a VFIO error line from a log against a host.",
            "Display help information about the specified command.");

    private Commands() {
    }

    /**
     * The command line for these arguments. A subcommand whose name is one of the arguments is built in full (so it runs, and
     * {@code help NAME} describes it), and so is check always (its model costs no reflection); any other can neither run nor
     * be described in this run (picocli runs a subcommand only when its name is an argument), so a stand-in with its name and
     * summary suffices.
     */
    static CommandLine commandLine(String[] args) {
        // picocli registers converters for java.sql and java.time types by reflection in every command line; no option
        // here has such a type, and skipping them spares loading the java.sql module at start-up.
        // One pattern, not two: picocli compiles it again for each of 20 converters in every command line it makes.
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.(sql|time)\\..*");
        }
        CommandLine cl = new CommandLine(Main.spec());
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return cl; // the version alone: no subcommand is parsed, listed or suggested
        }
        if (args.length == 0 || args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            // The usage alone (or "missing command"): nothing is parsed after the top level, so check (whose model is cheap)
            // stands for "has subcommands" and the listing comes from the table (each stand-in would be a command line of
            // its own, with its own converters, built for one line of text).
            cl.addSubcommand("check", CheckCommand.spec());
            Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>(cl.getHelpSectionMap());
            sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Commands::listing);
            cl.setHelpSectionMap(sections);
            return withVersions(cl);
        }
        // The first word runs this subcommand: picocli then parses only its options, so it alone is needed (each stand-in would
        // be a command line of its own, with its own converters, built for nothing).
        int first = args.length > 0 && !args[0].equals("help") ? NAMES.indexOf(args[0]) : -1;
        Set<String> words = new HashSet<>(Arrays.asList(args));
        for (int i = 0; i < NAMES.size(); i++) {
            String name = NAMES.get(i);
            Class<?> c = ALL.get(i);
            if (first >= 0) {
                if (i == first) {
                    cl.addSubcommand(name, full(c));
                }
            } else if (c == CheckCommand.class || words.contains(name)) {
                cl.addSubcommand(name, full(c));
            } else {
                cl.addSubcommand(name, standIn(name, SUMMARIES.get(i)));
            }
        }
        return withVersions(cl);
    }

    /** Every subcommand lists -V, --version: it prints the top level's version (picocli leaves a subcommand without one). */
    private static CommandLine withVersions(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().versionProvider() == null) {
                sub.getCommandSpec().versionProvider(cl.getCommandSpec().versionProvider());
            }
        }
        return cl;
    }

    /** The usage's list of subcommands, from {@link #NAMES} and {@link #SUMMARIES}, laid out by picocli as for built ones. */
    private static String listing(Help help) {
        Map<String, Help> all = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            Help built = help.subcommands().get(NAMES.get(i));
            all.put(NAMES.get(i), built != null ? built : new Help(standIn(NAMES.get(i), SUMMARIES.get(i)), help.colorScheme()));
        }
        return help.commandList(all);
    }

    /** What picocli builds the subcommand from: its model, or the class to inspect. */
    private static Object full(Class<?> c) {
        CommandSpec s = modelSpec(c);
        return s != null ? s : c;
    }

    /** The command line of a subcommand built with the model API (check, libvirt-hook), or null for an annotated one. */
    static CommandSpec modelSpec(Class<?> c) {
        return c == CheckCommand.class ? CheckCommand.spec() : c == LibvirtHookCommand.class ? LibvirtHookCommand.spec() : null;
    }

    private static CommandSpec standIn(String name, String summary) {
        CommandSpec s = CommandSpec.create().name(name);
        s.usageMessage().header(summary);
        return s;
    }
}
