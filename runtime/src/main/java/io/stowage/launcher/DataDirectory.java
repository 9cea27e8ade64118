package io.stowage.launcher;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks the data directory before the framework starts, so that a store that cannot work says
 * why in one line (the store bundle would only fail to activate, leaving "no image store").
 */
final class DataDirectory {
    private DataDirectory() {
    }

    /** Null when {@code data} is, or could be made, a writable directory; else why not, in one line. */
    static String problem(Path data) {
        if (Files.exists(data) && !Files.isDirectory(data)) {
            return "data directory " + data + " is not a directory";
        }
        try {
            Files.createDirectories(data);
            Path probe = Files.createTempFile(data, ".write-check", ".tmp");
            Files.delete(probe);
            return null;
        } catch (IOException e) {
            return "data directory " + data + ": " + reason(e) + " (STOWAGE_DATA names it)";
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
