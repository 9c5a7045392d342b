package org.iovacheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iovacheck.cert.Certificate;
import org.iovacheck.engine.Engine;
import org.iovacheck.engine.sat.SatEngine;
import org.iovacheck.format.InputException;
import org.iovacheck.format.InstanceWriter;
import org.iovacheck.format.NewFile;

/**
 * Stateless; {@code --proof DIR} for check, place and prove: the sat engine hands every verified refutation to a list, which
 * is written as DIR/unsat-HASH.cnf and .drup (HASH from both texts; an existing file with other content is never replaced).
 */
final class ProofFiles {
    private ProofFiles() {
    }

    /** The engines with the sat engine replaced by one that collects its certificates into {@code sink}; an input error without sat. */
    static List<Engine> collecting(List<Engine> engines, List<Certificate> sink) throws InputException {
        if (engines.stream().noneMatch(e -> e.name().equals("sat"))) {
            throw InputException.option("--proof", "proofs come from the sat engine; select it (--engine default, all or sat)");
        }
        return engines.stream().map(e -> e.name().equals("sat") ? (Engine) new SatEngine(sink::add) : e).toList();
    }

    /** Writes every certificate as a new .cnf/.drup pair (a missing folder is created and said so); returns the files. */
    static List<Path> write(Path dir, List<Certificate> certificates, PrintWriter err) throws InputException {
        List<Path> written = new ArrayList<>();
        RunGuard.phase("writing the proofs to " + dir);
        try {
            if (NewFile.folder(dir)) {
                err.println("iovacheck: created the folder " + dir);
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
        err.println("iovacheck: " + certificates.size() + " verified refutation(s) written to " + dir
                + " (re-check: iovacheck verify-proof DIR/unsat-HASH.cnf DIR/unsat-HASH.drup)");
        return written;
    }
}
