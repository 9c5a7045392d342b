package org.iovacheck.engine.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.parser.CompModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every command of every model under models/alloy meets its expect; the models are shaped as the project requires. */
class AlloyModelsTest {
    private static final List<String> SUBJECTS = List.of("regions", "platform", "layout", "safety", "hotadd", "questions");

    @Test
    void everySubjectHasItsFolderModelAndReadme() {
        for (String s : SUBJECTS) {
            assertTrue(Files.isRegularFile(ModelFiles.DIR.resolve(s).resolve(s + ".als")), s + ".als");
            assertTrue(Files.isRegularFile(ModelFiles.DIR.resolve(s).resolve("readme.md")), s + "/readme.md");
        }
        assertEquals(SUBJECTS.size(), ModelFiles.all().size(), "one model file per subject: " + ModelFiles.all());
    }

    @TestFactory
    Stream<DynamicContainer> everyCommandMeetsItsExpectation() {
        return ModelFiles.all().stream().map(file -> {
            CompModule world = ModelFiles.parse(file);
            List<DynamicTest> tests = new ArrayList<>();
            for (Command c : world.getAllCommands()) {
                tests.add(DynamicTest.dynamicTest((c.check ? "check " : "run ") + c.label + " expect " + c.expects,
                        () -> assertEquals(c.expects, ModelFiles.outcome(world, c), file.getFileName() + ": " + c)));
            }
            return DynamicContainer.dynamicContainer(ModelFiles.DIR.relativize(file).toString(), tests);
        });
    }

    @Test
    void everyCommandStatesItsExpectationAndEveryCheckFollowsAVacuityRun() {
        for (Path file : ModelFiles.all()) {
            List<Command> cs = ModelFiles.parse(file).getAllCommands();
            assertFalse(cs.isEmpty(), file + " has no command");
            for (int i = 0; i < cs.size(); i++) {
                Command c = cs.get(i);
                assertTrue(c.expects == 0 || c.expects == 1, file.getFileName() + ": " + c.label + " has no expect 0|1");
                if (c.check) {
                    assertEquals(0, c.expects, file.getFileName() + ": check " + c.label + " must expect 0");
                    assertTrue(i > 0 && !cs.get(i - 1).check && cs.get(i - 1).expects == 1,
                            file.getFileName() + ": check " + c.label + " is not preceded by a run that expects 1");
                }
            }
        }
    }
}
