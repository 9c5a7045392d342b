package org.iovacheck.format.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iovacheck.format.HostLoader;
import org.iovacheck.format.InputException;

/** Recognises and reads configuration files: a libvirt domain XML (first non-blank character '<') or a file holding a QEMU argv. */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /** True when the file is a libvirt domain XML or a QEMU command line rather than a guest layout file. */
    public static boolean isConfig(Path file) throws InputException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        String t = org.iovacheck.format.TextFiles.read(file).stripLeading();
        if (t.startsWith("<")) {
            return true;
        }
        String body = t.lines().filter(l -> !l.strip().startsWith("#")).reduce("", (a, b) -> a + b + "\n").strip();
        String first = body.split("\\s+", 2)[0];
        return first.startsWith("-") || first.contains("qemu-system-") || first.endsWith("qemu-kvm");
    }

    public static GuestConfig read(Path file) throws InputException {
        String text = org.iovacheck.format.TextFiles.read(file);
        if (text.stripLeading().startsWith("<")) {
            return DomainReader.read(text, file.toString());
        }
        return ArgvReader.read(words(text, file.toString()), file.toString());
    }

    /**
     * Splits a saved command line into words as a POSIX shell would for the usual cases: blanks separate, '...' is literal, "..."
     * keeps blanks (\\ and \" escape), a backslash escapes the next character and a backslash-newline joins lines; '#' at the
     * start of a word comments out the rest of the line.
     */
    public static List<String> words(String text, String file) throws InputException {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(++i);
                if (n == '\n') {
                    line++;
                    continue;
                }
                w.append(n);
                inWord = true;
            } else if (c == '\'' || c == '"') {
                int start = line;
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != c) {
                    char d = text.charAt(j);
                    if (d == '\n') {
                        line++;
                    }
                    if (c == '"' && d == '\\' && j + 1 < text.length() && "\\\"$`".indexOf(text.charAt(j + 1)) >= 0) {
                        j++;
                        d = text.charAt(j);
                    }
                    w.append(d);
                    j++;
                }
                if (j >= text.length()) {
                    throw new InputException(file, start, "unterminated " + c + " quote");
                }
                i = j;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if (c == '#' && !inWord) {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(w.toString());
        }
        if (out.isEmpty()) {
            throw new InputException(file, 0, "empty command line");
        }
        return out;
    }
}
