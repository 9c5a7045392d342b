package org.iovacheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iovacheck.engine.alloy.AlloyEngine;
import org.iovacheck.format.CounterexampleWriter;
import org.iovacheck.format.InputException;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;

/** Saves an UNSAFE host and guest for replay, with the Alloy instance when the instance is small enough for Alloy. */
final class Counterexamples {
    private Counterexamples() {
    }

    /** The files a saved counterexample folder holds (host.yaml, guest.layout, instance.xml when saved). */
    static List<Path> files(Path folder) {
        List<Path> out = new ArrayList<>();
        if (folder != null) {
            for (String n : List.of("guest.layout", "host.yaml", "instance.xml")) {
                if (java.nio.file.Files.isRegularFile(folder.resolve(n))) {
                    out.add(folder.resolve(n));
                }
            }
        }
        return out;
    }

    /** Saves under dir and returns the folder; a failed write is an input error (exit 2) naming the file and the reason. */
    static Path save(Path dir, Host host, GuestLayout layout, boolean p2p, String why, PrintWriter err) throws InputException {
        List<String> comments = new ArrayList<>();
        comments.add(why);
        comments.add("replay from this folder: iovacheck check --host host.yaml --guest guest.layout" + (p2p ? " --p2p" : ""));
        var resolved = HostSemantics.resolve(host);
        CheckQuery q = CheckQuery.of(resolved, layout, p2p);
        String xml = null;
        Optional<String> tooLarge = AlloyEngine.tooLargeReason(q);
        if (tooLarge.isPresent()) {
            err.println("iovacheck: no Alloy instance saved: " + tooLarge.get());
        } else if (resolved.blockers().isEmpty()) {
            xml = new AlloyEngine().counterexampleXml(q).orElseThrow(
                    () -> new IllegalStateException("alloy found no counterexample for an UNSAFE answer"));
        }
        try {
            return CounterexampleWriter.save(dir, host, layout, comments, xml);
        } catch (IOException e) {
            throw InputException.option("--save-counterexample", e instanceof org.iovacheck.format.NewFile.WriteFailure ? e.getMessage()
                    : "cannot write to " + dir + ": " + e.getMessage());
        }
    }
}
