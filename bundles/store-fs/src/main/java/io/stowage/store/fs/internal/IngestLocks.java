package io.stowage.store.fs.internal;

import io.stowage.api.Digest;
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
 * Which process writes a resumable ingest: a lock on one byte of {@code ingest.lock}, at an offset
 * taken from the blob's digest. The file is never renamed or deleted, unlike the ingest files,
 * so a process that waits for a lock finds the file it waited for.
 * <p>
 * One channel per lock file in this JVM, kept open, because closing any channel of a file drops
 * every POSIX lock the process holds on it; and that channel is only used from one thread that
 * nobody interrupts, because an interrupt during a channel operation closes the channel. A
 * waiting caller polls, and may be interrupted.
 */
final class IngestLocks {
    private static final long POLL_MILLIS = 50;
    private static final Map<Path, FileChannel> CHANNELS = new HashMap<>();
    private static final ExecutorService LOCKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stowage-ingest-locks");
        t.setDaemon(true);
        return t;
    });

    /** A held lock. */
    interface Held {
        void release();
    }

    private IngestLocks() {
    }

    /** Waits until no other process writes {@code digest}'s ingest, then holds it until released. */
    static Held lock(Path lockFile, Digest digest) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        long offset = Long.parseLong(digest.hex().substring(0, 15), 16);
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
