package io.stowage.api;

/**
 * A manifest that refers to an image through its {@code subject} (OCI 1.1): a signature, an SBOM,
 * an attestation, as the registry's Referrers API or the {@code sha256-<hex>} tag lists it. Its
 * annotations are the descriptor's.
 *
 * @param descriptor the referring manifest: media type, digest, size, annotations
 * @param artifactType what it holds, e.g. {@code application/spdx+json}; empty when the list gives none
 * @since 0.4
 */
public record Referrer(Descriptor descriptor, String artifactType) {
    public Referrer {
        if (descriptor == null) {
            throw new StowageException(StowageException.Reason.INVALID, "referrer without descriptor");
        }
        artifactType = artifactType == null ? "" : artifactType;
    }
}
