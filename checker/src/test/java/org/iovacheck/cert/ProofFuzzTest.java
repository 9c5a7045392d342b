package org.iovacheck.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.iovacheck.format.InputException;

/**
 * Jazzer over the readers {@code verify-proof} uses (DIMACS CNF, DRUP text): a located InputException or a parse whose
 * written form reads back to the same text; nothing else escapes. See docs/hardening.md for the long run.
 */
class ProofFuzzTest {
    private static void assertLocated(InputException e) {
        assertNotNull(e.file(), e.getMessage());
        assertTrue(e.line() >= 0 && e.problem() != null && !e.problem().isBlank(), e.getMessage());
    }

    @FuzzTest
    void dimacs(byte[] data) throws Exception {
        String text = new String(data, StandardCharsets.UTF_8);
        Cnf cnf;
        try {
            cnf = DimacsCnf.parse(text, "fuzz.cnf");
        } catch (InputException e) {
            assertLocated(e);
            return;
        }
        String written = DimacsCnf.write(cnf, List.of("round trip"));
        assertEquals(written, DimacsCnf.write(DimacsCnf.parse(written, "written.cnf"), List.of("round trip")));
    }

    @FuzzTest
    void drup(byte[] data) throws Exception {
        String text = new String(data, StandardCharsets.US_ASCII);
        Proof p;
        try {
            p = DrupText.parse(text, "fuzz.drup");
        } catch (InputException e) {
            assertLocated(e);
            return;
        }
        String written = DrupText.write(p);
        assertEquals(written, DrupText.write(DrupText.parse(written, "written.drup")));
    }
}
