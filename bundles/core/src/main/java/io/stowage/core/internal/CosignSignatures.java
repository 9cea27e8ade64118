package io.stowage.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.Manifest;
import io.stowage.api.StowageException;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import io.stowage.api.trust.SignatureVerifier;
import io.stowage.api.trust.SignedImage;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.function.Function;

/**
 * cosign's signatures with a public key, in the tag scheme cosign writes by default before v3:
 * the image {@code repo@sha256:<hex>}'s signatures are the layers of the manifest tagged
 * {@code repo:sha256-<hex>.sig}, each a simple-signing payload (JSON naming the image's digest
 * and its identity) whose signature, base64, is the layer's {@code dev.cosignproject.cosign/signature}
 * annotation. An image is signed when one such layer's signature verifies with the key, its
 * payload names the image's digest and its identity passes the policy's {@code signedIdentity}.
 */
@org.osgi.service.component.annotations.Component(service = SignatureVerifier.class)
public final class CosignSignatures implements SignatureVerifier {
    static final String ANNOTATION = "dev.cosignproject.cosign/signature";
    static final int PAYLOAD_MAX = 1 << 20;
    private static final int LAYERS_MAX = 64;

    @Override
    public String scheme() {
        return "cosign signature tag";
    }

    @Override
    public String verify(SignedImage image, PublicKey key, Function<String, String> identity) {
        Digest root = image.digest();
        try (ImageSource signatures = image.open(root.algorithm() + "-" + root.hex() + ".sig")) {
            return check(signatures, root, key, identity, image::verifiedBy);
        } catch (StowageException e) {
            return e.reason() == StowageException.Reason.NOT_FOUND ? "no signature" : "signatures unreadable: " + e.getMessage();
        }
    }

    /** The public key of a PEM {@code PUBLIC KEY} (EC, RSA or Ed25519, as cosign's are); INVALID naming {@code where} otherwise. */
    static PublicKey publicKey(String pem, String where) {
        String body = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new StowageException(StowageException.Reason.INVALID, where + ": not a PEM public key");
        }
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // the next
            }
        }
        throw new StowageException(StowageException.Reason.INVALID, where + ": not an EC, RSA or Ed25519 public key");
    }

    /**
     * Null when {@code ref}'s repository holds a signature of {@code root} by {@code key} whose
     * identity {@code identity} accepts; else why not, in a few words.
     *
     * @param identity whether the signed {@code docker-reference} is acceptable for the pull
     */
    static String check(ImageSource signatures, Digest root, PublicKey key, Function<String, String> identity) {
        return check(signatures, root, key, identity, verified -> { });
    }

    /** As above; {@code verified} is told the digest of the signature manifest that held the signature. */
    static String check(ImageSource signatures, Digest root, PublicKey key, Function<String, String> identity,
            java.util.function.Consumer<Digest> verified) {
        RawManifest raw;
        try {
            raw = signatures.resolve();
        } catch (StowageException e) {
            return e.reason() == StowageException.Reason.NOT_FOUND ? "no signature" : "signatures unreadable: " + e.getMessage();
        }
        if (raw.bytes().length > RawManifest.MAX_BYTES) {
            return "its signature manifest is too large";
        }
        Manifest manifest = OciJson.manifest(raw.bytes(), "signature manifest");
        String last = "no layer of the signature manifest is a cosign signature";
        int seen = 0;
        for (Descriptor layer : manifest.layers()) {
            String signature = layer.annotation(ANNOTATION);
            if (signature == null || ++seen > LAYERS_MAX || layer.size() > PAYLOAD_MAX) {
                continue;
            }
            byte[] payload;
            try (InputStream in = signatures.blob(layer)) {
                payload = in.readNBytes(PAYLOAD_MAX + 1);
            } catch (IOException | StowageException e) {
                last = "a signature's payload cannot be read";
                continue;
            }
            if (payload.length > PAYLOAD_MAX || !Digest.of(payload).equals(layer.digest())) {
                last = "a signature's payload is not what its manifest names";
                continue;
            }
            if (!verifies(key, payload, signature)) {
                last = "no signature by the policy's key";
                continue;
            }
            JsonNode critical = OciJson.tree(payload, "signature payload").path("critical");
            if (!"cosign container image signature".equals(critical.path("type").asText())
                    || !root.toString().equals(critical.path("image").path("docker-manifest-digest").asText())) {
                last = "a signature by the key is of another image";
                continue;
            }
            String refused = identity.apply(critical.path("identity").path("docker-reference").asText(""));
            if (refused != null) {
                last = refused;
                continue;
            }
            verified.accept(Digest.of(raw.bytes()));
            return null;
        }
        return last;
    }

    /** Whether {@code base64} is {@code key}'s signature of {@code payload} (SHA-256 with ECDSA or RSA, or Ed25519). */
    static boolean verifies(PublicKey key, byte[] payload, String base64) {
        try {
            Signature s = Signature.getInstance(SigningKeys.algorithm(key));
            s.initVerify(key);
            s.update(payload);
            return s.verify(Base64.getDecoder().decode(base64.strip()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
