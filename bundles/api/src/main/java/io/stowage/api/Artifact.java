package io.stowage.api;

import java.time.Instant;

/**
 * An OCI artifact kept in the store by {@link ArtifactService#pull}: content that is not a
 * container image (a configuration bundle, a model, firmware, a Helm chart) fetched from a
 * registry by its manifest.
 *
 * @param reference the name it was pulled by
 * @param digest its manifest's digest
 * @param artifactType the manifest's {@code artifactType}, else its config's media type
 * @param size the bytes of its manifest, config and layers
 * @param pulled when it was stored under its name
 * @since 0.4
 */
public record Artifact(ImageReference reference, Digest digest, String artifactType, long size, Instant pulled) {
}
