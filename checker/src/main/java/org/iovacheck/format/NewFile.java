package org.iovacheck.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * Creates output files without ever replacing or reading what a user has: a target that exists and is not a regular file
 * (a FIFO, a device, a folder, a symbolic link) is refused unread; the content goes to a temporary file in the same folder
 * that is hard-linked into place (which fails rather than replace) and removed in every case. Failures are
 * {@link WriteFailure}s whose message names the real target and the reason.
 */
public final class NewFile {
    private NewFile() {
    }

    /** Immutable; why an output could not be written, already phrased as "cannot write TARGET: REASON". */
    public static final class WriteFailure extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Path target;

        WriteFailure(Path target, String reason) {
            super("cannot write " + target + ": " + reason);
            this.target = target;
        }

        public Path target() {
            return target;
        }
    }

    /** What happened to a target. */
    public enum Result {
        /** The file did not exist and now holds the content. */
        CREATED,
        /** A regular file with exactly this content was already there (content-named outputs); left as it is. */
        UNCHANGED
    }

    /**
     * Creates {@code target} holding {@code text} (UTF-8). Its folder must exist. An existing target is refused, unless
     * {@code sameContentOk} and it is a regular file of the same size and bytes (only then is it read, and never past that size).
     */
    public static Result create(Path target, String text, boolean sameContentOk) throws WriteFailure {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new WriteFailure(target, dir != null && Files.exists(dir, LinkOption.NOFOLLOW_LINKS) ? "its folder " + dir
                    + " is not a folder" : "the folder " + dir + " does not exist (iovacheck does not create it; make it first)");
        }
        if (existing(target, abs, bytes, sameContentOk)) {
            return Result.UNCHANGED;
        }
        Path tmp = null;
        try {
            tmp = Files.getFileStore(dir).supportsFileAttributeView("posix")
                    ? Files.createTempFile(dir, "." + abs.getFileName(), ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")))
                    : Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.createLink(abs, tmp);
            } catch (UnsupportedOperationException e) {
                Files.move(tmp, abs); // no hard links here: a move without REPLACE_EXISTING still refuses an existing target
            }
            return Result.CREATED;
        } catch (FileAlreadyExistsException e) {
            // created by someone else meanwhile: judge it as if it had been there before
            if (existing(target, abs, bytes, sameContentOk)) {
                return Result.UNCHANGED;
            }
            throw new WriteFailure(target, "it appeared while iovacheck was writing it");
        } catch (IOException e) {
            throw new WriteFailure(target, reason(e));
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // the temporary file is hidden (.NAME...tmp); nothing better to do than leave it
                }
            }
        }
    }

    /** Fails now, before any work, when {@link #create} with {@code sameContentOk} false would fail for where the target is. */
    public static void preflight(Path target) throws WriteFailure {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new WriteFailure(target, "the folder " + dir + " does not exist (iovacheck does not create it; make it first)");
        }
        existing(target, abs, new byte[0], false);
        if (!Files.isWritable(dir)) {
            throw new WriteFailure(target, "permission denied (the folder " + dir + " is not writable)");
        }
    }

    /** Fails now when {@link #folder} would fail: dir exists as something else, or neither it nor its parent exists. */
    public static void preflightFolder(Path dir) throws WriteFailure {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new WriteFailure(dir, "it exists and is not a folder");
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new WriteFailure(dir, "its parent folder " + parent + " does not exist (iovacheck creates only the last folder)");
        }
    }

    /** Makes {@code dir} if it is missing and its parent exists; true when it was created (callers say so). */
    public static boolean folder(Path dir) throws WriteFailure {
        if (Files.isDirectory(dir)) {
            return false;
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new WriteFailure(dir, "it exists and is not a folder");
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new WriteFailure(dir, "its parent folder " + parent + " does not exist (iovacheck creates only the last folder)");
        }
        try {
            Files.createDirectory(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(dir)) {
                return false;
            }
            throw new WriteFailure(dir, "it exists and is not a folder");
        } catch (IOException e) {
            throw new WriteFailure(dir, reason(e));
        }
    }

    /** True when the target exists as a regular file of the same bytes and that is acceptable; false when it is absent. */
    private static boolean existing(Path target, Path abs, byte[] bytes, boolean sameContentOk) throws WriteFailure {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(abs, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new WriteFailure(target, reason(e));
        }
        if (!a.isRegularFile()) {
            String what = a.isDirectory() ? "a folder" : a.isSymbolicLink() ? "a symbolic link" : "not a regular file (a device, FIFO or socket)";
            throw new WriteFailure(target, "it exists and is " + what + "; iovacheck writes only new regular files");
        }
        if (sameContentOk && a.size() == bytes.length && sameBytes(abs, bytes)) {
            return true;
        }
        throw new WriteFailure(target, "it already exists" + (sameContentOk ? " with other content" : "")
                + "; iovacheck never replaces a file, so choose another name or remove it");
    }

    private static boolean sameBytes(Path abs, byte[] bytes) {
        try (InputStream in = Files.newInputStream(abs, LinkOption.NOFOLLOW_LINKS)) {
            byte[] have = in.readNBytes(bytes.length);
            return Arrays.equals(have, bytes) && in.read() < 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The reason in words, without the temporary file's name. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String r = f.getReason();
            return r.isEmpty() ? "input/output error" : Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }
}
