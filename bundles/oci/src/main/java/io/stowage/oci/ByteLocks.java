package io.stowage.oci;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One-byte locks in a lock file shared by processes (which process writes a resumable ingest, say):
 * a lock on one byte at an offset the caller chooses. The file should be one that is never
 * renamed or deleted, so a process that waits for a lock finds the file it waited for.
 * <p>
 * One channel per lock file in this JVM, kept open for the JVM's life, because closing any
 * channel of a file drops every POSIX lock the process holds on it; and that channel is only used
 * from one thread that nobody interrupts, because an interrupt during a channel operation closes
 * the channel. A waiting caller polls, and may be interrupted.
 * <p>
 * It lives here, not in the store bundle that uses it, so that it outlives a store bundle's
 * update or hot swap: a second copy of the class in a new bundle would open a second channel on
 * the same file, and when the first copy's channels were closed (or collected with its class
 * loader) every lock the new one holds would go with them.
 *
 * @since 0.3
 */
public final class ByteLocks {
    private static final long POLL_MILLIS = 50;
    private static final Map<Path, FileChannel> CHANNELS = new HashMap<>();
    private static final ExecutorService LOCKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stowage-byte-locks");
        t.setDaemon(true);
        return t;
    });

    /** A held lock. */
    public interface Held {
        void release();
    }

    private ByteLocks() {
    }

    /** Waits until no other process holds byte {@code offset} of {@code lockFile}, then holds it until released. */
    public static Held lock(Path lockFile, long offset) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        while (true) {
            FileLock lock = onLocker(() -> channel(key).tryLock(offset, 1, false));
            if (lock != null) {
                return () -> {
                    try {
                        onLocker(() -> {
                            lock.release();
                            return null;
                        });
                    } catch (IOException e) {
                        // the lock ends with the process at the latest
                    }
                };
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("cancelled");
            }
        }
    }

    /**
     * Holds byte {@code offset} of {@code lockFile} if nobody holds it now, in this process or
     * another; null when somebody does.
     *
     * @since 0.4
     */
    public static Held tryLock(Path lockFile, long offset) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        FileLock lock = onLocker(() -> {
            try {
                return channel(key).tryLock(offset, 1, false);
            } catch (java.nio.channels.OverlappingFileLockException heldHere) {
                return null;
            }
        });
        return lock == null ? null : () -> {
            try {
                onLocker(() -> {
                    lock.release();
                    return null;
                });
            } catch (IOException e) {
                // the lock ends with the process at the latest
            }
        };
    }

    private static FileChannel channel(Path key) throws IOException {
        FileChannel c = CHANNELS.get(key); // only the locker thread gets here
        if (c == null || !c.isOpen()) {
            c = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            CHANNELS.put(key, c);
        }
        return c;
    }

    private static <T> T onLocker(Callable<T> action) throws IOException {
        try {
            return LOCKER.submit(action).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }
}
