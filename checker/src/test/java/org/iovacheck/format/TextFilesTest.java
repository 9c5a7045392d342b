package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TextFiles: what every input file must be (docs/formats.md, first paragraphs), and the messages that say why not. */
class TextFilesTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private static InputException decodeError(byte[] b, TextFiles.Padding p) {
        return assertThrows(InputException.class, () -> TextFiles.decode(b, "t", p));
    }

    @Test
    void asciiAndUtf8AreReadAsTheyAre() throws InputException {
        assertEquals("a\nb\r\nc", TextFiles.decode("a\nb\r\nc".getBytes(StandardCharsets.US_ASCII), "t", TextFiles.Padding.REFUSE));
        assertEquals("é€\n", TextFiles.decode("é€\n".getBytes(StandardCharsets.UTF_8), "t", TextFiles.Padding.REFUSE));
        assertEquals("", TextFiles.decode(new byte[0], "t", TextFiles.Padding.REFUSE));
        assertEquals("x\n", TextFiles.decode(bytes('x', '\n', 0, 0, 0), "t", TextFiles.Padding.ALLOW_TRAILING_NUL));
        assertEquals("é\n", TextFiles.decode(bytes(0xc3, 0xa9, '\n', 0), "t", TextFiles.Padding.ALLOW_TRAILING_NUL));
        assertEquals("", TextFiles.decode(bytes(0, 0), "t", TextFiles.Padding.ALLOW_TRAILING_NUL));
        assertTrue(TextFiles.isText("plain\n".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(TextFiles.isText(bytes('a', 0)));
        assertFalse(TextFiles.isText(bytes(0xff)));
    }

    @Test
    void aByteOrderMarkIsNamedOnlyWhenWhole() {
        InputException bom = decodeError(bytes(0xef, 0xbb, 0xbf, 'a'), TextFiles.Padding.REFUSE);
        assertEquals(1, bom.line());
        assertTrue(bom.problem().startsWith("the file starts with a UTF-8 byte order mark (BOM, bytes EF BB BF)"), bom.problem());
        assertTrue(decodeError(bytes(0xef, 0xbb, 0xbf), TextFiles.Padding.REFUSE).problem().contains("byte order mark"));
        // two bytes of it are no mark, just invalid UTF-8
        InputException two = decodeError(bytes(0xef, 0xbb), TextFiles.Padding.REFUSE);
        assertEquals("not UTF-8 text: byte 0xef cannot start or continue a character", two.problem());
        assertTrue(decodeError(bytes(0xef, 0xbb, 0x41), TextFiles.Padding.REFUSE).problem().startsWith("not UTF-8"));
    }

    @Test
    void nulBytesCarriageReturnsAndInvalidBytesAreLocated() {
        InputException nul = decodeError(bytes('a', '\n', 'b', '\n', 0, 'c'), TextFiles.Padding.REFUSE);
        assertEquals(3, nul.line());
        assertEquals("the file holds NUL bytes (a binary file, or a copy padded with zeros); expected text", nul.problem());
        InputException inner = decodeError(bytes('a', '\n', 0, '\n', 'b', 0), TextFiles.Padding.ALLOW_TRAILING_NUL);
        assertEquals(2, inner.line());
        assertEquals("the file holds NUL bytes (a binary file, or a copy padded with zeros other than after its last line); expected text",
                inner.problem());
        InputException trailing = decodeError(bytes('a', '\n', 0), TextFiles.Padding.REFUSE);
        assertEquals(2, trailing.line());
        InputException cr = decodeError(bytes('a', '\n', 'b', '\n', 'c', '\r', 'd'), TextFiles.Padding.REFUSE);
        assertEquals(3, cr.line());
        assertTrue(cr.problem().startsWith("a carriage return (CR) that is not followed by a line feed"), cr.problem());
        assertEquals(1, decodeError(bytes('a', '\r'), TextFiles.Padding.REFUSE).line(), "a CR at the very end");
        assertEquals(1, decodeError(bytes('a', '\r', 0), TextFiles.Padding.ALLOW_TRAILING_NUL).line(), "a CR before the padding");
        InputException bad = decodeError(bytes('a', '\n', 'b', '\n', 'c', 0xff, 'd', '\n'), TextFiles.Padding.REFUSE);
        assertEquals(3, bad.line());
        assertEquals("not UTF-8 text: byte 0xff cannot start or continue a character", bad.problem());
        InputException first = decodeError(bytes(0x80, '\n', 0xff), TextFiles.Padding.REFUSE);
        assertEquals(1, first.line());
        assertTrue(first.problem().contains("byte 0x80"), first.problem());
        InputException cut = decodeError(bytes('a', '\n', '\n', 0xc3), TextFiles.Padding.REFUSE);
        assertEquals(3, cut.line(), "a sequence cut short at the end");
        assertTrue(cut.problem().contains("byte 0xc3"), cut.problem());
        InputException afterUtf8 = decodeError(bytes(0xc3, 0xa9, '\n', 0xc3, 0x28), TextFiles.Padding.REFUSE);
        assertEquals(2, afterUtf8.line());
        assertTrue(afterUtf8.problem().contains("byte 0xc3"), afterUtf8.problem());
    }

    @Test
    void onlyRegularFilesAreRead() throws Exception {
        InputException d = assertThrows(InputException.class, () -> TextFiles.read(dir));
        assertEquals(dir.toString(), d.file());
        assertEquals(0, d.line());
        assertEquals("is a directory, not a file", d.problem());
        InputException m = assertThrows(InputException.class, () -> TextFiles.read(dir.resolve("missing")));
        assertEquals("no such file or directory", m.problem());
        if (Files.exists(Path.of("/dev/null"))) {
            InputException n = assertThrows(InputException.class, () -> TextFiles.read(Path.of("/dev/null")));
            assertEquals("not a regular file (a character device); inputs are read from regular files only, since a pipe or device may "
                    + "never end", n.problem());
        }
        Path sock = dir.resolve("s");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(sock));
            InputException s = assertThrows(InputException.class, () -> TextFiles.readBytes(sock, 10));
            assertTrue(s.problem().startsWith("not a regular file (a socket)"), s.problem());
        }
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertTrue(assertThrows(InputException.class, () -> TextFiles.read(fifo)).problem().startsWith("not a regular file (a FIFO)"));
        Path f = Files.writeString(dir.resolve("ok"), "text\n");
        assertEquals("text\n", TextFiles.read(f));
        TextFiles.requireRegularFile(f);
    }

    @Test
    void theSizeBoundIsExact() throws Exception {
        Path f = Files.write(dir.resolve("f"), new byte[1 << 20]);
        assertEquals(1 << 20, TextFiles.readBytes(f, 1 << 20).length);
        InputException e = assertThrows(InputException.class, () -> TextFiles.readBytes(f, (1 << 20) - 1));
        assertEquals(f.toString(), e.file());
        assertEquals("larger than 0 MiB; not read", e.problem());
        Path g = Files.write(dir.resolve("g"), new byte[(2 << 20) + 1]);
        assertEquals("larger than 2 MiB; not read", assertThrows(InputException.class, () -> TextFiles.readBytes(g, 2 << 20)).problem());
        assertEquals(0, TextFiles.readBytes(Files.write(dir.resolve("e"), new byte[0]), 0).length);
        assertEquals(256L << 20, TextFiles.MAX_BYTES);
    }

    @Test
    void reasonsInWords() {
        assertEquals("permission denied", TextFiles.reason(new AccessDeniedException("/x")));
        assertEquals("no such file or directory", TextFiles.reason(new NoSuchFileException("/x")));
        assertEquals("Input/output error", TextFiles.reason(new IOException("Input/output error")));
        assertEquals("IOException", TextFiles.reason(new IOException()));
    }
}
