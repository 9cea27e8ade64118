package io.stowage.api.store;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A content store: every role in one service. Registered with {@link #PROPERTY} naming its kind
 * ({@code fs}, {@code memory}); the core binds the one its configuration selects.
 */
@ConsumerType
public interface BlobStore extends BlobReader, BlobIngester, BlobManager, RefStore {
    /** Service property naming the kind of store. */
    String PROPERTY = "stowage.store";
}
