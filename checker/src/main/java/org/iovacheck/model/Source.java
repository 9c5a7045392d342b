package org.iovacheck.model;

/** Immutable; where a value was read: file and 1-based line (0 when not from a line, e.g. a preset). */
public record Source(String file, int line) {
    public static final Source BUILTIN = new Source("<builtin>", 0);

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
