package io.stowage.transport.registry.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.StowageException;
import io.stowage.oci.BulkInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob's bytes that survive a broken transfer: when the connection is cut, stalls past the
 * read timeout, or ends before the descriptor's size, the stream asks again from where it was
 * (an HTTP {@code Range} request), as often as {@link Retry} allows, so the reader sees one
 * unbroken stream and every byte is fetched once.
 */
final class ResumingStream extends BulkInputStream {
    /** Opens the blob from an offset. */
    interface Opener {
        InputStream open(long offset);
    }

    private final Descriptor descriptor;
    private final Retry retry;
    private final Opener opener;
    private InputStream current;
    private long position;
    private int tried = 1;

    ResumingStream(Descriptor descriptor, long offset, Retry retry, Opener opener) {
        this.descriptor = descriptor;
        this.retry = retry;
        this.opener = opener;
        this.position = offset;
        this.current = opener.open(offset);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            if (retry.expired()) {
                throw new IOException(retry.deadlineText());
            }
            try {
                int n = current.read(b, off, len);
                if (n < 0 && position < descriptor.size()) {
                    throw new EOFException("connection closed after " + position + " of " + descriptor.size() + " bytes");
                }
                if (n > 0) {
                    position += n;
                }
                return n;
            } catch (IOException e) {
                closeCurrent();
                if (retry.expired()) {
                    throw new IOException(retry.deadlineText(), e);
                }
                if (!retry.pause(tried, null, descriptor.digest() + " cut at byte " + position + ": " + e)) {
                    String why = retry.exhausted(tried, "");
                    throw why.isEmpty() ? e : new IOException(e.getMessage() + why, e);
                }
                tried++;
                try {
                    current = opener.open(position);
                } catch (StowageException failed) {
                    if (retry.expired()) { // the deadline cut the new request: it is the cause, as for a read
                        throw new IOException(retry.deadlineText(), failed);
                    }
                    throw failed;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        current.close();
    }

    private void closeCurrent() {
        try {
            current.close();
        } catch (IOException e) {
            // the connection is broken already
        }
    }
}
