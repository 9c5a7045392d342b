package org.iovacheck.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Command lines built with picocli's model API instead of its annotations, for the commands whose start-up matters (the
 * top level and check): reading annotations makes the JDK generate a proxy class per annotation type at run time, which
 * no class-data archive holds, and picocli then inspects every field reflectively; together that was about half of a short
 * check's main-thread time. Values stay in picocli's own bindings and are read after parsing with the methods here.
 */
final class Specs {
    private Specs() {
    }

    /** A command for {@code userObject} (a Runnable or Callable), not inspected for annotations. */
    static CommandSpec command(Object userObject, String name) {
        return CommandSpec.wrapWithoutInspection(userObject).name(name);
    }

    /** The -h/--help and -V/--version options, as picocli's mixinStandardHelpOptions adds them (same names and texts). */
    static void standardHelpOptions(CommandSpec s) {
        s.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).descriptionKey("mixinStandardHelpOptions.help")
                .description("Show this help message and exit.").build());
        s.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).descriptionKey("mixinStandardHelpOptions.version")
                .description("Print version information and exit.").build());
    }

    /** The parsed (or default) value of an option or positional parameter, or {@code absent} when it has none. */
    static <T> T value(ArgSpec arg, T absent) {
        T v = arg.getValue();
        return v == null ? absent : v;
    }

    /** The value of the option named {@code name}, or {@code absent}. */
    static <T> T option(CommandSpec s, String name, T absent) {
        return value(s.findOption(name), absent);
    }

    /** The values of a repeatable option, in the order given; a new empty list when it was not given. */
    static <T> List<T> list(CommandSpec s, String name) {
        List<T> v = s.findOption(name).getValue();
        return v == null ? new ArrayList<>() : v;
    }

    /** Whether a flag (a boolean option of arity 0) was given. */
    static boolean flag(CommandSpec s, String name) {
        return Boolean.TRUE.equals(s.findOption(name).getValue());
    }
}
