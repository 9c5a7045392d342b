package org.iovacheck.cert;

import java.util.List;

/**
 * Immutable; an unsatisfiability claim with its evidence: what the refutation means, the CNF it refutes, the DRUP proof and
 * the in-tree checker's verdict on that proof. Engines hand out only verified certificates.
 */
public record Certificate(String claim, Cnf cnf, Proof proof, ProofCheck check) {
    public Certificate {
        if (claim == null || cnf == null || proof == null || check == null) {
            throw new IllegalArgumentException("claim, cnf, proof and check are required");
        }
    }

    /** The CNF as DIMACS text with the claim as a comment. */
    public String cnfText() {
        return DimacsCnf.write(cnf, List.of("iovacheck refutation: " + claim));
    }

    public String proofText() {
        return DrupText.write(proof);
    }
}
