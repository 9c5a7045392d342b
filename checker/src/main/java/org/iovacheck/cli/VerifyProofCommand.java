package org.iovacheck.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.iovacheck.cert.Cnf;
import org.iovacheck.cert.DimacsCnf;
import org.iovacheck.cert.DrupText;
import org.iovacheck.cert.Proof;
import org.iovacheck.cert.ProofCheck;
import org.iovacheck.cert.RupChecker;
import org.iovacheck.format.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code verify-proof}: does this DRUP proof refute this CNF? Checked by the in-tree RUP checker, independent of any solver. */
@Command(name = "verify-proof", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a DRUP proof (text, as drat-trim reads it) against a DIMACS CNF: every lemma must follow by "
                + "reverse unit propagation, deletions are honoured, and the proof must derive the empty clause.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  iovacheck check --host h.yaml --guest qemu-virt --ram 4G --proof proofs/",
                "  iovacheck verify-proof proofs/unsat-0123456789ab.cnf proofs/unsat-0123456789ab.drup",
                "", "Exit codes: 0 verified, 1 rejected (the first failing lemma is named), 2 unreadable input, 70 internal error."})
final class VerifyProofCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CNF", description = "The formula, DIMACS CNF ('p cnf VARIABLES CLAUSES').")
    Path cnf;

    @Parameters(index = "1", paramLabel = "PROOF", description = "The DRUP proof: one lemma per line ended by 0, 'd' before a deletion.")
    Path proof;

    @Override
    public Integer call() throws InputException {
        Cnf f = DimacsCnf.read(cnf);
        Proof p = DrupText.read(proof);
        ProofCheck c = RupChecker.check(f, p);
        var out = spec.commandLine().getOut();
        out.println(proof + ": " + c.describe());
        out.flush();
        return c.verified() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
}
