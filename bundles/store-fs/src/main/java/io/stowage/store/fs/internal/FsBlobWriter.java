package io.stowage.store.fs.internal;

import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Writes to a file under {@code ingest/}, hashing as it goes; commit syncs it, checks size and
 * digest, then renames it to {@code blobs/sha256/<hex>}.
 */
final class FsBlobWriter implements BlobWriter {
    private final FsBlobStore store;
    private final Path temp;
    private final FileChannel channel;
    private final MessageDigest hash = Digest.sha256();
    private long size;
    private boolean done;

    FsBlobWriter(FsBlobStore store, Path temp) {
        this.store = store;
        this.temp = temp;
        try {
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "ingest " + temp + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (done) {
            throw new IllegalStateException("writer is closed");
        }
        hash.update(bytes, offset, length);
        ByteBuffer buf = ByteBuffer.wrap(bytes, offset, length);
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            close();
            throw new StowageException(Reason.IO, "ingest " + temp.getFileName() + ": " + e.getMessage(), e);
        }
        size += length;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void commit(long expectedSize, Digest expected) {
        if (done) {
            throw new IllegalStateException("writer is closed");
        }
        try {
            BlobWriter.verify(expectedSize, expected, size, Digest.of(hash));
            channel.force(true);
            channel.close();
            done = true;
            store.publish(temp, expected);
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "blob " + expected + ": " + e.getMessage(), e);
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        done = true;
        try {
            channel.close();
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // An ingest file left behind is invisible to readers; discarding is best effort.
        }
    }
}
