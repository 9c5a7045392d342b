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

    private static void assertProblem(String text, int line, String fragment) {
        InputException e = assertThrows(InputException.class, () -> DimacsCnf.parse(text, "bad.cnf"));
        assertEquals("bad.cnf", e.file());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().contains(fragment), e.getMessage());
    }
}
