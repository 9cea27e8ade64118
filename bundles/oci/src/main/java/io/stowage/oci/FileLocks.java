package io.stowage.oci;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
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

    /**
     * Runs {@code action} holding the lock {@code lockFile} (created if missing) in this JVM and
     * across processes. A thread that is interrupted (a cancelled pull cleaning up after itself)
     * still gets the lock and runs the action: a file channel used by an interrupted thread
     * closes at once, so the interrupt is set aside while the lock is taken and the action runs,
     * and set again afterwards.
     */
    public static <T> T withLock(Path lockFile, Locked<T> action) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        boolean interrupted = Thread.interrupted();
        try {
            synchronized (MONITORS.computeIfAbsent(key, k -> new Object())) {
                try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock held = channel.lock()) {
                    return action.run();
                } catch (ClosedByInterruptException e) {
                    interrupted = true;
                    InterruptedIOException cut = new InterruptedIOException("interrupted while holding or waiting for " + key);
                    cut.initCause(e);
                    throw cut;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
