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
 * @param config its configuration; empty when the image is damaged and the configuration is lost
 * @param damage what is wrong with the stored image (e.g. {@code manifest sha256:… is missing}),
 *     or null when its manifest and configuration are there (since 0.4)
 * @param signature what verified its signature when the trust policy required one (the key and
 *     the scheme, e.g. {@code key /etc/keys/acme.pub (cosign signature tag)}), or null (since 0.6)
 */
public record Image(Digest id, Digest manifest, List<ImageReference> repoTags, List<ImageReference> repoDigests,
        long size, Instant lastTagTime, ImageConfig config, String damage, String signature) {

    public Image {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
    }

    /** An image whose signature nobody verified. */
    public Image(Digest id, Digest manifest, List<ImageReference> repoTags, List<ImageReference> repoDigests,
            long size, Instant lastTagTime, ImageConfig config, String damage) {
        this(id, manifest, repoTags, repoDigests, size, lastTagTime, config, damage, null);
    }

    /** A whole image: nothing is missing. */
    public Image(Digest id, Digest manifest, List<ImageReference> repoTags, List<ImageReference> repoDigests,
            long size, Instant lastTagTime, ImageConfig config) {
        this(id, manifest, repoTags, repoDigests, size, lastTagTime, config, null);
    }

    /**
     * Whether a blob the image needs to be listed and inspected (its manifest or its
     * configuration) is missing or unreadable; such an image is listed, and can be removed or
     * pulled again, but not inspected or used.
     *
     * @since 0.4
     */
    public boolean damaged() {
        return damage != null;
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
