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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * From a reference to the one image manifest a pull or a remote inspect reads: the root document
 * (digest checked when the reference names one, size capped), and from an index the manifest for
 * the platform (digest and size checked against the index's descriptor). An index may name
 * further indexes (the image spec allows it, containerd follows them): they are read in turn, at
 * most {@link #MAX_DEPTH} deep, each checked as the root is. Schema 1 and unknown media types are
 * refused.
 */
final class ManifestResolver {
    /** How many indexes deep a manifest is looked for: the root and three below it. */
    static final int MAX_DEPTH = 4;
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
            Set<String> available = new LinkedHashSet<>();
            Descriptor chosen = choose(source, root.bytes(), "index " + rootDigest, 1, available,
                    new HashSet<>(Set.of(rootDigest)));
            if (chosen == null) {
                throw new StowageException(Reason.NOT_FOUND, "no matching manifest for " + platform
                        + " in the manifest list entries (available: " + (available.isEmpty() ? "none" : String.join(", ", available)) + ")");
            }
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
        String artifact = OciJson.artifactType(raw.bytes(), "manifest " + manifestDigest);
        if (artifact != null) {
            throw new StowageException(Reason.UNSUPPORTED, "manifest " + manifestDigest + " is an artifact of type "
                    + io.stowage.api.TerminalText.escape(artifact) + ", not a container image");
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

    /**
     * The platform's manifest in {@code index}: one of its manifests, else one found in the
     * indexes it names, in their order, descending at most to {@link #MAX_DEPTH}; null when none
     * matches. The platforms seen are added to {@code available}; an index is read once.
     */
    private Descriptor choose(ImageSource source, byte[] bytes, String what, int depth, Set<String> available, Set<Digest> seen) {
        Index index = OciJson.index(bytes, what);
        Set<Digest> artifacts = OciJson.artifactEntries(bytes, what);
        index.manifests().stream().filter(d -> runnable(d, artifacts)).map(Descriptor::platform).map(Platform::toString)
                .forEach(available::add);
        List<Descriptor> candidates = index.manifests().stream()
                .filter(d -> runnable(d, artifacts) && platform.matches(d.platform()))
                .filter(d -> d.mediaType() == null || MediaTypes.MANIFESTS.contains(d.mediaType()))
                .sorted(Comparator.comparing((Descriptor d) -> !d.platform().variant().equals(platform.variant())))
                .toList();
        if (!candidates.isEmpty()) {
            return candidates.get(0);
        }
        for (Descriptor child : index.manifests()) {
            if (!MediaTypes.INDEXES.contains(child.mediaType())
                    || (child.platform() != null && !platform.matches(child.platform()))) {
                continue;
            }
            if (depth >= MAX_DEPTH) {
                throw new StowageException(Reason.UNSUPPORTED, "index " + child.digest() + ": indexes nested more than "
                        + MAX_DEPTH + " deep");
            }
            if (!seen.add(child.digest())) {
                continue; // read already, by another path
            }
            RawManifest raw = source.manifest(child.digest());
            Digest d = verified(raw, child.digest(), child.size(), "index " + child.digest());
            Descriptor found = choose(source, raw.bytes(), "index " + d, depth + 1, available, seen);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The annotation BuildKit puts on the attestation manifests it adds to an index. */
    static final String REFERENCE_TYPE = "vnd.docker.reference.type";

    /**
     * Whether an index entry is a runnable image's manifest: it has a platform that is not
     * {@code unknown}, and it is not an artifact ({@code artifactType}: SOCI indexes, signatures,
     * SBOMs) nor an attestation ({@value #REFERENCE_TYPE}). Only those are chosen, or listed as
     * available.
     */
    static boolean runnable(Descriptor d, Set<Digest> artifacts) {
        return !MediaTypes.INDEXES.contains(d.mediaType()) && d.platform() != null && !d.platform().os().equals("unknown")
                && d.annotation(REFERENCE_TYPE) == null && !artifacts.contains(d.digest());
    }
}
