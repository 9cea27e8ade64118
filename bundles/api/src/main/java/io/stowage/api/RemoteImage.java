package io.stowage.api;

import java.util.List;

/**
 * An image as its registry holds it, read without pulling (what {@code skopeo inspect docker://…}
 * reads): the root document the reference names, the manifest chosen for the platform, its
 * configuration, and the repository's tags. Digests are checked as for a pull.
 *
 * @param reference   the reference, normalised
 * @param digest      the root document's digest (a manifest's, or an index's)
 * @param rawManifest the root document's bytes, as served
 * @param manifest    the image manifest (the platform's, from an index)
 * @param config      the image configuration
 * @param rawConfig   the configuration's bytes, as served
 * @param tags        the repository's tags, every page
 * @since 0.2
 */
public record RemoteImage(ImageReference reference, Digest digest, byte[] rawManifest, Manifest manifest,
        ImageConfig config, byte[] rawConfig, List<String> tags) {
    public RemoteImage {
        tags = List.copyOf(tags);
    }
}
