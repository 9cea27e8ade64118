package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.Manifest;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.LeaseManager;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import io.stowage.oci.OciJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signatures a pull verified, kept in the store with the image they sign: each a referrer
 * manifest (a Sigstore bundle's, whose {@code subject} is the image) stored with its blobs, and
 * an entry of the refs without a name that says whose it is ({@link #OF}: the signed digest).
 * The entry is marked as an artifact, so image operations leave it alone; it goes when no image
 * entry has that digest any more, and {@code image:save} writes it beside its image.
 */
final class Signatures {
    /** On a kept signature's entry: the digest it signs, the image's root document. */
    static final String OF = "io.stowage.signature.of";
    /** The most signatures one pull keeps. */
    static final int KEPT_MAX = 4;
    /** The most bytes one kept signature's blobs may hold in all: a bundle is a few KiB. */
    static final long BYTES_MAX = 4L << 20;

    private Signatures() {
    }

    static boolean isSignature(Descriptor entry) {
        return entry.annotation(OF) != null;
    }

    /** The entries of {@code refs} that keep a signature of {@code signed}. */
    static List<Descriptor> of(List<Descriptor> refs, Digest signed) {
        return refs.stream().filter(e -> signed.toString().equals(e.annotation(OF))).toList();
    }

    /** The digests an image entry answers to: its manifest's, and the root document's a registry named. */
    static Set<String> signable(List<Descriptor> refs) {
        Set<String> digests = new HashSet<>();
        for (Descriptor e : ImageCatalog.images(refs)) {
            digests.add(e.digest().toString());
            String repoDigest = e.annotation(Annotations.REPO_DIGEST);
            if (repoDigest != null) {
                digests.add(repoDigest);
            }
        }
        return digests;
    }

    /** {@code refs} without the signatures whose image is gone. */
    static List<Descriptor> withoutOrphans(List<Descriptor> refs) {
        if (refs.stream().noneMatch(Signatures::isSignature)) {
            return refs;
        }
        Set<String> images = signable(refs);
        return refs.stream().filter(e -> !isSignature(e) || images.contains(e.annotation(OF))).toList();
    }

    /**
     * Copies the referrer manifest {@code referrer} of {@code signed} and its blobs from
     * {@code source} into {@code store}, each leased and checked against its digest, bounded in
     * size, adding what it wrote to {@code written}; returns the refs entry that keeps it.
     */
    static Descriptor copy(BlobStore store, ImageSource source, Digest referrer, Digest signed, LeaseManager.Lease lease,
            List<Digest> written) {
        RawManifest raw = source.resolve();
        byte[] bytes = raw.bytes();
        String what = "signature " + referrer;
        if (bytes.length > RawManifest.MAX_BYTES || !Digest.of(bytes).equals(referrer)) {
            throw new StowageException(Reason.DIGEST_MISMATCH, what + ": its manifest is not what its digest names");
        }
        if (!signed.toString().equals(OciJson.tree(bytes, what).path("subject").path("digest").asText())) {
            throw new StowageException(Reason.INVALID, what + ": its subject is not " + signed);
        }
        Manifest manifest = OciJson.manifest(bytes, what);
        long size = manifest.config().size();
        for (Descriptor layer : manifest.layers()) {
            size += layer.size();
        }
        if (manifest.layers().size() > 16 || size > BYTES_MAX) {
            throw new StowageException(Reason.INVALID, what + ": larger than a signature (" + size + " bytes in "
                    + manifest.layers().size() + " layers)");
        }
        Artifacts.fetch(store, source, manifest, lease, written);
        lease.add(referrer);
        if (BlobCopier.put(store, referrer, bytes)) {
            written.add(referrer);
        }
        String type = OciJson.artifactType(bytes, what);
        Map<String, String> annotations = new HashMap<>();
        annotations.put(Annotations.ARTIFACT_TYPE, type == null || type.isEmpty() ? manifest.config().mediaType() : type);
        annotations.put(OF, signed.toString());
        return new Descriptor(MediaTypes.OCI_MANIFEST, referrer, bytes.length).withAnnotations(annotations);
    }

    /** {@code refs} with {@code kept} in place of entries of the same manifests, those whose image is there. */
    static List<Descriptor> with(List<Descriptor> refs, List<Descriptor> kept) {
        if (kept.isEmpty()) {
            return refs;
        }
        Set<Digest> digests = new HashSet<>();
        kept.forEach(k -> digests.add(k.digest()));
        List<Descriptor> next = new ArrayList<>(refs.stream().filter(e -> !(isSignature(e) && digests.contains(e.digest()))).toList());
        Set<String> images = signable(refs);
        kept.stream().filter(k -> images.contains(k.annotation(OF))).forEach(next::add);
        return next;
    }
}
