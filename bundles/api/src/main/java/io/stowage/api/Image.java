package io.stowage.api;

import java.time.Instant;
import java.util.List;

/**
 * A stored image. Its identity is the digest of its configuration ({@link #id()}), as Docker's
 * IMAGE ID; it is named by its tags and by the digests it was pulled by.
 *
 * @param id the config digest
 * @param manifest the digest of the platform manifest stored for it
 * @param repoTags the tags that name it, oldest first
 * @param repoDigests {@code name@digest} references it was pulled by
 * @param size the uncompressed size of its layers, in bytes
 * @param lastTagTime when a tag was last set on it (pulled or tagged)
 */
public record Image(Digest id, Digest manifest, List<ImageReference> repoTags, List<ImageReference> repoDigests,
        long size, Instant lastTagTime, ImageConfig config) {

    public Image {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
    }

    /**
     * When the image was made, as its config says, else when it was last tagged: the time
     * listings sort by and prune filters on.
     *
     * @since 0.2
     */
    public Instant createdOrTagged() {
        Instant created = config.createdAt();
        return created != null ? created : lastTagTime;
    }
}
