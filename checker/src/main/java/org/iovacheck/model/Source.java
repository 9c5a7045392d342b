package org.iovacheck.model;

/** Immutable; where a value was read: file and 1-based line (0 when not from a line, e.g. a preset). */
public record Source(String file, int line) {
    public static final Source BUILTIN = new Source("<builtin>", 0);

    // equals and hashCode written out, with the values the record's generated ones give (as Range's): the generated ones link
    // through an invokedynamic bootstrap on first use, which a short run (one check, whose engines' answers are compared)
    // pays for each record type.
    @Override
    public boolean equals(Object o) {
        return o instanceof Source s && line == s.line && java.util.Objects.equals(file, s.file);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hashCode(file) + line;
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
