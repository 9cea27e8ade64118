package io.stowage.api.store;

import io.stowage.api.Digest;
import org.osgi.annotation.versioning.ConsumerType;

/** Takes new content. */
@ConsumerType
public interface BlobIngester {
    /** A new writer; what it writes stays invisible until committed. */
    BlobWriter writer();

    /**
     * A writer for the blob {@code expected} that continues what an earlier writer of it left
     * (after a cut connection or a crash): its {@link BlobWriter#size()} tells how many bytes are
     * already there and {@link BlobWriter#written()} reads them back. Closed without a commit, it
     * keeps its bytes for the next resume; {@link BlobWriter#discard()} drops them. A store may
     * make a second resume of the same blob wait until the first writer is closed. Stores that
     * cannot resume return a new writer.
     *
     * @since 0.2
     */
    default BlobWriter resume(Digest expected) {
        return writer();
    }
}
