package io.stowage.core.internal;

import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.function.BooleanSupplier;

/**
 * Passes every byte read from a source on to a {@link BlobWriter}, refusing more bytes than the
 * descriptor announced and stopping when the operation is cancelled. The first {@code present}
 * bytes are those a resumed writer already holds: they are read, not written again.
 */
final class TeeInputStream extends FilterInputStream {
    /** Bytes between two progress reports. */
    private static final long PROGRESS_STEP = 256 << 10;
    private final BlobWriter writer;
    private final Digest digest;
    private final long limit;
    private final BooleanSupplier cancelled;
    private final long present;
    private java.util.function.LongConsumer progress = n -> { };
    private long reported;
    private long count;

    TeeInputStream(InputStream in, BlobWriter writer, Digest digest, long limit, BooleanSupplier cancelled, long present) {
        super(in);
        this.writer = writer;
        this.digest = digest;
        this.limit = limit;
        this.cancelled = cancelled;
        this.present = present;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (cancelled.getAsBoolean()) {
            throw new InterruptedIOException("cancelled");
        }
        int n = in.read(b, off, len);
        if (n > 0) {
            long start = count;
            count += n;
            if (count > limit) {
                throw new StowageException(Reason.DIGEST_MISMATCH, "blob " + digest
                        + ": digest mismatch: source sent more than the " + limit + " bytes announced");
            }
            if (count > present) {
                int skip = (int) Math.max(0, present - start);
                writer.write(b, off + skip, n - skip);
            }
            if (count - reported >= PROGRESS_STEP || count == limit) {
                reported = count;
                progress.accept(count);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Tells {@code progress} the bytes read so far, every {@value #PROGRESS_STEP} bytes and at the end. */
    TeeInputStream reporting(java.util.function.LongConsumer progress) {
        this.progress = progress;
        return this;
    }

    /** Reads what is left of the source, so every byte reaches the writer. */
    void drain() throws IOException {
        byte[] buf = new byte[1 << 16];
        while (read(buf, 0, buf.length) >= 0) {
            // passed on to the writer by read
        }
    }
}
