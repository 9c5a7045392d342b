package org.iovacheck.format.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Mutable; reads small text files of a live or copied host tree, keeping a warning for each file that exists but cannot be read. */
final class Reads {
    private final List<String> warnings = new ArrayList<>();

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    void warn(String w) {
        warnings.add(w);
    }

    /** The file's text, or empty when it is absent (silently) or unreadable (with a warning naming it and why). */
    Optional<String> text(Path p) {
        if (p == null || !Files.exists(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            warnings.add(p + ": cannot read (" + describe(e) + ")");
            return Optional.empty();
        }
    }

    /** The first line of the file, trimmed; empty when absent, unreadable or empty. */
    Optional<String> line(Path p) {
        return text(p).map(t -> {
            int nl = t.indexOf('\n');
            return (nl < 0 ? t : t.substring(0, nl)).trim();
        }).filter(s -> !s.isEmpty());
    }

    /** The last name of a symbolic link's target ({@code .../drivers/vfio-pci} gives vfio-pci); empty when {@code p} is no link. */
    Optional<String> linkName(Path p) {
        try {
            if (!Files.isSymbolicLink(p)) {
                return Optional.empty();
            }
            Path t = Files.readSymbolicLink(p).getFileName();
            return t == null ? Optional.empty() : Optional.of(t.toString());
        } catch (IOException | SecurityException e) {
            warnings.add(p + ": cannot read the link (" + describe(e) + ")");
            return Optional.empty();
        }
    }

    static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "") + (m == null ? "" : ": " + m);
    }
}
