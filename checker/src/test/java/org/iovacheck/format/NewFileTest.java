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

    @Test
    void aTargetUnderAFileOrAMissingFolderSaysWhich() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "mine");
        NewFile.WriteFailure under = assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(file.resolve("x"), "x", false));
        assertEquals("cannot write " + file.resolve("x") + ": its folder " + file + " is not a folder", under.getMessage());
        assertEquals(file.resolve("x"), under.target());
        NewFile.WriteFailure missing = assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(dir.resolve("no/x"), "x", false));
        assertEquals("cannot write " + dir.resolve("no/x") + ": the folder " + dir.resolve("no")
                + " does not exist (iovacheck does not create it; make it first)", missing.getMessage());
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void aLongerFileWithTheSamePrefixIsOtherContent() throws Exception {
        Path t = dir.resolve("p.cnf");
        Files.write(t, new byte[] {'a', 'b', 0});
        // the same bytes and one more, a NUL: not the same content
        NewFile.WriteFailure f = assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(t, "ab", true));
        assertTrue(f.getMessage().endsWith("it already exists with other content; iovacheck never replaces a file, so choose another "
                + "name or remove it"), f.getMessage());
        Path u = Files.writeString(dir.resolve("q.cnf"), "ab");
        assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(u, "abc", true));
        NewFile.WriteFailure plain = assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(u, "ab", false));
        assertTrue(plain.getMessage().endsWith(": it already exists; iovacheck never replaces a file, so choose another name or remove it"),
                plain.getMessage());
        assertEquals(NewFile.Result.UNCHANGED, NewFile.create(u, "ab", true));
        assertEquals(NewFile.Result.CREATED, NewFile.create(dir.resolve("empty"), "", true));
        assertEquals(NewFile.Result.UNCHANGED, NewFile.create(dir.resolve("empty"), "", true));
    }

    @Test
    void aNewFileGetsTheUsualPermissionsAtMostReadableByAll() throws Exception {
        Path t = dir.resolve("out.html");
        NewFile.create(t, "x", false);
        // what a plainly created file gets under this umask, capped at rw-r--r--
        Path plain = Files.createFile(dir.resolve("plain"));
        var expected = java.util.EnumSet.copyOf(Files.getPosixFilePermissions(plain));
        expected.retainAll(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(expected, Files.getPosixFilePermissions(t));
    }

    @Test
    void preflightFailsWhereCreateWould() throws Exception {
        NewFile.preflight(dir.resolve("new.html"));
        assertFalse(Files.exists(dir.resolve("new.html")), "a preflight writes nothing");
        Path existing = Files.writeString(dir.resolve("old.html"), "x");
        NewFile.WriteFailure e = assertThrows(NewFile.WriteFailure.class, () -> NewFile.preflight(existing));
        assertTrue(e.getMessage().contains("it already exists"), e.getMessage());
        NewFile.WriteFailure folder = assertThrows(NewFile.WriteFailure.class, () -> NewFile.preflight(dir));
        assertTrue(folder.getMessage().contains("it exists and is a folder"), folder.getMessage());
        NewFile.WriteFailure missing = assertThrows(NewFile.WriteFailure.class, () -> NewFile.preflight(dir.resolve("no/x.html")));
        assertEquals("cannot write " + dir.resolve("no/x.html") + ": the folder " + dir.resolve("no")
                + " does not exist (iovacheck does not create it; make it first)", missing.getMessage());
        assertThrows(NewFile.WriteFailure.class, () -> NewFile.preflight(existing.resolve("x")));
        // folders: an existing one or one whose parent exists is fine, and nothing is created
        NewFile.preflightFolder(dir);
        NewFile.preflightFolder(dir.resolve("later"));
        assertFalse(Files.exists(dir.resolve("later")));
        NewFile.WriteFailure notFolder = assertThrows(NewFile.WriteFailure.class, () -> NewFile.preflightFolder(existing));
        assertEquals("cannot write " + existing + ": it exists and is not a folder", notFolder.getMessage());
        NewFile.WriteFailure deep = assertThrows(NewFile.WriteFailure.class, () -> NewFile.preflightFolder(dir.resolve("a/b")));
        assertEquals("cannot write " + dir.resolve("a/b") + ": its parent folder " + dir.resolve("a")
                + " does not exist (iovacheck creates only the last folder)", deep.getMessage());
        NewFile.WriteFailure deepFolder = assertThrows(NewFile.WriteFailure.class, () -> NewFile.folder(dir.resolve("a/b")));
        assertEquals(deep.getMessage(), deepFolder.getMessage());
        NewFile.WriteFailure fileFolder = assertThrows(NewFile.WriteFailure.class, () -> NewFile.folder(existing));
        assertEquals(notFolder.getMessage(), fileFolder.getMessage());
        Path link = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        assertThrows(NewFile.WriteFailure.class, () -> NewFile.preflightFolder(link));
        assertThrows(NewFile.WriteFailure.class, () -> NewFile.folder(link));
    }

    @Test
    void reasonsInWords() {
        assertEquals("permission denied", NewFile.reason(new java.nio.file.AccessDeniedException("/t/.x.tmp")));
        assertEquals("no such file or folder", NewFile.reason(new java.nio.file.NoSuchFileException("/t/.x.tmp")));
        assertEquals("not a folder", NewFile.reason(new java.nio.file.NotDirectoryException("/t")));
        assertEquals("read-only file system", NewFile.reason(new java.nio.file.FileSystemException("/t/.x.tmp", null, "Read-only file system")));
        assertEquals("input/output error", NewFile.reason(new java.nio.file.FileSystemException("/t/.x.tmp", null, "")));
        assertEquals("no space left on device", NewFile.reason(new java.io.IOException("No space left on device")));
        assertEquals("IOException", NewFile.reason(new java.io.IOException()));
    }

    @Test
    void aFileWithOneMoreByteIsOtherContent() throws Exception {
        Path t = dir.resolve("same-prefix.txt");
        Files.writeString(t, "abc\0");
        NewFile.WriteFailure f = assertThrows(NewFile.WriteFailure.class, () -> NewFile.create(t, "abc", true));
        assertTrue(f.getMessage().contains("it already exists with other content"), f.getMessage());
        assertEquals("abc\0", Files.readString(t));
    }

    @Test
    void aFolderThatIsThereIsKeptAndAMissingOneIsNamed() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.writeString(sub.resolve("kept"), "x");
        assertFalse(NewFile.folder(sub), "an existing folder is not created again");
        assertEquals("x", Files.readString(sub.resolve("kept")));
        assertTrue(NewFile.folder(dir.resolve("new")));
        NewFile.WriteFailure f = assertThrows(NewFile.WriteFailure.class, () -> NewFile.preflight(dir.resolve("missing").resolve("out.html")));
        assertTrue(f.getMessage().contains("does not exist (iovacheck does not create it; make it first)"), f.getMessage());
    }
}
