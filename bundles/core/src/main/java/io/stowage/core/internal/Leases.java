package io.stowage.core.internal;

import io.stowage.api.Digest;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blobs that operations in progress need. A pull leases what it writes or finds until its image
 * is named; removal never deletes a leased blob.
 */
final class Leases {
    private final Map<Digest, Integer> held = new ConcurrentHashMap<>();

    void acquire(Digest digest) {
        held.merge(digest, 1, Integer::sum);
    }

    void releaseAll(Collection<Digest> digests) {
        for (Digest d : digests) {
            held.computeIfPresent(d, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    boolean isLeased(Digest digest) {
        return held.containsKey(digest);
    }
}
