package org.iovacheck.cert;

import java.util.Arrays;

/**
 * Immutable; the outcome of checking a DRUP proof against a CNF: verified (the empty clause was derived by reverse unit
 * propagation), rejected at a step (its index, file line and literals, and why), or interrupted by the caller.
 */
public record ProofCheck(Status status, int lemmasChecked, int deletionsApplied, int deletionsIgnored, int failedStep, int failedLine,
                         int[] failedLemma, String reason) {
    /** What the checker concluded. */
    public enum Status {
        VERIFIED, REJECTED, INTERRUPTED
    }

    public ProofCheck {
        failedLemma = failedLemma == null ? new int[0] : failedLemma.clone();
    }

    @Override
    public int[] failedLemma() {
        return failedLemma.clone();
    }

    public boolean verified() {
        return status == Status.VERIFIED;
    }

    /** One line for people: "verified: 12 lemmas ..." or "rejected: step 7 (line 7) '3 -4 0': not RUP ...". */
    public String describe() {
        return switch (status) {
            case VERIFIED -> "verified: the empty clause follows by reverse unit propagation after " + lemmasChecked + " lemma(s), "
                    + deletionsApplied + " deletion(s) applied" + (deletionsIgnored > 0 ? ", " + deletionsIgnored + " deletion(s) of absent clauses ignored" : "");
            case REJECTED -> failedStep < 0 ? "rejected: " + reason
                    : "rejected at proof step " + (failedStep + 1) + (failedLine > 0 ? " (line " + failedLine + ")" : "") + " '" + lemmaText() + "': " + reason;
            case INTERRUPTED -> "interrupted after " + lemmasChecked + " lemma(s): " + reason;
        };
    }

    private String lemmaText() {
        StringBuilder sb = new StringBuilder();
        for (int l : failedLemma) {
            sb.append(l).append(' ');
        }
        return sb.append('0').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProofCheck p && p.status == status && p.lemmasChecked == lemmasChecked && p.deletionsApplied == deletionsApplied
                && p.deletionsIgnored == deletionsIgnored && p.failedStep == failedStep && p.failedLine == failedLine
                && Arrays.equals(p.failedLemma, failedLemma) && java.util.Objects.equals(p.reason, reason);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(status, lemmasChecked, failedStep, Arrays.hashCode(failedLemma), reason);
    }

    @Override
    public String toString() {
        return describe();
    }
}
