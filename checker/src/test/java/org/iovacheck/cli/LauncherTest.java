package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher script, run against stand-ins for mvn and java: its build output on a non-terminal has no ANSI escapes; its choice of JDK. */
class LauncherTest {
    @TempDir
    Path dir;

    private Path script(Path p, String body) throws Exception {
        Files.writeString(p, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** "iovacheck --version" in {@code root} with the stand-ins of {@code bin} first on PATH and no JDK chosen otherwise. */
    private ProcessBuilder withStandIns(Path root, Path bin) {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("iovacheck").toString(), "--version");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("IOVACHECK_JAVA");
        pb.environment().put("IOVACHECK_JDK_DIRS", dir.resolve("no-jdks").toString());
        return pb;
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
        ProcessBuilder pb = withStandIns(root, bin);
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

    @Test
    void runsStartedTogetherOnAFreshCloneBuildOnce() throws Exception {
        // Three runs start at once with no jar: one builds (a slow stand-in mvn that counts its runs), the others wait for
        // the build lock and then find the jar fresh. Without the lock each would run Maven in the same target folder.
        Path root = Files.createDirectories(dir.resolve("repo"));
        Files.copy(Path.of("../iovacheck"), root.resolve("iovacheck"));
        Files.createDirectories(root.resolve("checker/src/main"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path count = dir.resolve("builds");
        script(bin.resolve("mvn"), "echo build >> '" + count + "'\nsleep 2\nmkdir -p checker/target && touch checker/target/iovacheck.jar\n");
        script(bin.resolve("java"), "echo ran\n");
        List<Process> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ProcessBuilder pb = withStandIns(root, bin);
            pb.environment().put("IOVACHECK_CDS", "off");
            runs.add(pb.redirectOutput(dir.resolve("out" + i).toFile()).redirectError(dir.resolve("err" + i).toFile()).start());
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(runs.get(i).waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, runs.get(i).exitValue(), Files.readString(dir.resolve("err" + i)));
            assertEquals("ran", Files.readString(dir.resolve("out" + i)).strip());
        }
        assertEquals(List.of("build"), Files.readAllLines(count), "Maven ran once for the three runs");
    }

    /** A stand-in JDK: bin/java says which JDK ran, and a release file names its version (none when null). */
    private Path jdk(String name, String version) throws Exception {
        Path home = Files.createDirectories(dir.resolve("jdks").resolve(name));
        Files.createDirectories(home.resolve("bin"));
        script(home.resolve("bin/java"), "echo ran " + name + "\n");
        if (version != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\nOS_NAME=\"Linux\"\n");
        }
        return home;
    }

    private String launch(Path root, Path pathJdk, java.util.Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("iovacheck").toString(), "--version");
        pb.environment().put("PATH", pathJdk.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("IOVACHECK_JAVA");
        pb.environment().put("IOVACHECK_CDS", "off");
        pb.environment().put("IOVACHECK_JDK_DIRS", dir.resolve("jdks") + ":" + dir.resolve("none"));
        pb.environment().putAll(env);
        Path out = dir.resolve("out");
        Process p = pb.redirectOutput(out.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return Files.readString(out).strip();
    }

    @Test
    void theNewestJdkRunsUnlessTheUserChoseOne() throws Exception {
        Path root = Files.createDirectories(dir.resolve("repo"));
        Files.copy(Path.of("../iovacheck"), root.resolve("iovacheck"));
        Files.createDirectories(root.resolve("checker/src/main"));
        Files.createDirectories(root.resolve("checker/target"));
        Files.writeString(root.resolve("checker/target/iovacheck.jar"), "not built: the stand-ins do not read it");
        Path onPath = jdk("path-17", "17.0.15");
        jdk("old-11", "11.0.2");
        jdk("jdk-21", "21.0.9");
        jdk("jdk-25", "25.0.3");
        jdk("jdk-25-older", "25.0.1");
        jdk("unversioned", null);
        jdk("early-26", "26-ea");
        assertEquals("ran jdk-25", launch(root, onPath, java.util.Map.of()), "the newest release of 17 or later, by every version field (no early-access build)");
        assertEquals("ran jdk-21", launch(root, onPath, java.util.Map.of("JAVA_HOME", dir.resolve("jdks/jdk-21").toString())),
                "JAVA_HOME is the user's choice");
        assertEquals("ran old-11", launch(root, onPath, java.util.Map.of("IOVACHECK_JAVA", dir.resolve("jdks/old-11").toString(),
                "JAVA_HOME", dir.resolve("jdks/jdk-21").toString())), "IOVACHECK_JAVA wins over JAVA_HOME, and is taken as given");
        assertEquals("ran path-17", launch(root, onPath, java.util.Map.of("IOVACHECK_JDK_DIRS", dir.resolve("none").toString())),
                "with nothing newer installed, the java on PATH");
        assertTrue(launch(root, onPath, java.util.Map.of("IOVACHECK_JAVA", dir.resolve("missing").toString()))
                .contains("not a java executable or a JDK folder"));
    }
    /**
     * The JDK's version picks the archive (an AOT cache from 25, a CDS archive before) and names it; it is read from the
     * release file of the JDK the java executable belongs to, also when the executable given is a symbolic link to it
     * (as /usr/bin/java is). The stand-in java writes the archive file it is asked to record.
     */
    @Test
    void theArchiveFollowsTheJdkBehindALinkedJava() throws Exception {
        Path root = Files.createDirectories(dir.resolve("repo"));
        Files.copy(Path.of("../iovacheck"), root.resolve("iovacheck"));
        Files.createDirectories(root.resolve("checker/src/main"));
        Files.createDirectories(root.resolve("checker/target"));
        Files.writeString(root.resolve("checker/target/iovacheck.jar"), "not built: the stand-ins do not read it");
        Path links = Files.createDirectories(dir.resolve("links"));
        for (String[] v : new String[][] {{"jdk-25", "25.0.3", "-XX:AOTCache=", ".aot"}, {"jdk-17", "17.0.15", "-XX:SharedArchiveFile=", ".jsa"}}) {
            Path home = Files.createDirectories(dir.resolve("jdks").resolve(v[0]).resolve("bin")).getParent();
            script(home.resolve("bin/java"), "for a in \"$@\"; do case \"$a\" in -XX:AOTCacheOutput=*|-XX:ArchiveClassesAtExit=*) : > \"${a#*=}\" ;; esac; done\n");
            Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + v[1] + "\"\n");
            Path link = Files.createSymbolicLink(links.resolve("java-" + v[0]), home.resolve("bin/java"));
            ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("iovacheck").toString(), "--version");
            pb.environment().put("IOVACHECK_JAVA", link.toString());
            pb.environment().put("IOVACHECK_DRY_RUN", "1");
            pb.environment().remove("IOVACHECK_CDS");
            pb.environment().remove("IOVACHECK_JAVA_OPTS");
            Path out = dir.resolve("out");
            Process p = pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String cmd = Files.readString(out);
            String archive = root.resolve("checker/target/iovacheck-jdk" + v[1] + v[3]).toString();
            assertTrue(cmd.contains(v[2] + archive), v[0] + " through a link: " + cmd);
            assertTrue(Files.exists(Path.of(archive)), archive);
        }
    }
}
