/**
 * Signature schemes behind the trust policy. A {@link io.stowage.api.trust.SignatureVerifier}
 * service finds and checks an image's signatures in one scheme (cosign's signature tag, a
 * Sigstore bundle among its referrers; Notation or a keyless one could be added by a bundle of
 * their own). When the policy's scope for a pull requires {@code sigstoreSigned}, the core asks
 * every verifier registered, and the image is admitted when one of them verifies a signature by
 * the policy's key; what verified it is kept with the image, and a referrer that held the
 * signature is kept in the store beside it.
 */
@Export
@Version("0.2.0")
package io.stowage.api.trust;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
