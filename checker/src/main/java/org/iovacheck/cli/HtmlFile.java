package org.iovacheck.cli;

import java.nio.file.Path;
import org.iovacheck.format.InputException;
import org.iovacheck.format.NewFile;
import picocli.CommandLine;

/** Writes an HTML page for --html as a new file (never over or reading an existing one, see NewFile), and names the command line that made it. */
final class HtmlFile {
    private HtmlFile() {
    }

    /** The command line as the user typed it (the arguments already start with the subcommand's name). */
    static String command(CommandLine.Model.CommandSpec spec) {
        StringBuilder cmd = new StringBuilder("iovacheck");
        for (String a : spec.commandLine().getParseResult().originalArgs()) {
            cmd.append(' ').append(a.matches("[A-Za-z0-9_./:=,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return cmd.toString();
    }

    /** Refuses a target that cannot be written (existing, not a regular file, no folder) before any work is done. */
    static void preflight(Path file) throws InputException {
        if (file == null) {
            return;
        }
        try {
            NewFile.preflight(file);
        } catch (NewFile.WriteFailure e) {
            throw InputException.option("--html", e.getMessage());
        }
    }

    /** As {@link #preflight} for a folder option (--proof, --save-counterexample). */
    static void preflightFolder(String option, Path dir) throws InputException {
        if (dir == null) {
            return;
        }
        try {
            NewFile.preflightFolder(dir);
        } catch (NewFile.WriteFailure e) {
            throw InputException.option(option, e.getMessage());
        }
    }

    static void write(CommandLine.Model.CommandSpec spec, Path file, String what, String html) throws InputException {
        RunGuard.phase("writing the HTML page " + file);
        try {
            NewFile.create(file, html, false);
        } catch (NewFile.WriteFailure e) {
            throw InputException.option("--html", e.getMessage());
        }
        spec.commandLine().getErr().println("iovacheck: HTML page of the " + what + " answer written to " + file);
    }
}
