package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same input, same bytes: every artefact a run writes, compared across separate JVMs (hash orders are salted per JVM). */
class DeterministicOutputTest {
    @TempDir
    Path dir;

    private int child(Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.iovacheck.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(cwd.resolve("run.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child timed out");
        return p.exitValue();
    }

    private static TreeMap<String, byte[]> files(Path root) throws Exception {
        TreeMap<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("run.log")).toList()) {
                m.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    @Test
    void savedCounterexamplesAndProofsAreTheSameBytesInEveryRun() throws Exception {
        Path host = Path.of(Cli.HOSTS + "hisilicon-d05.yaml").toAbsolutePath();
        List<TreeMap<String, byte[]>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path cwd = Files.createDirectory(dir.resolve("run" + i));
            assertEquals(1, child(cwd, "check", "--host", host.toString(), "--guest", "qemu-virt", "--ram", "4G",
                    "--save-counterexample", "cx", "--proof", "proofs"), Files.readString(cwd.resolve("run.log")));
            runs.add(files(cwd));
        }
        assertTrue(runs.get(0).keySet().stream().anyMatch(k -> k.endsWith("instance.xml")), runs.get(0).keySet().toString());
        assertTrue(runs.get(0).keySet().stream().anyMatch(k -> k.endsWith(".drup")), runs.get(0).keySet().toString());
        assertEquals(runs.get(0).keySet(), runs.get(1).keySet());
        for (String k : runs.get(0).keySet()) {
            assertArrayEquals(runs.get(0).get(k), runs.get(1).get(k), k + " differs between runs");
        }
        // the model sources inside instance.xml come in file-name order, not in a per-JVM hash order
        String xml = new String(runs.get(0).entrySet().stream().filter(e -> e.getKey().endsWith("instance.xml")).findFirst()
                .orElseThrow().getValue(), java.nio.charset.StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<source filename=\"([^\"]*)\"").matcher(xml);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        assertTrue(names.size() >= 3, names.toString());
        assertEquals(names.stream().sorted().toList(), names);
    }
}
