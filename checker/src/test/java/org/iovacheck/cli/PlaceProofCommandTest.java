package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** place --proof DIR writes the CNF and DRUP proof of every UNSAT step; verify-proof accepts them and rejects a corrupted one. */
class PlaceProofCommandTest {
    private static final String D05 = Cli.HOSTS + "hisilicon-d05.yaml";

    @TempDir
    Path dir;

    private static List<Path> cnfs(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(".cnf")).sorted().toList();
        }
    }

    private static Path drup(Path cnf) {
        String s = cnf.toString();
        return Path.of(s.substring(0, s.length() - 4) + ".drup");
    }

    @Test
    void anInfeasiblePlacementsProofsVerifyAndACorruptedOneFails() throws Exception {
        Path proofs = dir.resolve("proofs");
        Cli r = Cli.run("place", "--guest", "free", "--ram", "64G", "--banks", "16", "--align", "1G", "--ipa-bits", "36", "--host", D05,
                "--proof", proofs.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("verdict: INFEASIBLE"), r.out());
        List<Path> cnfs = cnfs(proofs);
        assertTrue(!cnfs.isEmpty(), "an INFEASIBLE placement has at least one UNSAT step");
        for (Path c : cnfs) {
            Cli v = Cli.run("verify-proof", c.toString(), drup(c).toString());
            assertEquals(0, v.exit(), c + ": " + v.out() + v.err());
            assertTrue(v.out().contains("verified"), v.out());
        }
        // Corruptions: the proof cut short (its last line, the empty clause, lost) and the formula emptied of its clauses.
        Path c = cnfs.get(0);
        List<String> lines = Files.readAllLines(drup(c));
        Path truncated = Files.write(dir.resolve("truncated.drup"), lines.subList(0, lines.size() - 1));
        Cli t = Cli.run("verify-proof", c.toString(), truncated.toString());
        assertEquals(1, t.exit(), t.out() + t.err());
        String header = Files.readAllLines(c).stream().filter(l -> l.startsWith("p cnf")).findFirst().orElseThrow();
        Path empty = Files.writeString(dir.resolve("empty.cnf"), header.replaceAll("[0-9]+\\s*$", "0") + "\n");
        Cli e = Cli.run("verify-proof", empty.toString(), drup(c).toString());
        assertEquals(1, e.exit(), "a proof for another formula must not verify: " + e.out() + e.err());
    }

    @Test
    void aFoundPlacementWritesTheConfirmingChecksProofAndNeedsSat() throws Exception {
        Path proofs = dir.resolve("found");
        Cli r = Cli.run("place", "--host", D05, "--guest", "qemu-virt", "--ram", "2G", "--proof", proofs.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        List<Path> cnfs = cnfs(proofs);
        assertTrue(!cnfs.isEmpty(), r.err());
        for (Path c : cnfs) {
            assertEquals(0, Cli.run("verify-proof", c.toString(), drup(c).toString()).exit(), c.toString());
        }
        Cli noSat = Cli.run("place", "--host", D05, "--guest", "qemu-virt", "--ram", "2G", "--engine", "interval", "--proof",
                dir.resolve("none").toString());
        assertEquals(2, noSat.exit(), noSat.err());
        assertTrue(noSat.err().contains("sat engine"), noSat.err());
    }
}
