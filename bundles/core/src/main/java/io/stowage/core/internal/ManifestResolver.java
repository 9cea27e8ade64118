package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.Index;
import io.stowage.api.Manifest;
import io.stowage.api.MediaTypes;
import io.stowage.api.Platform;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import io.stowage.oci.OciJson;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * From a reference to the one image manifest a pull or a remote inspect reads: the root document
 * (digest checked when the reference names one, size capped), and from an index the manifest for
 * the platform (digest and size checked against the index's descriptor). Schema 1 and unknown
 * media types are refused.
 */
final class ManifestResolver {
    private final Platform platform;

    /** The root document and the image manifest chosen from it (the same when the root is a manifest). */
    record Resolved(RawManifest root, Digest rootDigest, String rootType, RawManifest manifest, Digest manifestDigest,
            String manifestType, Manifest parsed) {
    }

    ManifestResolver(Platform platform) {
        this.platform = platform != null ? platform : Platform.host();
    }

    Resolved resolve(ImageSource source, ImageReference ref) {
        return resolve(source, ref.toString(), ref.digest());
    }

    /** From the root document {@code source} gives for {@code what}, checked against {@code expected} when not null. */
    Resolved resolve(ImageSource source, String what, Digest expected) {
        RawManifest root = source.resolve();
        Digest rootDigest = verified(root, expected, -1, "manifest for " + what);
        String rootType = OciJson.mediaType(root.bytes(), root.mediaType(), "manifest " + rootDigest);
        RawManifest raw = root;
        Digest manifestDigest = rootDigest;
        String manifestType = rootType;
        if (MediaTypes.INDEXES.contains(rootType)) {
            Descriptor chosen = choose(OciJson.index(root.bytes(), "index " + rootDigest));
            raw = source.manifest(chosen.digest());
            manifestDigest = verified(raw, chosen.digest(), chosen.size(), "manifest " + chosen.digest());
            manifestType = OciJson.mediaType(raw.bytes(), chosen.mediaType(), "manifest " + manifestDigest);
        }
        if (MediaTypes.isSchema1(manifestType)) {
            throw new StowageException(Reason.UNSUPPORTED,
                    "Docker schema1 manifests are not supported; push the image again with a current client");
        }
        if (!MediaTypes.MANIFESTS.contains(manifestType)) {
            throw new StowageException(Reason.UNSUPPORTED, "manifest " + manifestDigest + ": media type "
                    + manifestType + " is not supported");
        }
        Manifest parsed = OciJson.manifest(raw.bytes(), "manifest " + manifestDigest);
        return new Resolved(root, rootDigest, rootType, raw, manifestDigest, manifestType, parsed);
    }

    /** Checks a manifest's size cap, and its digest and size when the referrer named them. */
    private static Digest verified(RawManifest raw, Digest expected, long expectedSize, String what) {
        if (raw.bytes().length > RawManifest.MAX_BYTES) {
            throw new StowageException(Reason.INVALID, what + ": larger than " + RawManifest.MAX_BYTES + " bytes");
        }
        Digest actual = Digest.of(raw.bytes());
        if (expected != null && !expected.equals(actual)) {
            throw new StowageException(Reason.DIGEST_MISMATCH, what + ": digest mismatch: expected " + expected
                    + ", got " + actual);
        }
        if (expectedSize >= 0 && expectedSize != raw.bytes().length) {
            throw new StowageException(Reason.DIGEST_MISMATCH, what + ": size mismatch: expected " + expectedSize
                    + " bytes, got " + raw.bytes().length);
        }
        return actual;
    }

    private Descriptor choose(Index index) {
        List<Descriptor> candidates = index.manifests().stream()
                .filter(d -> d.platform() != null && platform.matches(d.platform()))
                .filter(d -> d.mediaType() == null || MediaTypes.MANIFESTS.contains(d.mediaType()))
                .sorted(Comparator.comparing((Descriptor d) -> !d.platform().variant().equals(platform.variant())))
                .toList();
        if (candidates.isEmpty()) {
            String available = index.manifests().stream().map(Descriptor::platform)
                    .filter(p -> p != null && !p.os().equals("unknown")).map(Platform::toString)
                    .distinct().collect(Collectors.joining(", "));
            throw new StowageException(Reason.NOT_FOUND, "no matching manifest for " + platform
                    + " in the manifest list entries (available: " + (available.isEmpty() ? "none" : available) + ")");
        }
        return candidates.get(0);
    }
}
