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

    /**
     * The store's own leases, for a store that several processes share (the fs store keeps them
     * in files); null when leases kept in the memory of the one process using the store suffice.
     *
     * @since 0.2
     */
    default LeaseManager leases() {
        return null;
    }
}
