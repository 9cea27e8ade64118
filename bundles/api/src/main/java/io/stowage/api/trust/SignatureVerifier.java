package io.stowage.api.trust;

import java.security.PublicKey;
import java.util.function.Function;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One signature scheme: finds the signatures of an image in its repository and checks them
 * against a public key. Every byte a verifier reads comes from a registry or an archive and is
 * hostile: it bounds what it reads and never throws for what it finds, it says why.
 *
 * @since 0.1
 */
@ConsumerType
public interface SignatureVerifier {
    /** The scheme, as the pull's output and {@code image:inspect} name it: e.g. {@code cosign signature tag}. */
    String scheme();

    /**
     * Whether {@code image} has a signature of its digest, by {@code key}, whose signed identity
     * {@code identity} accepts.
     *
     * @param identity null for an acceptable signed reference (a {@code docker-reference}), else why it is not
     * @return null when a signature verifies; else why none does, in a few words (e.g. {@code no signature})
     */
    String verify(SignedImage image, PublicKey key, Function<String, String> identity);
}
