package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher script, run against stand-ins for mvn and java: its build output on a non-terminal has no ANSI escapes. */
class LauncherTest {
    @TempDir
    Path dir;

    private Path script(Path p, String body) throws Exception {
        Files.writeString(p, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void buildOutputOnANonTerminalCarriesNoEscapeCodes() throws Exception {
        Path root = Files.createDirectories(dir.resolve("repo"));
        Files.copy(Path.of("../iovacheck"), root.resolve("iovacheck"));
        Files.createDirectories(root.resolve("checker/src/main"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // mvn as Maven 3.8 behaves with -B on a pipe: colour codes all the same; it "builds" the jar.
        script(bin.resolve("mvn"), "printf '\\033[0m\\033[0m\\033[1;33mWARNING\\033[m something\\n' >&2\n"
                + "mkdir -p checker/target && touch checker/target/iovacheck.jar\n");
        script(bin.resolve("java"), "echo ran \"$@\"\n");
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("iovacheck").toString(), "--version");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String e = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), e);
        assertTrue(e.contains("WARNING something"), e);
        assertFalse(e.contains("\u001b"), "escape codes on a non-terminal: " + e);
        assertTrue(Files.readString(out).contains("ran"), "the launcher runs the jar after building it");
    }
}
