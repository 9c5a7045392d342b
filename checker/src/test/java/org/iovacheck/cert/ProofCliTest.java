package org.iovacheck.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.iovacheck.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: verify-proof's exit codes, and check --proof writing refutations that verify-proof accepts. */
class ProofCliTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void validProofExitsZero() throws Exception {
        Path cnf = write("f.cnf", DimacsCnf.write(RupCheckerTest.allEight(), List.of("all eight")));
        Path proof = write("f.drup", "1 2 0\n1 0\n2 0\n0\n");
        Run r = run("verify-proof", cnf.toString(), proof.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("verified"), r.out());
    }

    @Test
    void corruptedProofExitsOneNamingTheLemma() throws Exception {
        Path cnf = write("f.cnf", DimacsCnf.write(RupCheckerTest.allEight(), List.of()));
        Path proof = write("f.drup", "1 2 0\n-1 0\n2 0\n0\n");
        Run r = run("verify-proof", cnf.toString(), proof.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("step 2 (line 2) '-1 0'"), r.out());
    }

    @Test
    void unreadableInputExitsTwoWithFileAndLine() throws Exception {
        Path cnf = write("bad.cnf", "p cnf 2 1\n1 zz 0\n");
        Path proof = write("f.drup", "0\n");
        Run r = run("verify-proof", cnf.toString(), proof.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.cnf:2:"), r.err());
        Run missing = run("verify-proof", tmp.resolve("none.cnf").toString(), proof.toString());
        assertEquals(2, missing.code());
    }

    @Test
    void checkWritesRefutationsThatVerifyAndNeverOverwrites() throws Exception {
        Path host = hostFile("hisilicon-d05.yaml");
        Path dir = tmp.resolve("proofs");
        String[] args = {"check", "--host", host.toString(), "--guest", "qemu-virt", "--ram", "4G", "--proof", dir.toString()};
        Run first = run(args);
        assertEquals(1, first.code(), first.err());
        List<Path> files = list(dir);
        assertTrue(files.size() >= 2 && files.size() % 2 == 0, files.toString());
        Run again = run(args);
        assertEquals(1, again.code(), again.err());
        assertEquals(files, list(dir), "a second run with the same answers adds no files");
        for (Path cnf : files) {
            if (cnf.toString().endsWith(".cnf")) {
                Path proof = Path.of(cnf.toString().replace(".cnf", ".drup"));
                Run v = run("verify-proof", cnf.toString(), proof.toString());
                assertEquals(0, v.code(), v.out() + v.err());
            }
        }
        Path clash = files.get(0);
        Files.writeString(clash, "c other content\np cnf 0 0\n");
        Run third = run(args);
        assertEquals(2, third.code(), "an existing file with other content is not replaced");
        assertEquals("c other content\np cnf 0 0\n", Files.readString(clash));
    }

    @Test
    void proofNeedsTheSatEngine() throws Exception {
        Path host = hostFile("hisilicon-d05.yaml");
        Run r = run("check", "--host", host.toString(), "--guest", "qemu-virt", "--engine", "interval", "--proof", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--proof"), r.err());
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static Path hostFile(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("models/hosts"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "models/hosts not found");
        return dir.resolve("models/hosts").resolve(name);
    }
}
