package io.stowage.core.internal;

import io.stowage.api.Digest;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Blobs that operations in progress need. A pull leases what it writes or finds, before it looks
 * for it, until its image is named; deleting goes through {@link #deleteUnlessLeased}, which is
 * atomic with leasing, so a blob is either deleted before a pull leases it (and the pull sees it
 * missing and fetches it) or kept.
 */
final class Leases {
    private final Map<Digest, Integer> held = new HashMap<>();

    synchronized void acquire(Digest digest) {
        held.merge(digest, 1, Integer::sum);
    }

    synchronized void releaseAll(Collection<Digest> digests) {
        for (Digest d : digests) {
            held.computeIfPresent(d, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    synchronized boolean isLeased(Digest digest) {
        return held.containsKey(digest);
    }

    /** Deletes through {@code delete} unless the blob is leased; true when it was deleted. */
    synchronized boolean deleteUnlessLeased(Digest digest, Predicate<Digest> delete) {
        return !held.containsKey(digest) && delete.test(digest);
    }
}
