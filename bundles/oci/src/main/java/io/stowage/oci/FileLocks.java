package io.stowage.oci;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-modify-write of a file shared by several processes (a running shell and a one-shot
 * command on one data directory): one monitor per lock file within this JVM, where an OS file
 * lock alone would refuse a second holder, and the OS lock across processes.
 */
public final class FileLocks {
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    /** An action run while the lock is held. */
    public interface Locked<T> {
        T run() throws IOException;
    }

    private FileLocks() {
    }

    /** Runs {@code action} holding the lock {@code lockFile} (created if missing) in this JVM and across processes. */
    public static <T> T withLock(Path lockFile, Locked<T> action) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        synchronized (MONITORS.computeIfAbsent(key, k -> new Object())) {
            try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = channel.lock()) {
                return action.run();
            }
        }
    }
}
