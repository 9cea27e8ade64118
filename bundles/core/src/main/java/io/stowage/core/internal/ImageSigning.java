package io.stowage.core.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.Manifest;
import io.stowage.api.MediaTypes;
import io.stowage.api.Referrer;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.transport.ImageDestination;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.RawManifest;
import io.stowage.api.transport.Transport;
import io.stowage.api.trust.ImageSigner.Format;
import io.stowage.oci.OciJson;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes cosign's signatures of an image into its registry, in the two forms {@link CosignSignatures}
 * and {@link SigstoreBundles} read: a layer added to the {@code sha256-<hex>.sig} manifest (the ones
 * there kept, as cosign keeps them), or a Sigstore bundle pushed as a referrer of the image and
 * listed in the referrers tag schema's index (registries without a Referrers API need it; those
 * with one list the referrer themselves and ignore the tag).
 */
final class ImageSigning {
    static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
    private static final String EMPTY = "application/vnd.oci.empty.v1+json";
    private static final int SIGNATURES_MAX = 64;

    private final Transport transport;
    /** The image in its registry; null for one in a layout. */
    private final ImageReference ref;
    /** The image in its layout; null for one in a registry. */
    private final Location location;
    private final KeyPair key;
    /** The signed identity: the reference as given, or the name the layout gives the image. */
    private String identity;

    ImageSigning(Transport transport, ImageReference ref, KeyPair key) {
        this.transport = transport;
        this.ref = ref;
        this.location = null;
        this.key = key;
    }

    ImageSigning(Transport transport, Location location, KeyPair key) {
        this.transport = transport;
        this.ref = null;
        this.location = location;
        this.key = key;
    }

    /** Signs what the reference or location names now; returns where the signature is. */
    String sign(Format format) {
        RawManifest root;
        try (ImageSource source = transport.open(location != null ? location : Location.of(ref))) {
            root = source.resolve();
            if (location != null) {
                identity = source.names().stream().filter(ImageReference::isReference).map(ImageReference::parse)
                        .map(ImageSigning::identity).findFirst().orElseThrow(() -> new StowageException(Reason.INVALID,
                                "the image carries no name to sign it as (a layout's ref name, e.g. host/app:1.0)"));
            } else {
                identity = identity(ref);
            }
        }
        if (location != null && format != Format.BUNDLE) {
            throw new StowageException(Reason.UNSUPPORTED, "a layout keeps its signatures beside the image as bundles: --format bundle");
        }
        if (root.bytes().length > RawManifest.MAX_BYTES) {
            throw new StowageException(Reason.INVALID, "its manifest is larger than " + RawManifest.MAX_BYTES + " bytes");
        }
        Digest digest = Digest.of(root.bytes());
        if (ref != null && ref.digest() != null && !ref.digest().equals(digest)) {
            throw new StowageException(Reason.INVALID, "the registry's manifest is " + digest + ", not " + ref.digest());
        }
        Descriptor subject = new Descriptor(root.mediaType(), digest, root.bytes().length);
        return format == Format.BUNDLE ? bundle(subject) : signatureTag(digest);
    }

    private String signatureTag(Digest digest) {
        ImageReference tag = ref.withTag(digest.algorithm() + "-" + digest.hex() + ".sig");
        ObjectNode payload = OciJson.object();
        ObjectNode critical = payload.putObject("critical");
        critical.putObject("identity").put("docker-reference", identity);
        critical.putObject("image").put("docker-manifest-digest", digest.toString());
        critical.put("type", "cosign container image signature");
        payload.putNull("optional");
        byte[] body = OciJson.bytes(payload);
        Descriptor layer = new Descriptor(SIMPLE_SIGNING, Digest.of(body), body.length, null,
                Map.of(CosignSignatures.ANNOTATION, Base64.getEncoder().encodeToString(sign(body))));
        List<Descriptor> layers = new ArrayList<>();
        try (ImageSource existing = transport.open(Location.of(tag))) {
            Manifest m = OciJson.manifest(existing.resolve().bytes(), "signature manifest " + tag.familiar());
            m.layers().stream().filter(l -> !l.digest().equals(layer.digest())).limit(SIGNATURES_MAX - 1).forEach(layers::add);
        } catch (StowageException e) {
            if (e.reason() != Reason.NOT_FOUND) {
                throw e;
            }
        }
        layers.add(layer);
        byte[] config = "{}".getBytes(StandardCharsets.US_ASCII);
        ObjectNode manifest = manifest(null, new Descriptor(MediaTypes.OCI_CONFIG, Digest.of(config), config.length), layers);
        try (ImageDestination d = transport.openDestination(Location.of(tag))) {
            put(d, config);
            put(d, body);
            d.putManifest(tag.tag(), MediaTypes.OCI_MANIFEST, OciJson.bytes(manifest));
        }
        return tag.familiar();
    }

