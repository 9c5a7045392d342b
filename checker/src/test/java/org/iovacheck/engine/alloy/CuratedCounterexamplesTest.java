package org.iovacheck.engine.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.mit.csail.sdg.alloy4.XMLNode;
import edu.mit.csail.sdg.ast.ExprVar;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.A4SolutionReader;
import edu.mit.csail.sdg.translator.A4TupleSet;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.iovacheck.cli.Main;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every folder under counterexamples/ replays to UNSAFE with both engines, its readme says how, and its instance reads back. */
class CuratedCounterexamplesTest {
    private static final Path DIR = ModelFiles.DIR.getParent().getParent().resolve("counterexamples");

    private static List<Path> folders() throws Exception {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void thereAreCuratedCounterexamplesAndTheReadmeReplaysEach() throws Exception {
        List<Path> fs = folders();
        assertFalse(fs.isEmpty());
        String readme = Files.readString(DIR.resolve("readme.md"));
        for (Path f : fs) {
            String name = f.getFileName().toString();
            assertTrue(readme.contains("./iovacheck check --host counterexamples/" + name + "/host.yaml --guest counterexamples/" + name
                    + "/guest.layout"), "readme replays " + name);
        }
    }

    @TestFactory
    Stream<DynamicTest> eachReplaysToUnsafe() throws Exception {
        return folders().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"check", "--engine", "all", "--format", "json", "--host", f.resolve("host.yaml").toString(),
                    "--guest", f.resolve("guest.layout").toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
            assertEquals(1, code, err.toString());
            JsonNode root = JsonMapper.builder().build().readTree(out.toString());
            assertEquals("UNSAFE", root.get("verdict").asString());
            for (JsonNode e : root.get("engines")) {
                assertEquals("UNSAFE", e.get("verdict").asString(), e.get("name").asString());
            }
            A4Solution sol = A4SolutionReader.read(null, new XMLNode(new File(f.resolve("instance.xml").toString())));
            int pairs = -1;
            for (ExprVar v : sol.getAllSkolems()) {
                if (v.label.equals("$safety/conflicts")) {
                    pairs = ((A4TupleSet) sol.eval(v)).size();
                }
            }
            assertEquals(root.get("conflicts").size(), pairs, "the instance holds the replayed conflicts");
        }));
    }
}
