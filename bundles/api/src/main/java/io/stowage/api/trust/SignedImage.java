package io.stowage.api.trust;

import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.transport.ImageSource;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The image a pull is about to admit, as a verifier reads it: its reference, the digest of its
 * root document, and its repository.
 *
 * @since 0.1
 */
@ProviderType
public interface SignedImage {
    /** What is pulled. */
    ImageReference reference();

    /** The digest of the root document (index or manifest) the pull resolved: what a signature must name. */
    Digest digest();

    /**
     * The image's repository at {@code tagOrDigest} (a tag such as {@code sha256-<hex>.sig}, or a
     * {@code sha256:…} digest), through the pull's transport, with its credentials and mirrors;
     * the caller closes it. Its {@link ImageSource#referrers} lists what refers to a digest.
     */
    ImageSource open(String tagOrDigest);

    /**
     * Tells which manifest held the signature that verified: a referrer of the image (a manifest
     * whose {@code subject} is its digest, e.g. a Sigstore bundle's), or the manifest of cosign's
     * signature tag. The pull keeps it in the store with the image, and {@code image:save} writes
     * it beside the image. A verifier calls it before it returns null.
     *
     * @since 0.2
     */
    default void verifiedBy(Digest referrer) {
    }
}