    private String bundle(Descriptor subject) {
        Digest digest = subject.digest();
        ObjectNode statement = OciJson.object();
        statement.put("_type", "https://in-toto.io/Statement/v1");
        ObjectNode s = statement.putArray("subject").addObject();
        s.put("name", identity);
        s.putObject("digest").put(digest.algorithm(), digest.hex());
        statement.put("predicateType", "https://sigstore.dev/cosign/sign/v1");
        statement.putObject("predicate");
        byte[] payload = OciJson.bytes(statement);
        String type = "application/vnd.in-toto+json";
        ObjectNode bundle = OciJson.object();
        bundle.put("mediaType", BUNDLE_V03);
        bundle.putObject("verificationMaterial").putObject("publicKey").put("hint", hint());
        ObjectNode envelope = bundle.putObject("dsseEnvelope");
        envelope.put("payload", Base64.getEncoder().encodeToString(payload));
        envelope.put("payloadType", type);
        envelope.putArray("signatures").addObject().put("sig", Base64.getEncoder().encodeToString(sign(SigstoreBundles.pae(type, payload))));
        byte[] bundleBytes = OciJson.bytes(bundle);
        Digest bundleDigest = Digest.of(bundleBytes);
        byte[] empty = "{}".getBytes(StandardCharsets.US_ASCII);
        ObjectNode manifest = manifest(BUNDLE_V03, new Descriptor(EMPTY, Digest.of(empty), empty.length),
                List.of(new Descriptor(BUNDLE_V03, bundleDigest, bundleBytes.length, null,
                        Map.of("org.opencontainers.image.title", bundleDigest.algorithm() + "-" + bundleDigest.hex() + ".sigstore.json"))));
        manifest.set("subject", OciJson.descriptor(subject));
        ObjectNode annotations = manifest.putObject("annotations");
        annotations.put("dev.sigstore.bundle.content", "dsse-envelope");
        annotations.put("dev.sigstore.bundle.predicateType", "https://sigstore.dev/cosign/sign/v1");
        annotations.put("org.opencontainers.image.created", java.time.Instant.now().toString());
        byte[] manifestBytes = OciJson.bytes(manifest);
        Digest referrer = Digest.of(manifestBytes);
        if (location != null) { // beside the image: an unnamed entry of the layout's index
            try (ImageDestination d = transport.openDestination(new Location(location.kind(), location.path().toString()))) {
                put(d, empty);
                put(d, bundleBytes);
                d.putManifest(null, MediaTypes.OCI_MANIFEST, manifestBytes);
                d.commit();
            }
            return location.kind() + ":" + location.path() + "@" + referrer;
        }
        ImageReference tag = ref.withTag(digest.algorithm() + "-" + digest.hex());
        List<Referrer> listed = Referrers.of(at -> transport.open(Location.of(Referrers.at(ref, at))), digest, ref.familiarName());
        try (ImageDestination d = transport.openDestination(Location.of(ref.withDigest(referrer)))) {
            put(d, empty);
            put(d, bundleBytes);
            d.putManifest(referrer.toString(), MediaTypes.OCI_MANIFEST, manifestBytes);
            ObjectNode index = OciJson.object();
            index.put("schemaVersion", 2);
            index.put("mediaType", MediaTypes.OCI_INDEX);
            ArrayNode entries = index.putArray("manifests");
            for (Referrer r : listed) {
                if (!r.descriptor().digest().equals(referrer)) {
                    entries.add(entry(r.descriptor(), r.artifactType()));
                }
            }
            entries.add(entry(new Descriptor(MediaTypes.OCI_MANIFEST, referrer, manifestBytes.length, null,
                    Map.of("dev.sigstore.bundle.content", "dsse-envelope")), BUNDLE_V03));
            d.putManifest(tag.tag(), MediaTypes.OCI_INDEX, OciJson.bytes(index));
        }
        return ref.withDigest(referrer).familiar();
    }

    private static ObjectNode entry(Descriptor d, String artifactType) {
        ObjectNode e = OciJson.descriptor(d);
        if (artifactType != null && !artifactType.isEmpty()) {
            e.put("artifactType", artifactType);
        }
        return e;
    }

    private static ObjectNode manifest(String artifactType, Descriptor config, List<Descriptor> layers) {
        ObjectNode m = OciJson.object();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaTypes.OCI_MANIFEST);
        if (artifactType != null) {
            m.put("artifactType", artifactType);
        }
        m.set("config", OciJson.descriptor(config));
        ArrayNode l = m.putArray("layers");
        layers.forEach(d -> l.add(OciJson.descriptor(d)));
        return m;
    }

    private static void put(ImageDestination d, byte[] blob) {
        Descriptor descriptor = new Descriptor("application/octet-stream", Digest.of(blob), blob.length);
        if (!d.has(descriptor)) {
            d.put(descriptor, new ByteArrayInputStream(blob));
        }
    }

    /** The signed identity: the reference as given, as skopeo signs what it pushes ({@code host/repo:tag}; the repository for a digest alone). */
    private static String identity(ImageReference ref) {
        return ref.tag() == null ? ref.registry() + "/" + ref.repository() : ref.registry() + "/" + ref.repository() + ":" + ref.tag();
    }

    /** The key's hint in a bundle: the SHA-256 of its public key's DER, base64, as sigstore-go names keys. */
    private String hint() {
        try {
            return Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(key.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance(SigningKeys.algorithm(key.getPrivate()));
            s.initSign(key.getPrivate());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new StowageException(Reason.INVALID, "cannot sign with the key: " + e.getMessage(), e);
        }
    }
}
