package io.stowage.core.internal;

import io.stowage.api.Digest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Blobs that operations in progress need. A pull leases what it writes or finds, before it looks
 * for it, until its image is named; deleting goes through {@link #deleteUnneeded}, which is
 * atomic with leasing and releasing, so a blob is either deleted before a pull leases it (and the
 * pull sees it missing and fetches it) or kept.
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

    /**
     * Deletes, through {@code delete}, the candidates that no pull leases and that {@code needed}
     * does not name, and returns those deleted, in order. {@code needed} is read under the same
     * lock: a pull releases its leases only once its image is named, so every finished naming is
     * in it, and a pull that leases later finds the blob gone and fetches it.
     */
    synchronized List<Digest> deleteUnneeded(Collection<Digest> candidates, Supplier<Set<Digest>> needed,
            Predicate<Digest> delete) {
        Set<Digest> keep = needed.get();
        List<Digest> deleted = new ArrayList<>();
        for (Digest d : candidates) {
            if (!held.containsKey(d) && !keep.contains(d) && delete.test(d)) {
                deleted.add(d);
            }
        }
        return deleted;
    }
}
