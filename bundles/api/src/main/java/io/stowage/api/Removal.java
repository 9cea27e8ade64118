package io.stowage.api;

import java.util.List;

/**
 * What one {@code remove} did, in Docker's terms: references untagged, then content deleted
 * (the image ID first, then blobs nothing else uses).
 *
 * @param imageId the image the argument named
 */
public record Removal(Digest imageId, List<String> untagged, List<Digest> deleted) {
    public Removal {
        untagged = List.copyOf(untagged);
        deleted = List.copyOf(deleted);
    }
}
