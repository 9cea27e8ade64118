package io.stowage.api.store;

import io.stowage.api.Digest;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Blobs that operations in progress need (containerd calls these leases). A pull leases each blob
 * before it looks for it and ends its lease once its image is named; deleting goes through
 * {@link #deleteUnneeded}, which is atomic with leasing, so a blob is either deleted before a
 * lease names it (and the pull sees it missing and fetches it) or kept. A lease also ends when
 * its process ends.
 *
 * @since 0.2
 */
@ConsumerType
public interface LeaseManager {

    /** Starts an empty lease. */
    Lease lease();

    /** Every blob some lease holds now, in any process sharing the store. */
    Set<Digest> leased();

    /**
     * Deletes, through {@code delete}, the candidates that no lease holds and that {@code needed}
     * does not name, and returns those deleted, in order. {@code needed} is read while new leases
     * wait: an operation ends its lease only once its image is named, so every finished naming
     * is in it.
     */
    List<Digest> deleteUnneeded(Collection<Digest> candidates, Supplier<Set<Digest>> needed, Predicate<Digest> delete);

    /** The blobs one operation holds; closing ends it. */
    @ConsumerType
    interface Lease extends AutoCloseable {
        /** Holds {@code digest} until the lease ends. */
        void add(Digest digest);

        @Override
        void close();
    }
}
