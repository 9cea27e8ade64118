package io.stowage.api.trust;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Signs images where they are published, as cosign signs with a key: in cosign's signature tag
 * ({@code sha256-<hex>.sig}, a simple-signing payload) or as a Sigstore bundle among the image's
 * referrers (cosign v3's form). The core provides it.
 *
 * @since 0.1
 */
@ProviderType
public interface ImageSigner {
    /** Where a signature goes. */
    enum Format {
        /** cosign's signature tag, {@code sha256-<hex>.sig}: what cosign wrote before v3, and skopeo's sigstore signing. */
        SIGNATURE_TAG,
        /** A Sigstore bundle (a DSSE envelope of an in-toto statement) attached as a referrer of the image. */
        BUNDLE
    }

    /**
     * Signs the image {@code reference} names in its registry (a tag is resolved to the digest it
     * names now, and that digest is what is signed), or in an OCI layout ({@code oci:<dir>:<ref>},
     * as a bundle beside the image), with the private key in {@code keyFile}: cosign's
     * {@code ENCRYPTED SIGSTORE PRIVATE KEY}, opened with {@code passphrase}, or an unencrypted
     * PKCS #8 {@code PRIVATE KEY} (EC, RSA or Ed25519). The signed identity is the reference as
     * given, or the name the layout gives the image.
     *
     * @return where the signature now is: the signature tag, or the bundle's manifest by digest
     *     ({@code host/app@sha256:…}, {@code oci:/dir@sha256:…})
     */
    String sign(String reference, Path keyFile, byte[] passphrase, Format format);

    /**
     * Opens the key as {@link #sign} would, and fails as it would (a file that is no such key, a
     * wrong passphrase), so that a push signs nothing it cannot sign after it has pushed.
     */
    void checkKey(Path keyFile, byte[] passphrase);
}
