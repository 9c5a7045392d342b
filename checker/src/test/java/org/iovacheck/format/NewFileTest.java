package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewFileTest {
    @TempDir
    Path dir;

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void createsANewFileAndLeavesNoTemporaryFile() throws Exception {
        Path t = dir.resolve("page.html");
        assertEquals(NewFile.Result.CREATED, NewFile.create(t, "<p>é</p>", false));
        assertEquals("<p>é</p>", Files.readString(t));
        assertEquals(List.of("page.html"), names());
    }

    @Test
    void neverReplacesAnExistingFile() throws Exception {
        Path t = dir.resolve("mine.txt");
        Files.writeString(t, "the user's own text");
        NewFile.WriteFailure f = assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(t, "other", false));
        assertTrue(f.getMessage().startsWith("cannot write " + t + ": it already exists"), f.getMessage());
        // same size, other bytes: still refused when content-named files may be reused
        assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(t, "the user's own texT", true));
        assertEquals("the user's own text", Files.readString(t));
        assertEquals(NewFile.Result.UNCHANGED, NewFile.create(t, "the user's own text", true));
        assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(t, "the user's own text", false));
        assertEquals(List.of("mine.txt"), names());
    }

    @Test
    void refusesDevicesFifosFoldersAndLinksUnread() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, p.waitFor());
        // Reading a FIFO without a writer blocks forever, /dev/zero never ends: both must be refused at once.
        NewFile.WriteFailure f = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(fifo, "x", true)));
        assertTrue(f.getMessage().contains("not a regular file"), f.getMessage());
        NewFile.WriteFailure z = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(Path.of("/dev/zero"), "x", true)));
        assertTrue(z.getMessage().startsWith("cannot write /dev/zero: it exists and is not a regular file"), z.getMessage());
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertTrue(assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(sub, "x", false)).getMessage().contains("a folder"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("elsewhere"));
        assertTrue(assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(link, "x", false)).getMessage().contains("symbolic link"));
        assertFalse(Files.exists(dir.resolve("elsewhere")), "a link's target must not be created");
        assertEquals(List.of("fifo", "link", "sub"), names());
    }

    @Test
    void createsNoMissingParentFolders() throws Exception {
        Path t = dir.resolve("a/b/c.html");
        NewFile.WriteFailure f = assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(t, "x", false));
        assertTrue(f.getMessage().contains("does not exist"), f.getMessage());
        assertFalse(Files.exists(dir.resolve("a")));
        assertThrows(NewFile.WriteFailure.class, () -> NewFile.folder(dir.resolve("a/b")));
        assertFalse(Files.exists(dir.resolve("a")));
        assertTrue(NewFile.folder(dir.resolve("a")));
        assertFalse(NewFile.folder(dir.resolve("a")));
        Files.writeString(dir.resolve("file"), "");
        assertThrows(NewFile.WriteFailure.class, () -> NewFile.folder(dir.resolve("file")));
    }

    @Test
    void theReasonNamesTheTargetNotTheTemporaryFile() throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Path t = ro.resolve("x.html");
        // root ignores permission bits, so make the write fail by a reason that holds for everyone: a folder gone
        Files.delete(ro);
        NewFile.WriteFailure f = assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(t, "x", false));
        assertTrue(f.getMessage().startsWith("cannot write " + t + ": "), f.getMessage());
        assertFalse(f.getMessage().contains(".tmp"), f.getMessage());
        NewFile.WriteFailure sys = assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(Path.of("/proc/iovacheck-test"), "x", false));
        assertTrue(sys.getMessage().startsWith("cannot write /proc/iovacheck-test: "), sys.getMessage());
        assertFalse(sys.getMessage().contains(".tmp"), sys.getMessage());
    }
}
