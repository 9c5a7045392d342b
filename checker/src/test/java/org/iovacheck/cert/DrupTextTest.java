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

    /** Every byte of the first 4 KiB is looked at: a NUL or any byte from 0x80 up marks a binary proof. */
    @Test
    void binaryBytesAreFoundAnywhereInTheFirstBlock() throws Exception {
        for (int b : new int[] {0, 0x80, 0xff}) {
            for (int at : new int[] {0, 5, 4095}) {
                byte[] bytes = new byte[Math.max(at + 1, 8)];
                java.util.Arrays.fill(bytes, (byte) ' ');
                bytes[bytes.length - 2] = '0';
                bytes[bytes.length - 1] = '\n';
                bytes[at] = (byte) b;
                Path f = tmp.resolve("p" + b + "-" + at + ".drat");
                Files.write(f, bytes);
                InputException e = assertThrows(InputException.class, () -> DrupText.read(f), "byte " + b + " at " + at);
                assertTrue(e.problem().contains("binary"), e.getMessage());
            }
        }
        Path ok = tmp.resolve("ok.drup");
        Files.writeString(ok, "1 2 0\nd 1 2 0\n0\n");
        assertEquals(new Proof.Builder().add(1, 2).delete(1, 2).add().build(), DrupText.read(ok));
    }

    /** Lines: a step starts on the line of its first token (the 'd' of a deletion), comments and blank lines skipped. */
    @Test
    void stepsRememberTheLineTheyStartOn() throws InputException {
        Proof p = DrupText.parse("c proof\n\n1\n 2 0 d\n-1 0 0\n  c late comment\n3 0\n", "p.drup");
        assertEquals(new Proof.Builder().add(1, 2).delete(-1).add().add(3).build(), p);
        assertEquals(3, p.line(0));
        assertEquals(4, p.line(1));
        assertEquals(5, p.line(2));
        assertEquals(7, p.line(3));
        InputException e = assertThrows(InputException.class, () -> DrupText.parse("1 0\n-2147483648 0\n", "p.drup"));
        assertEquals(2, e.line());
        InputException d = assertThrows(InputException.class, () -> DrupText.parse("d\n", "p.drup"));
        assertEquals(1, d.line());
        assertTrue(d.problem().contains("not ended by 0"), d.getMessage());
    }

    @Test
    void emptyProofHasNoEmptyClause() throws InputException {
        Proof p = DrupText.parse("c nothing\n", "p.drup");
        assertEquals(0, p.size());
        assertFalse(p.endsWithEmptyClause());
    }
}
