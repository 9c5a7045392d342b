package org.iovacheck.engine.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.mit.csail.sdg.alloy4.XMLNode;
import edu.mit.csail.sdg.ast.ExprVar;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.A4SolutionReader;
import edu.mit.csail.sdg.translator.A4Tuple;
import edu.mit.csail.sdg.translator.A4TupleSet;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.iovacheck.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** check --save-counterexample writes files that check replays to the same answer, and an instance Alloy reads back. */
class CounterexampleReplayTest {
    private static final Path HOSTS = ModelFiles.DIR.getParent().resolve("hosts");

    private record Run(int exit, String out, String err) {
    }

    private static Run iovacheck(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** The conflicts of a JSON report without the source positions, which name the file read. */
    private static List<String> conflicts(String json) {
        JsonNode root = JsonMapper.builder().build().readTree(json);
        List<String> out = new ArrayList<>();
        for (JsonNode c : root.get("conflicts")) {
            JsonNode g = c.get("guest");
            JsonNode r = c.get("reserved");
            out.add(g.get("name").asString() + " " + g.get("kind").asString() + " " + g.get("first").asString() + "-" + g.get("last").asString()
                    + " | " + r.get("type").asString() + " " + r.get("group") + " " + r.get("first").asString() + "-" + r.get("last").asString()
                    + " | " + c.get("overlap").get("first").asString() + "-" + c.get("overlap").get("last").asString());
        }
        return out;
    }

    private static String verdict(String json) {
        return JsonMapper.builder().build().readTree(json).get("verdict").asString();
    }

    @Test
    void anUnsafeAnswerIsSavedReplayedAndReadBackAsAnAlloyInstance(@TempDir Path dir) throws Exception {
        String host = HOSTS.resolve("hisilicon-d05.yaml").toString();
        Run first = iovacheck("check", "--host", host, "--guest", "qemu-virt", "--ram", "4G", "--format", "json",
                "--save-counterexample", dir.toString());
        assertEquals(1, first.exit(), first.err());
        assertTrue(first.err().contains("counterexample saved in"), first.err());
        List<Path> folders;
        try (Stream<Path> s = Files.list(dir)) {
            folders = s.toList();
        }
        assertEquals(1, folders.size(), folders.toString());
        Path cx = folders.get(0);
        assertTrue(cx.getFileName().toString().matches("hisilicon-d05-qemu-virt-[0-9a-f]{12}"), cx.toString());

        Run replay = iovacheck("check", "--engine", "all", "--format", "json", "--host", cx.resolve("host.yaml").toString(),
                "--guest", cx.resolve("guest.layout").toString());
        assertEquals(1, replay.exit(), replay.err());
        assertEquals("UNSAFE", verdict(replay.out()));
        assertEquals(verdict(first.out()), verdict(replay.out()));
        assertEquals(conflicts(first.out()), conflicts(replay.out()));
        assertEquals(1, conflicts(replay.out()).size());

        A4Solution sol = A4SolutionReader.read(null, new XMLNode(new File(cx.resolve("instance.xml").toString())));
        A4TupleSet pairs = null;
        for (ExprVar v : sol.getAllSkolems()) {
            if (v.label.equals("$safety/conflicts")) {
                pairs = (A4TupleSet) sol.eval(v);
            }
        }
        assertTrue(pairs != null, "the instance carries the conflicts relation");
        assertEquals(1, pairs.size());
        A4Tuple t = pairs.iterator().next();
        assertTrue(t.atom(0).contains("GuestRegion") && t.atom(1).contains("HostRegion"), t.toString());
        assertTrue(Files.readString(cx.resolve("instance.xml")).contains("Excl1_msi_hw"), "the binding names the regions");
    }

    @Test
    void savingAgainIsANoOpAndOtherContentIsNeverReplaced(@TempDir Path dir) throws Exception {
        String[] args = {"check", "--host", HOSTS.resolve("arm64-dt-msi-moved.yaml").toString(), "--guest", "qemu-virt", "--ram", "2G",
                "--save-counterexample", dir.toString()};
        assertEquals(1, iovacheck(args).exit());
        Path cx;
        try (Stream<Path> s = Files.list(dir)) {
            cx = s.findFirst().orElseThrow();
        }
        String xml = Files.readString(cx.resolve("instance.xml"));
        Run again = iovacheck(args);
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("counterexample saved"), again.err());
        assertEquals(xml, Files.readString(cx.resolve("instance.xml")), "the instance is deterministic");

        Files.writeString(cx.resolve("instance.xml"), "edited by hand");
        Run clash = iovacheck(args);
        // a failed write is exit 2 like every other output option (issue 11, defect 3), never mistaken for the verdict
        assertEquals(2, clash.exit(), clash.err());
        assertTrue(clash.err().contains("--save-counterexample: cannot write " + cx.resolve("instance.xml")) && clash.err().contains("other content"),
                clash.err());
        assertEquals("edited by hand", Files.readString(cx.resolve("instance.xml")));
    }

    @Test
    void safeAndNoLayoutAnswersSaveNothing(@TempDir Path dir) throws Exception {
        assertEquals(0, iovacheck("check", "--host", HOSTS.resolve("hisilicon-d05.yaml").toString(), "--guest", "qemu-virt", "--ram", "2G",
                "--save-counterexample", dir.toString()).exit());
        assertEquals(1, iovacheck("check", "--host", HOSTS.resolve("hp-dl388p-rmrr.yaml").toString(), "--guest", "qemu-virt", "--ram", "4G",
                "--save-counterexample", dir.toString()).exit());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }
}
