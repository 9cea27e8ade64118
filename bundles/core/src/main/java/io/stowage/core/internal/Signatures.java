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
 * manifest (a Sigstore bundle's, whose {@code subject} is the image) or the manifest of cosign's
 * signature tag (marked {@value #KIND}: {@value #COSIGN_SIGS}), stored with its blobs, and
 * an entry of the refs without a name that says whose it is ({@link #OF}: the signed digest).
 * The entry is marked as an artifact, so image operations leave it alone; it goes when no image
 * entry has that digest any more, and {@code image:save} writes it beside its image.
 */
final class Signatures {
    /** On a kept signature's entry: the digest it signs, the image's root document. */
    static final String OF = io.stowage.oci.SignatureEntries.OF;
    /** The most signatures one pull keeps. */
    static final int KEPT_MAX = 4;
    /** The most bytes one kept signature's blobs may hold in all: a bundle is a few KiB. */
    static final long BYTES_MAX = 4L << 20;
    /** The most layers a kept signature manifest may have: cosign's tag holds one per signature. */
    static final int LAYERS_MAX = 64;
    /** cosign's annotation, and its value, on a kept manifest of its signature tag (as {@code cosign save} marks it). */
    static final String KIND = io.stowage.oci.SignatureEntries.KIND;
    static final String COSIGN_SIGS = io.stowage.oci.SignatureEntries.COSIGN_SIGS;

    private Signatures() {
    }

    static boolean isSignature(Descriptor entry) {
        return entry.annotation(OF) != null;
    }

    /** Whether a kept signature is cosign's signature tag manifest, not a referrer. */
    static boolean isTagScheme(Descriptor entry) {
        return COSIGN_SIGS.equals(entry.annotation(KIND));
    }

    /** The entries of {@code refs} that keep a signature of {@code signed}. */
    static List<Descriptor> of(List<Descriptor> refs, Digest signed) {
        return refs.stream().filter(e -> signed.toString().equals(e.annotation(OF))).toList();
    }

    /** The entries of {@code refs} that keep a signature of the image {@code entry}: of its manifest, or of the index kept with it. */
    static List<Descriptor> of(List<Descriptor> refs, Descriptor entry) {
        List<Descriptor> all = new ArrayList<>(of(refs, entry.digest()));
        Digest index = Annotations.index(entry);
        if (index != null) {
            all.addAll(of(refs, index));
        }
        return all;
    }

    /** The digests the image {@code entry} answers to: its manifest's, the root document's a registry named, and the index kept. */
    static Set<String> answersTo(Descriptor entry) {
        Set<String> digests = new HashSet<>();
        digests.add(entry.digest().toString());
        String repoDigest = entry.annotation(Annotations.REPO_DIGEST);
        if (repoDigest != null) {
            digests.add(repoDigest);
        }
        String index = entry.annotation(Annotations.INDEX);
        if (index != null) {
            digests.add(index);
        }
        return digests;
    }

    /** The digests the images of {@code refs} answer to: what a kept signature must be of to stay. */
    static Set<String> signable(List<Descriptor> refs) {
        Set<String> digests = new HashSet<>();
        for (Descriptor e : ImageCatalog.images(refs)) {
            digests.addAll(answersTo(e));
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
        com.fasterxml.jackson.databind.JsonNode subject = OciJson.tree(bytes, what).path("subject");
        // a referrer names the image; cosign's signature tag manifest does not (its payloads do, and were checked)
        boolean tagScheme = subject.isMissingNode();
        if (!tagScheme && !signed.toString().equals(subject.path("digest").asText())) {
            throw new StowageException(Reason.INVALID, what + ": its subject is not " + signed);
        }
        Manifest manifest = OciJson.manifest(bytes, what);
        long size = manifest.config().size();
        for (Descriptor layer : manifest.layers()) {
            size += layer.size();
        }
        if (manifest.layers().size() > LAYERS_MAX || size > BYTES_MAX) {
            throw new StowageException(Reason.INVALID, what + ": larger than a signature (" + size + " bytes in "
                    + manifest.layers().size() + " layers)");
        }
        Artifacts.fetch(store, source, manifest, lease, written);
        lease.add(referrer);
        if (BlobCopier.put(store, referrer, bytes)) {
            written.add(referrer);
        }
        String type = tagScheme ? null : OciJson.artifactType(bytes, what);
        Map<String, String> annotations = new HashMap<>();
        annotations.put(Annotations.ARTIFACT_TYPE, type != null && !type.isEmpty() ? type
                : tagScheme && !manifest.layers().isEmpty() ? manifest.layers().get(0).mediaType() : manifest.config().mediaType());
        annotations.put(OF, signed.toString());
        if (tagScheme) {
            annotations.put(KIND, COSIGN_SIGS);
        }
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
