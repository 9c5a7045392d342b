package org.iovacheck.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.iovacheck.format.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DRUP proof text: lemmas and deletions read back in order with their lines; binary and unterminated proofs are refused. */
class DrupTextTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripKeepsDeletionsAndOrder() throws InputException {
        Proof p = new Proof.Builder().add(1, 2).delete(1, 2).add(-3).add().build();
        String text = DrupText.write(p);
        assertEquals("1 2 0\nd 1 2 0\n-3 0\n0\n", text);
        Proof back = DrupText.parse(text, "p.drup");
        assertEquals(p, back);
        assertTrue(back.isDeletion(1));
        assertEquals(3, back.line(2));
        assertTrue(back.endsWithEmptyClause());
        assertEquals(3, back.lemmaCount());
    }

    @Test
    void unterminatedStepIsAnError() {
        InputException e = assertThrows(InputException.class, () -> DrupText.parse("1 0\nd 2 3\n", "p.drup"));
        assertEquals(2, e.line());
        assertTrue(e.problem().contains("not ended by 0"));
    }

    @Test
    void badTokenIsAnError() {
        InputException e = assertThrows(InputException.class, () -> DrupText.parse("1 0\n2 e 0\n", "p.drup"));
        assertEquals(2, e.line());
    }

    @Test
    void binaryDratIsRefused() throws Exception {
        Path f = tmp.resolve("bin.drat");
        Files.write(f, new byte[] {'a', 2, 4, 0});
        InputException e = assertThrows(InputException.class, () -> DrupText.read(f));
        assertTrue(e.problem().contains("binary"), e.getMessage());
    }

    @Test
    void emptyProofHasNoEmptyClause() throws InputException {
        Proof p = DrupText.parse("c nothing\n", "p.drup");
        assertEquals(0, p.size());
        assertFalse(p.endsWithEmptyClause());
    }
}
