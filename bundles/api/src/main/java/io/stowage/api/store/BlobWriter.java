package io.stowage.api.store;

import io.stowage.api.Digest;
import java.io.Closeable;
import java.io.InputStream;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An ingest in progress. Bytes written are invisible to readers until {@link #commit} checks
 * their size and digest and publishes them atomically. {@link #close()} without a commit
 * discards them. Not thread-safe: one writer, one thread at a time.
 */
@ConsumerType
public interface BlobWriter extends Closeable {

    void write(byte[] bytes, int offset, int length);

    /** Bytes written so far. */
    long size();

    /**
     * Publishes the blob under its digest. When the store already holds that digest, the bytes
     * written are discarded and the commit succeeds.
     *
     * @throws io.stowage.api.StowageException DIGEST_MISMATCH naming the expected digest when
     *         size or digest differ; nothing is published then
     */
    void commit(long expectedSize, Digest expected);

    /**
     * The check every store makes on commit.
     *
     * @throws io.stowage.api.StowageException DIGEST_MISMATCH naming the expected digest
     */
    static void verify(long expectedSize, Digest expected, long actualSize, Digest actual) {
        if (actualSize != expectedSize || !actual.equals(expected)) {
            throw new io.stowage.api.StowageException(io.stowage.api.StowageException.Reason.DIGEST_MISMATCH,
                    "blob " + expected + ": digest mismatch: got " + actual + " (" + actualSize
                            + " bytes, expected " + expectedSize + ")");
        }
    }

    /**
     * The bytes written so far, from the first; for a resumed writer, those an earlier writer
     * left. Read them before writing more.
     *
     * @since 0.2
     */
    default InputStream written() {
        if (size() == 0) {
            return InputStream.nullInputStream();
        }
        throw new UnsupportedOperationException("this writer cannot read back what it wrote");
    }

    /**
     * Drops what was written, also what a resumable writer would keep, and closes the writer.
     *
     * @since 0.2
     */
    default void discard() {
        close();
    }

    /**
     * Ends the writer unless committed: what it wrote is discarded, or, for a writer from
     * {@link BlobIngester#resume}, kept for the next resume. Never throws for that.
     */
    @Override
    void close();
}
