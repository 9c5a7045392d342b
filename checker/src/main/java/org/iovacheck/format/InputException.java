package org.iovacheck.format;

/** Bad user input: names the file, the 1-based line (0 when the whole file is meant) and the problem; maps to exit code 2. */
public final class InputException extends Exception {
    private final String file;
    private final int line;
    private final String problem;

    public InputException(String file, int line, String problem) {
        super((file == null ? "" : line > 0 ? file + ":" + line + ": " : file + ": ") + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /** A problem with a command-line value rather than a file. */
    public static InputException option(String option, String problem) {
        return new InputException(null, 0, option + ": " + problem);
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
