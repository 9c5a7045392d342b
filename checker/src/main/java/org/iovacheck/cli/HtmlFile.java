package org.iovacheck.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import org.iovacheck.format.InputException;
import org.iovacheck.format.InstanceWriter;
import picocli.CommandLine;

/** Writes an HTML page for --html atomically, never over an existing file, and names the command line that made it. */
final class HtmlFile {
    private HtmlFile() {
    }

    static String command(CommandLine.Model.CommandSpec spec, String name) {
        StringBuilder cmd = new StringBuilder("iovacheck ").append(name);
        for (String a : spec.commandLine().getParseResult().originalArgs()) {
            cmd.append(' ').append(a.matches("[A-Za-z0-9_./:=,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return cmd.toString();
    }

    static void write(CommandLine.Model.CommandSpec spec, Path file, String what, String html) throws InputException {
        RunGuard.phase("writing the HTML page " + file);
        Path abs = file.toAbsolutePath();
        try {
            InstanceWriter.writeNew(abs.getParent(), abs.getFileName().toString(), html);
        } catch (FileAlreadyExistsException e) {
            throw InputException.option("--html", file + " already exists; iovacheck never replaces a file, so choose another name");
        } catch (IOException e) {
            throw InputException.option("--html", "cannot write " + file + ": " + e.getMessage());
        }
        spec.commandLine().getErr().println("iovacheck: HTML page of the " + what + " answer written to " + file);
    }
}
