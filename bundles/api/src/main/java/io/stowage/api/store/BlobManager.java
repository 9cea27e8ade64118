package io.stowage.api.store;

import io.stowage.api.Digest;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/** Lists and deletes committed blobs. */
@ConsumerType
public interface BlobManager {

    /** Calls {@code visitor} once for every committed blob, in no particular order. */
    void walk(Consumer<BlobInfo> visitor);

    /** Deletes a blob; returns false when it was not there. */
    boolean delete(Digest digest);

    /**
     * Takes a corrupt blob out of the store, keeping its bytes aside where the store can (the
     * fs store moves it to {@code quarantine/}); returns false when it was not there.
     *
     * @since 0.1
     */
    default boolean quarantine(Digest digest) {
        return delete(digest);
    }

    /**
     * Calls {@code visitor} for every partial download the store keeps to resume: the digest it
     * will have, and the bytes kept so far. A store that keeps none keeps the default.
     *
     * @since 0.3
     */
    default void walkPartial(Consumer<BlobInfo> visitor) {
    }

    /**
     * Deletes a partial download unless a pull (in any process) is writing it now; returns
     * whether it was deleted.
     *
     * @since 0.3
     */
    default boolean deletePartial(Digest digest) {
        return false;
    }
}
