package io.stowage.oci;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * What a path is, and why a file operation failed, in words for a one-line error: the JDK's
 * exceptions often carry only the path, never the reason.
 *
 * @since 0.4
 */
public final class FileKinds {
    private static final int S_IFMT = 0170000;

    private FileKinds() {
    }

    /**
     * What {@code path} is, following links: {@code "a regular file"}, {@code "a directory"},
     * {@code "a character device"}, {@code "a block device"}, {@code "a FIFO"}, {@code "a socket"};
     * null when nothing is there.
     */
    public static String describe(Path path) {
        if (!Files.exists(path)) {
            return null;
        }
        if (Files.isRegularFile(path)) {
            return "a regular file";
        }
        if (Files.isDirectory(path)) {
            return "a directory";
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return switch (mode & S_IFMT) {
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0010000 -> "a FIFO";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file";
        }
    }

    /**
     * Why {@code e} happened, without the path the caller names already: {@code "no such file or
     * directory"}, {@code "permission denied"}, {@code "read-only file system"}, or the message.
     */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(java.util.Locale.ROOT).startsWith("read-only")
                    ? "read-only file system" : fs.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
