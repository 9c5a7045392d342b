package org.iovacheck.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iovacheck.cert.Certificate;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.sat.SatEngine;
import org.iovacheck.format.InputException;
import org.iovacheck.format.InstanceWriter;
import org.iovacheck.format.NewFile;
import picocli.CommandLine;

/** --proof DIR for check and place: the sat engine hands over every verified UNSAT certificate, written as CNF and DRUP files. */
final class ProofFiles {
    private ProofFiles() {
    }

    /** The engines with sat replaced by one that collects its certificates into {@code sink}; an error when sat is not among them. */
    static List<Engine> collecting(List<Engine> engines, List<Certificate> sink) throws InputException {
        if (engines.stream().noneMatch(e -> e.name().equals("sat"))) {
            throw InputException.option("--proof", "proofs come from the sat engine; select it (--engine default, all or sat)");
        }
        return engines.stream().map(e -> e.name().equals("sat") ? (Engine) new SatEngine(sink::add) : e).toList();
    }

    /** Writes each certificate as DIR/unsat-HASH.cnf and .drup (content-named; identical files are kept) and returns the paths. */
    static List<Path> write(CommandLine.Model.CommandSpec spec, Path dir, List<Certificate> certificates) throws InputException {
        List<Path> written = new ArrayList<>();
        RunGuard.phase("writing the proofs to " + dir);
        try {
            if (NewFile.folder(dir)) {
                spec.commandLine().getErr().println("iovacheck: created the folder " + dir);
            }
            for (Certificate c : certificates) {
                String cnfText = c.cnfText();
                String proofText = c.proofText();
                String name = "unsat-" + InstanceWriter.digest(cnfText + proofText);
                written.add(InstanceWriter.writeNew(dir, name + ".cnf", cnfText));
                written.add(InstanceWriter.writeNew(dir, name + ".drup", proofText));
            }
        } catch (IOException e) {
            throw InputException.option("--proof", e.getMessage());
        }
        spec.commandLine().getErr().println("iovacheck: " + certificates.size() + " verified refutation(s) written to " + dir
                + " (re-check: iovacheck verify-proof DIR/unsat-HASH.cnf DIR/unsat-HASH.drup)");
        return written;
    }
}
