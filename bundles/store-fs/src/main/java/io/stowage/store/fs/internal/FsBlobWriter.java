package io.stowage.store.fs.internal;

import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobWriter;
import io.stowage.oci.BulkInputStream;
import io.stowage.oci.ByteLocks;
import io.stowage.oci.KeyedLocks;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Writes to a file under {@code ingest/}, hashing as it goes; commit syncs it, checks size and
 * digest, then renames it to {@code blobs/sha256/<hex>}. A resumable writer's file is named by
 * its digest and outlives the writer, so the next writer of that blob continues it: one writer
 * at a time, in this JVM by {@link KeyedLocks}, across processes by a {@link ByteLocks} lock on one byte of {@code ingest.lock} chosen by the digest.
 */
final class FsBlobWriter implements BlobWriter {
    private static final KeyedLocks<Path> RESUMING = new KeyedLocks<>();

    private final FsBlobStore store;
    private final Path temp;
    private final FileChannel channel;
    private final KeyedLocks.Held held;
    private final ByteLocks.Held lock;
    private final MessageDigest hash = Digest.sha256();
    /** Bytes an earlier writer left (resumable writers only), and how many of them are hashed. */
    private final long present;
    private long hashed;
    private long size;
    private boolean done;

    private FsBlobWriter(FsBlobStore store, Path temp, FileChannel channel, KeyedLocks.Held held, ByteLocks.Held lock)
            throws IOException {
        this.store = store;
        this.temp = temp;
        this.channel = channel;
        this.held = held;
        this.lock = lock;
        this.present = channel.size();
        this.size = present;
        channel.position(present);
    }

    /** A writer of a new, unnamed ingest file. */
    static FsBlobWriter fresh(FsBlobStore store, Path temp) {
        try {
            return new FsBlobWriter(store, temp, FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), null, null);
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "ingest " + temp + ": " + e.getMessage(), e);
        }
    }

    /** A writer continuing {@code temp}, the ingest of {@code digest}, once no other writer in any process has it. */
    /** The byte of {@code ingest.lock} that whoever writes the resumable ingest of {@code digest} holds. */
    static long lockOffset(Digest digest) {
        return Long.parseLong(digest.hex().substring(0, 15), 16);
    }

    static FsBlobWriter resume(FsBlobStore store, Path temp, Path lockFile, Digest digest) {
        KeyedLocks.Held held = null;
        ByteLocks.Held lock = null;
        FileChannel channel = null;
        try {
            held = RESUMING.acquire(temp);
            lock = ByteLocks.lock(lockFile, lockOffset(digest));
            channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new FsBlobWriter(store, temp, channel, held, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            release(lock, held);
            if (e instanceof InterruptedIOException) {
                throw new StowageException(Reason.IO, "ingest " + temp.getFileName() + ": cancelled", e);
            }
            throw new StowageException(Reason.IO, "ingest " + temp.getFileName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (done) {
            throw new IllegalStateException("writer is closed");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, offset, length);
        try {
            hashPresent();
            hash.update(bytes, offset, length);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            boolean full = isFull(e);
            if (full) {
                discard(); // kept bytes would keep the disk full
            } else {
                close();
            }
            throw new StowageException(full ? Reason.NO_SPACE : Reason.IO, "ingest " + temp.getFileName() + ": "
                    + e.getMessage(), e);
        }
        size += length;
        hashed = size;
    }

    @Override
    public long size() {
        return size;
    }

    /** Reads back what an earlier writer left, hashing it on the way when read first. */
    @Override
    public InputStream written() {
        return new BulkInputStream() {
            private long position;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position >= present) {
                    return -1;
                }
                int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, present - position)), position);
                if (n > 0) {
                    if (position == hashed) {
                        hash.update(b, off, n);
                        hashed += n;
                    }
                    position += n;
                }
                return n;
            }
        };
    }

    /** Hashes what an earlier writer left and nobody read back. */
    private void hashPresent() throws IOException {
        ByteBuffer buf = null;
        while (hashed < present) {
            buf = buf == null ? ByteBuffer.allocate(1 << 20) : buf.clear();
            buf.limit((int) Math.min(buf.capacity(), present - hashed));
            int n = channel.read(buf, hashed);
            if (n < 0) {
                throw new IOException("ingest file shrank");
            }
            hash.update(buf.array(), 0, n);
            hashed += n;
        }
    }

    @Override
    public void commit(long expectedSize, Digest expected) {
        if (done) {
            throw new IllegalStateException("writer is closed");
        }
        boolean published = false;
        try {
            hashPresent();
            BlobWriter.verify(expectedSize, expected, size, Digest.of(hash));
            channel.force(true);
            store.publish(temp, expected);
            published = true;
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "blob " + expected + ": " + e.getMessage(), e);
        } finally {
            if (published) {
                close();
            } else {
                discard(); // wrong bytes, or a store that cannot take them: nothing kept
            }
        }
    }

    @Override
    public void discard() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // left for the start-up clean-up; it is invisible to readers
        }
        close();
    }

    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            if (held == null || size == 0) {
                Files.deleteIfExists(temp); // fresh writers keep nothing; an empty resumable file is litter
            }
        } catch (IOException e) {
            // An ingest file left behind is invisible to readers; discarding is best effort.
        } finally {
            closeQuietly(channel);
            release(lock, held);
        }
    }

    private static void release(ByteLocks.Held lock, KeyedLocks.Held held) {
        if (lock != null) {
            lock.release();
        }
        if (held != null) {
            held.close();
        }
    }

    /** ENOSPC or EDQUOT, which Java reports only in the message. */
    private static boolean isFull(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No space left on device") || m.contains("Disk quota exceeded");
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // nothing to keep
        }
    }
}
