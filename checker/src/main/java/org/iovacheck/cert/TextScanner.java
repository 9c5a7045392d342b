package org.iovacheck.cert;

import org.iovacheck.format.InputException;

/** Mutable; walks the whitespace-separated tokens of a DIMACS-style text, skipping comment lines and tracking line numbers. */
final class TextScanner {
    private final String text;
    private final String file;
    private int pos;
    private int line = 1;
    private int tokenLine;

    TextScanner(String text, String file) {
        this.text = text;
        this.file = file;
    }

    /** The next token, or null at the end of the text; lines whose first token starts with 'c' are skipped whole. */
    String next() {
        while (true) {
            skipBlanks();
            if (pos >= text.length()) {
                return null;
            }
            char ch = text.charAt(pos);
            if (ch == 'c' && atLineStart()) {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
                continue;
            }
            int start = pos;
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            tokenLine = line;
            return text.substring(start, pos);
        }
    }

    /** The rest of the current line after the last token, trimmed. */
    String restOfLine() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
        return text.substring(start, pos).trim();
    }

    int tokenLine() {
        return tokenLine;
    }

    /** The token as a literal; maxVariable below 0 means any variable is allowed. */
    int literal(String token, int maxVariable) throws InputException {
        int v;
        try {
            v = Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw error("'" + token + "' is not a literal (a non-zero integer, 0 ends a clause)");
        }
        if (v == Integer.MIN_VALUE || (maxVariable >= 0 && Math.abs(v) > maxVariable)) {
            throw error("literal " + token + " is outside the declared " + maxVariable + " variables");
        }
        return v;
    }

    InputException error(String problem) {
        return new InputException(file, tokenLine, problem);
    }

    private void skipBlanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            if (text.charAt(pos) == '\n') {
                line++;
            }
            pos++;
        }
    }

    private boolean atLineStart() {
        int i = pos - 1;
        while (i >= 0 && text.charAt(i) != '\n') {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
            i--;
        }
        return true;
    }
}
