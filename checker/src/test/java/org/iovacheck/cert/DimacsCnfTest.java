package org.iovacheck.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.iovacheck.format.InputException;
import org.junit.jupiter.api.Test;

/** DIMACS CNF text: what is written reads back equal; malformed files fail with file, line and problem. */
class DimacsCnfTest {
    @Test
    void roundTrip() throws InputException {
        Cnf f = new Cnf.Builder().declareVariables(7).add(1, -2).add().add(3, 4, -5).add(-7).build();
        String text = DimacsCnf.write(f, List.of("two\nlines"));
        assertTrue(text.startsWith("c two\nc lines\np cnf 7 4\n"), text);
        assertEquals(f, DimacsCnf.parse(text, "f.cnf"));
    }

    @Test
    void clausesMaySpanLinesAndCommentsAreSkipped() throws InputException {
        Cnf g = DimacsCnf.parse("c hello\np cnf 3 2\n1 -2\n 3 0\nc between\n-1 0\n%\n0\n", "g.cnf");
        assertEquals(new Cnf.Builder().declareVariables(3).add(1, -2, 3).add(-1).build(), g);
    }

    @Test
    void errorsNameFileAndLine() {
        assertProblem("p cnf 2 1\n1 x 0\n", 2, "'x' is not a literal");
        assertProblem("1 2 0\n", 1, "expected the 'p cnf");
        assertProblem("p cnf 2 1\n1 3 0\n", 2, "outside the declared 2 variables");
        assertProblem("p cnf 2 2\n1 0\n", 1, "declares 2 clauses but the file holds 1");
        assertProblem("p cnf 2 1\n1 0\n2 0\n", 3, "more clauses than");
        assertProblem("p cnf 2 1\n1 2\n", 2, "not ended by 0");
        assertProblem("p cnf two 1\n", 1, "variable count");
        assertProblem("", 0, "empty CNF file");
    }

    /** The header's shape, counts at their bounds, and comment lines however they are indented. */
    @Test
    void headerAndCommentEdges() throws InputException {
        assertEquals(new Cnf.Builder().build(), DimacsCnf.parse("p cnf 0 0\n", "e.cnf"));
        assertEquals(new Cnf.Builder().declareVariables(2).add(-2, 2).build(), DimacsCnf.parse("p  cnf   2 1  \n-2 2 0\n", "e.cnf"));
        assertEquals(new Cnf.Builder().declareVariables(1).add(1).build(), DimacsCnf.parse("  c indented\n\tc tab\np cnf 1 1\n c x\n1 0", "e.cnf"));
        assertProblem("p cnf 2\n", 1, "must read 'p cnf VARIABLES CLAUSES'");
        assertProblem("p cnf 2 1 3\n1 0\n", 1, "must read 'p cnf VARIABLES CLAUSES'");
        assertProblem("p dnf 2 1\n1 0\n", 1, "must read 'p cnf VARIABLES CLAUSES'");
        assertProblem("p cnf -1 0\n", 1, "variable count '-1' is not a non-negative integer");
        assertProblem("p cnf 1 -1\n", 1, "clause count '-1' is not a non-negative integer");
        assertProblem("p cnf 1 x\n", 1, "clause count 'x'");
        assertProblem("c only a comment\n", 0, "empty CNF file");
        // a 'c' that is not the first token of its line is no comment but a bad literal
        assertProblem("p cnf 2 1\n1 c 0\n", 2, "'c' is not a literal");
        assertProblem("p cnf 2 1\n\n\n  1 -3 0\n", 4, "outside the declared 2 variables");
        assertProblem("p cnf 2 1\n-2147483648 0\n", 2, "outside the declared");
        assertProblem("p cnf 2 1\n1\n\n2\n", 2, "not ended by 0");
    }

    @Test
    void readRefusesBinaryAndReadsText(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path bin = tmp.resolve("b.cnf");
        java.nio.file.Files.write(bin, new byte[] {'p', ' ', (byte) 0xff, (byte) 0xfe, 0, 1});
        InputException e = assertThrows(InputException.class, () -> DimacsCnf.read(bin));
        assertTrue(e.problem().contains("not a text file"), e.getMessage());
        assertEquals(bin.toString(), e.file());
        java.nio.file.Path text = tmp.resolve("t.cnf");
        java.nio.file.Files.writeString(text, "p cnf 2 2\n1 -2 0\n2 0\n");
        assertEquals(new Cnf.Builder().add(1, -2).add(2).build(), DimacsCnf.read(text));
    }

    private static void assertProblem(String text, int line, String fragment) {
        InputException e = assertThrows(InputException.class, () -> DimacsCnf.parse(text, "bad.cnf"));
        assertEquals("bad.cnf", e.file());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().contains(fragment), e.getMessage());
    }
}
