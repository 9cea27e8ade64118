package io.stowage.api.store;

import org.osgi.annotation.versioning.ConsumerType;

/** Takes new content. */
@ConsumerType
public interface BlobIngester {
    /** A new writer; what it writes stays invisible until committed. */
    BlobWriter writer();
}
