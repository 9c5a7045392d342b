package org.iovacheck.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * The launcher's training run: runs each argument as one iovacheck command line (split at spaces), output discarded, so that
 * the JVM can record the classes those commands load into a class-data archive (JDK 13-24: -XX:ArchiveClassesAtExit; JDK 25+:
 * -XX:AOTCacheOutput). Not a user command; always exits 0.
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] commands) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        for (String c : commands) {
            Main.run(c.trim().split(" +"), sink, sink);
        }
    }
}
