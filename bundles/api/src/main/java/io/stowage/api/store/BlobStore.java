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

    /**
     * The bytes free for the store on the file system it writes to, as the disk budget's
     * {@code budget.min.free} reads them; empty for a store with no file system (memory).
     *
     * @since 0.4
     */
    default java.util.OptionalLong usableSpace() {
        return java.util.OptionalLong.empty();
    }

    /**
     * When each image, by image ID, was last used (pulled, tagged, inspected, run), as
     * {@link #recordUses} kept it, apart from the refs; what the store never recorded is absent.
     *
     * @since 0.4
     */
    default java.util.Map<io.stowage.api.Digest, java.time.Instant> lastUses() {
        return java.util.Map.of();
    }

    /**
     * Records that the images of {@code uses} were used then (a later time than the one kept
     * replaces it), and forgets the images not in {@code live} (removed ones). A store that
     * cannot write (a read-only file system) keeps nothing and throws nothing: a use is no
     * reason for a read to fail.
     *
     * @since 0.4
     */
    default void recordUses(java.util.Map<io.stowage.api.Digest, java.time.Instant> uses, java.util.Set<io.stowage.api.Digest> live) {
    }
}
