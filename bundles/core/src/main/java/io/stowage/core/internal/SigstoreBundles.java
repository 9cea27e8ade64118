package io.stowage.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.Manifest;
import io.stowage.api.Referrer;
import io.stowage.api.StowageException;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import io.stowage.api.trust.SignatureVerifier;
import io.stowage.api.trust.SignedImage;
import io.stowage.oci.OciJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.osgi.service.component.annotations.Component;

/**
 * Sigstore bundles among an image's referrers, as cosign v3 attaches them by default (cosign's
 * bundle specification): a manifest whose {@code artifactType} is a bundle's media type, its
 * layer the bundle's JSON, found through the Referrers API or the tag schema. A bundle is a
 * signature of the image when its DSSE envelope's signature over DSSE's pre-authentication
 * encoding verifies with the policy's key and its in-toto statement has a subject with the
 * image's digest; that subject's name is the signed identity. The policy's key is the trust:
 * the bundle's certificates and transparency-log entries are not consulted (keyless
 * verification needs Fulcio's and Rekor's roots, which an offline appliance does not have).
 */
@Component(service = SignatureVerifier.class)
public final class SigstoreBundles implements SignatureVerifier {
    static final String BUNDLE_TYPE = "application/vnd.dev.sigstore.bundle";
    /** What cosign 2.5 listed its bundles as in a referrers index (cosign#4422): looked into too. */
    private static final String EMPTY_TYPE = "application/vnd.oci.empty.v1+json";
    private static final int BUNDLES_MAX = 32;
    private static final int SIGNATURES_MAX = 16;
    private static final int SUBJECTS_MAX = 1024;

    @Override
    public String scheme() {
        return "sigstore bundle";
    }

    @Override
    public String verify(SignedImage image, PublicKey key, Function<String, String> identity) {
        List<Referrer> referrers;
        try {
            referrers = Referrers.of(image::open, image.digest(), image.reference().familiarName());
        } catch (StowageException e) {
            return "referrers unreadable: " + e.getMessage();
        }
        String last = "no sigstore bundle among its referrers";
        int seen = 0;
        for (Referrer r : referrers) {
            if (!r.artifactType().startsWith(BUNDLE_TYPE) && !r.artifactType().equals(EMPTY_TYPE)) {
                continue;
            }
            if (++seen > BUNDLES_MAX) {
                break;
            }
            try (ImageSource source = image.open(r.descriptor().digest().toString())) {
                byte[] bundle = bundle(source, r.descriptor().digest());
                if (bundle == null) {
                    continue; // another artifact of the empty type
                }
                String why = check(bundle, image.digest(), key, identity);
                if (why == null) {
                    image.verifiedBy(r.descriptor().digest());
                    return null;
                }
                last = why;
            } catch (StowageException e) {
                last = "a bundle cannot be read: " + e.getMessage();
            }
        }
        return last;
    }

    /** The bundle's JSON from the referrer manifest {@code digest}; null when the manifest holds none. */
    private static byte[] bundle(ImageSource source, Digest digest) {
        RawManifest raw = source.resolve();
        if (raw.bytes().length > RawManifest.MAX_BYTES || !Digest.of(raw.bytes()).equals(digest)) {
            throw new StowageException(StowageException.Reason.INVALID, "its manifest is not " + digest);
        }
        Manifest manifest = OciJson.manifest(raw.bytes(), "bundle manifest " + digest);
        for (Descriptor layer : manifest.layers()) {
            if (!layer.mediaType().startsWith(BUNDLE_TYPE)) {
                continue;
            }
            if (layer.size() > CosignSignatures.PAYLOAD_MAX) {
                throw new StowageException(StowageException.Reason.INVALID, "bundle " + layer.digest() + " is too large");
            }
            byte[] bytes;
            try (InputStream in = source.blob(layer)) {
                bytes = in.readNBytes(CosignSignatures.PAYLOAD_MAX + 1);
            } catch (IOException e) {
                throw new StowageException(StowageException.Reason.IO, "bundle " + layer.digest() + ": " + e.getMessage(), e);
            }
            if (bytes.length != layer.size() || !Digest.of(bytes).equals(layer.digest())) {
                throw new StowageException(StowageException.Reason.INVALID, "bundle " + layer.digest() + " is not what its manifest names");
            }
            return bytes;
        }
        return null;
    }

    /** Null when {@code bundle} is {@code key}'s signature of a statement about {@code root} whose subject {@code identity} accepts. */
    static String check(byte[] bundle, Digest root, PublicKey key, Function<String, String> identity) {
        JsonNode b = OciJson.tree(bundle, "sigstore bundle");
        if (!b.path("mediaType").asText("").startsWith(BUNDLE_TYPE)) {
            return "a referrer is not a sigstore bundle";
        }
        JsonNode envelope = b.path("dsseEnvelope");
        if (!envelope.isObject()) {
            return "a bundle holds a message signature, not a statement about the image";
        }
        String type = envelope.path("payloadType").asText("");
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(envelope.path("payload").asText(""));
        } catch (IllegalArgumentException e) {
            return "a bundle's payload is not base64";
        }
        JsonNode signatures = envelope.path("signatures");
        boolean signed = false;
        for (int i = 0; i < Math.min(signatures.size(), SIGNATURES_MAX) && !signed; i++) {
            signed = CosignSignatures.verifies(key, pae(type, payload), signatures.get(i).path("sig").asText(""));
        }
        if (!signed) {
            return "no bundle signed by the policy's key";
        }
        if (!"application/vnd.in-toto+json".equals(type)) {
            return "a bundle by the key holds no in-toto statement";
        }
        JsonNode subjects = OciJson.tree(payload, "in-toto statement").path("subject");
        for (int i = 0; i < Math.min(subjects.size(), SUBJECTS_MAX); i++) {
            JsonNode s = subjects.get(i);
            if (root.hex().equals(s.path("digest").path(root.algorithm()).asText())) {
                return identity.apply(s.path("name").asText(""));
            }
        }
        return "a bundle by the key is about another image";
    }

    /** DSSE's pre-authentication encoding: {@code DSSEv1 <len> <type> <len> <body>}, what its signature signs. */
    static byte[] pae(String type, byte[] body) {
        byte[] t = type.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("DSSEv1 " + t.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(t);
        out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
