package org.iovacheck.engine.alloy;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.alloy4.Util;
import edu.mit.csail.sdg.parser.CompModule;
import edu.mit.csail.sdg.parser.CompUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safety model of models/alloy as the jar carries it, parsed once in memory under a root module holding the engine's two
 * command templates; Alloy's util modules come from its own jar, so no file is read or written.
 */
final class AlloyModels {
    /** The command names of the root module: the safety check and the vacuity run, both for one bound instance. */
    static final String CHECK = "safeLayout";
    static final String RUN = "boundInstance";
    /** The model files the safety model needs, by module path. */
    private static final List<String> SAFETY_MODULES = List.of("regions/regions", "platform/platform", "layout/layout", "safety/safety");
    private static final String RESOURCE_DIR = "/org/iovacheck/engine/alloy/models/";
    private static final String ROOT = Util.canon(java.io.File.separator + "iovacheck-alloy-models");
    private static final Map<String, String> SOURCES = load();

    private AlloyModels() {
    }

    private static final String ROOT_TEXT = "module instance\n\nopen safety/safety\n\n"
            + "check " + CHECK + " for 1 but 1 Int, 0 seq\n"
            + "run " + RUN + " {} for 1 but 1 Int, 0 seq\n";
    private static CompModule world;

    /**
     * The safety model under a root module with the two command templates, parsed once. Alloy's AST is not thread-safe:
     * callers hold the class lock while they use it.
     */
    static synchronized CompModule world() {
        if (world == null) {
            Map<String, String> files = new LinkedHashMap<>(SOURCES);
            String rootPath = pathOf("instance");
            files.put(rootPath, ROOT_TEXT);
            world = CompUtil.parseEverything_fromFile(A4Reporter.NOP, files, rootPath);
        }
        return world;
    }

    /** Every model file the safety model uses, by the path Alloy knows it under, plus the root module. */
    static Map<String, String> sources() {
        Map<String, String> files = new LinkedHashMap<>(SOURCES);
        files.put(pathOf("instance"), ROOT_TEXT);
        return files;
    }

    private static String pathOf(String modulePath) {
        return ROOT + java.io.File.separator + modulePath.replace('/', java.io.File.separatorChar) + ".als";
    }

    private static Map<String, String> load() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String module : SAFETY_MODULES) {
            String res = RESOURCE_DIR + module + ".als";
            try (InputStream in = AlloyModels.class.getResourceAsStream(res)) {
                if (in == null) {
                    throw new IllegalStateException("the Alloy model " + res + " is missing from the build (see checker/pom.xml resources)");
                }
                m.put(pathOf(module), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // Map.copyOf iterates in an order salted per JVM run; the saved instance.xml lists these sources in map order, and
        // must be the same bytes for the same input (issue 11, defect 7).
        return java.util.Collections.unmodifiableMap(m);
    }
}
