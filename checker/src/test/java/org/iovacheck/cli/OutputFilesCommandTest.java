package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output options (--html, --proof, --save-counterexample) never read or replace a target and fail with exit 2 alike. */
class OutputFilesCommandTest {
    @TempDir
    Path dir;

    private static final String[] CHECK = {"check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--ram", "4G"};

    private static Cli check(String... more) {
        String[] a = new String[CHECK.length + more.length];
        System.arraycopy(CHECK, 0, a, 0, CHECK.length);
        System.arraycopy(more, 0, a, CHECK.length, more.length);
        return Cli.run(a);
    }

    @Test
    void htmlToADeviceOrFifoIsRefusedAtOnce() throws Exception {
        Cli z = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> check("--html", "/dev/zero"));
        assertEquals(2, z.exit(), z.err());
        assertTrue(z.err().contains("cannot write /dev/zero: it exists and is not a regular file"), z.err());
        assertEquals("", z.out());
        Path fifo = dir.resolve("page.html");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Cli f = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> check("--html", fifo.toString()));
        assertEquals(2, f.exit(), f.err());
        assertTrue(f.err().contains("not a regular file"), f.err());
    }

    @Test
    void anExistingPageIsKeptAndAMissingFolderNotCreated() throws Exception {
        Path page = dir.resolve("mine.html");
        Files.writeString(page, "mine");
        Cli r = check("--html", page.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("cannot write " + page + ": it already exists"), r.err());
        assertEquals("mine", Files.readString(page));
        Cli m = check("--html", dir.resolve("no/such/page.html").toString());
        assertEquals(2, m.exit(), m.err());
        assertFalse(Files.exists(dir.resolve("no")));
    }

    @Test
    void everyFailedWriteExitsTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Cli s = check("--save-counterexample", file.toString());
        assertEquals(2, s.exit(), "a counterexample that cannot be saved is an error, not an UNSAFE answer: " + s.err());
        assertTrue(s.err().contains("--save-counterexample: cannot write " + file + ": it exists and is not a folder"), s.err());
        Cli p = check("--proof", dir.resolve("x/y").toString());
        assertEquals(2, p.exit(), p.err());
        assertFalse(Files.exists(dir.resolve("x")));
        Cli ok = check("--proof", dir.resolve("proofs").toString());
        assertEquals(1, ok.exit(), ok.err());
        assertTrue(ok.err().contains("created the folder"), ok.err());
        assertEquals(0, Cli.run("verify-proof", Files.list(dir.resolve("proofs")).filter(q -> q.toString().endsWith(".cnf")).findFirst()
                .orElseThrow().toString(), Files.list(dir.resolve("proofs")).filter(q -> q.toString().endsWith(".drup")).findFirst()
                .orElseThrow().toString()).exit());
    }
}
