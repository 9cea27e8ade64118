package io.stowage.api;

import java.util.List;

/**
 * What a prune did: the names it took off, the images and blobs it deleted, and the bytes the
 * store gave back on disk.
 *
 * @since 0.2
 */
public record PruneResult(List<String> untagged, List<Digest> deleted, long reclaimed) {
    public PruneResult {
        untagged = List.copyOf(untagged);
        deleted = List.copyOf(deleted);
    }
}
