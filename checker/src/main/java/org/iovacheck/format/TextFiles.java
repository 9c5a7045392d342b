package org.iovacheck.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an input text file for every reader: only regular files (a FIFO or device could never end), at most
 * {@link #MAX_BYTES}, strict UTF-8; NUL bytes, a byte order mark and a lone CR are refused by name, at their line.
 */
public final class TextFiles {
    /** The largest input file read (a 200,000-line sysfs dump is about 9 MiB). */
    public static final long MAX_BYTES = 256L << 20;

    private TextFiles() {
    }

    /** What to do with NUL bytes after the last line: sysfs snapshots archived by tar carry them (see docs/formats.md). */
    public enum Padding { REFUSE, ALLOW_TRAILING_NUL }

    public static String read(Path path) throws InputException {
        return read(path, Padding.REFUSE);
    }

    public static String read(Path path, Padding padding) throws InputException {
        byte[] bytes = readBytes(path);
        return decode(bytes, path.toString(), padding);
    }

    /** Refuses what is not a regular file, naming what it is; a missing path says so. */
    public static void requireRegularFile(Path path) throws InputException {
        String label = path.toString();
        if (Files.isRegularFile(path)) {
            return;
        }
        if (Files.isDirectory(path)) {
            throw new InputException(label, 0, "is a directory, not a file");
        }
        if (!Files.exists(path)) {
            throw new InputException(label, 0, "no such file or directory");
        }
        throw new InputException(label, 0, "not a regular file (" + kind(path) + "); inputs are read from regular files only, "
                + "since a pipe or device may never end");
    }

    private static String kind(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            int type = ((Integer) mode) & 0170000;
            return switch (type) {
                case 0010000 -> "a FIFO";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    static byte[] readBytes(Path path) throws InputException {
        return readBytes(path, MAX_BYTES);
    }

    /** The bytes of a regular file of at most {@code max} bytes (at most 2 GiB); anything else is an InputException. */
    public static byte[] readBytes(Path path, long max) throws InputException {
        requireRegularFile(path);
        String label = path.toString();
        long limit = Math.min(Integer.MAX_VALUE - 16, max);
        try (InputStream in = Files.newInputStream(path)) {
            // Read into one array of the file's size (a growing read would hold the text twice); a file that grew meanwhile
            // is read on to its end, a file that shrank gives what is there.
            long size = Files.size(path);
            if (size > limit) {
                throw new InputException(label, 0, "larger than " + (limit >> 20) + " MiB; not read");
            }
            byte[] b = new byte[(int) size];
            int got = in.readNBytes(b, 0, b.length);
            if (got < b.length) {
                return java.util.Arrays.copyOf(b, got);
            }
            byte[] more = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, limit + 1 - got));
            if (more.length == 0) {
                return b;
            }
            if ((long) got + more.length > limit) {
                throw new InputException(label, 0, "larger than " + (limit >> 20) + " MiB; not read");
            }
            byte[] all = java.util.Arrays.copyOf(b, got + more.length);
            System.arraycopy(more, 0, all, got, more.length);
            return all;
        } catch (IOException e) {
            throw new InputException(label, 0, "cannot read: " + reason(e));
        }
    }

    static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Decodes {@code bytes} as strict UTF-8, naming NUL bytes, a byte order mark and invalid bytes with their line. */
    public static String decode(byte[] bytes, String file, Padding padding) throws InputException {
        boolean[] ascii = new boolean[1];
        int n = check(bytes, file, padding, ascii);
        // Plain ASCII (every sysfs dump) is UTF-8 with one byte per char: no decoder, whose fast path is an intrinsic the
        // C1-only JIT of the launcher lacks (a tenth of a 10^6-line check went there).
        return new String(bytes, 0, n, ascii[0] ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /**
     * Checks that {@code bytes} are a text file as {@link #decode} requires (the same errors, by line) without making a String;
     * returns the length of the text: all of it, less the NUL bytes after the last line when {@code padding} allows them.
     */
    public static int checkText(byte[] bytes, String file, Padding padding) throws InputException {
        return check(bytes, file, padding, new boolean[1]);
    }

    private static int check(byte[] bytes, String file, Padding padding, boolean[] asciiOut) throws InputException {
        int n = bytes.length;
        if (n >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            throw new InputException(file, 1, "the file starts with a UTF-8 byte order mark (BOM, bytes EF BB BF); save it without one");
        }
        if (padding == Padding.ALLOW_TRAILING_NUL) {
            while (n > 0 && bytes[n - 1] == 0) {
                n--;
            }
        }
        int line = 1;
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            byte c = bytes[i];
            if (c > '\r') {
                continue;
            }
            if (c < 0) {
                ascii = false;
            } else if (c == '\n') {
                line++;
            } else if (c == '\r' && (i + 1 == n || bytes[i + 1] != '\n')) {
                // YAML counts a lone CR as a line break and the line-based readers do not: refuse it, so every line number agrees.
                throw new InputException(file, line, "a carriage return (CR) that is not followed by a line feed; lines must end "
                        + "with LF or CR LF");
            } else if (c == 0) {
                throw new InputException(file, line, "the file holds NUL bytes (a binary file, or a copy padded with zeros"
                        + (padding == Padding.ALLOW_TRAILING_NUL ? " other than after its last line" : "") + "); expected text");
            }
        }
        asciiOut[0] = ascii;
        if (ascii) {
            return n;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n));
            return n;
        } catch (CharacterCodingException e) {
            int bad = firstInvalid(bytes, n);
            int l = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    l++;
                }
            }
            throw new InputException(file, l, String.format("not UTF-8 text: byte 0x%02x cannot start or continue a character",
                    bytes[bad] & 0xff));
        }
    }

    /** True when {@code bytes} hold no NUL byte and decode as UTF-8 (with no byte order mark): a text file. */
    public static boolean isText(byte[] bytes) {
        try {
            decode(bytes, "", Padding.REFUSE);
            return true;
        } catch (InputException e) {
            return false;
        }
    }

    /** The index of the first byte of the first invalid UTF-8 sequence in {@code b[0, n)}. */
    private static int firstInvalid(byte[] b, int n) {
        var dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, 0, n);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(Math.max(16, n));
        var r = dec.decode(in, out, true);
        return r.isError() ? Math.min(in.position(), n - 1) : n - 1;
    }
}
