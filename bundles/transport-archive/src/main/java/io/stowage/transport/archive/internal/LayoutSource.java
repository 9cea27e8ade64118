package io.stowage.transport.archive.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.MediaTypes;
import io.stowage.api.Referrer;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import io.stowage.oci.OciJson;
import io.stowage.oci.SignatureEntries;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image of an OCI image layout (a directory, or the tar of one): its {@code index.json} entry
 * chosen by {@code org.opencontainers.image.ref.name} ({@code :ref}), by position ({@code :@2}),
 * or the only one. Blobs are {@code blobs/<algorithm>/<hex>}; a blob whose size disagrees with its
 * descriptor is refused before it is read.
 */
class LayoutSource implements ArchiveSource {
    /** containerd's and Docker's annotation for an image's whole name. */
    static final String IMAGE_NAME = "io.containerd.image.name";
    /** The most unnamed manifests {@link #referrers} reads. */
    static final int REFERRERS_READ = 256;

    protected final LayoutFiles files;
    private final String selector;
    private final boolean owner;
    private Descriptor chosen;

    /** A source over {@code files}, which it closes when {@code owner}. */
    LayoutSource(LayoutFiles files, String selector, boolean owner) {
        this.files = files;
        this.selector = selector;
        this.owner = owner;
    }

    private LayoutSource(LayoutFiles files, Descriptor entry) {
        this(files, null, false);
        this.chosen = entry;
    }

    /** The layout's {@code index.json} entries, after checking {@code oci-layout}. */
    List<Descriptor> entries() {
        if (!files.exists("oci-layout")) {
            throw new StowageException(Reason.INVALID, files.describe() + ": no oci-layout file; not an OCI image layout");
        }
        OciJson.tree(files.read("oci-layout", 4096), files.describe() + ": oci-layout");
        if (!files.exists("index.json")) {
            throw files.missing("index.json");
        }
        return OciJson.layoutIndex(files.read("index.json", LayoutFiles.MAX_DOCUMENT), files.describe() + ": index.json");
    }

    /** The index entry this source reads. */
    Descriptor entry() {
        if (chosen == null) {
            chosen = choose(images(entries()));
        }
        return chosen;
    }

    /**
     * The entries that are images: not the referrers kept beside them (an unnamed manifest with a
     * {@code subject}: a signature, an SBOM), which are no image to choose or load.
     */
    private List<Descriptor> images(List<Descriptor> entries) {
        List<Descriptor> images = new ArrayList<>();
        for (Descriptor e : entries) {
            if (!isReferrer(e)) {
                images.add(e);
            }
        }
        return images;
    }

    /** A referrer, or cosign's signatures or attestations of the layout's image: no image. */
    private boolean isReferrer(Descriptor e) {
        return unnamedManifest(e) && (isCosign(e) || subjectOf(e) != null);
    }

    private static boolean isCosign(Descriptor e) {
        String kind = e.annotation(SignatureEntries.KIND);
        return SignatureEntries.COSIGN_SIGS.equals(kind) || SignatureEntries.COSIGN_ATTS.equals(kind);
    }

    /**
     * cosign's signature manifest of {@code image}: the unnamed entry of kind
     * {@code dev.cosignproject.cosign/sigs} that says it is {@code image}'s ({@code io.stowage.signature.of}, as
     * {@code image:save} writes it), else the only one that names no image (a layout of one
     * image, as {@code cosign save} writes it); its bytes checked against the entry's digest.
     */
    @Override
    public Optional<RawManifest> cosignSignatures(Digest image) {
        List<Descriptor> sigs = entries().stream()
                .filter(e -> unnamedManifest(e) && SignatureEntries.COSIGN_SIGS.equals(e.annotation(SignatureEntries.KIND))).toList();
        List<Descriptor> mine = sigs.stream().filter(e -> image.toString().equals(e.annotation(SignatureEntries.OF))).toList();
        List<Descriptor> unmarked = sigs.stream().filter(e -> e.annotation(SignatureEntries.OF) == null).toList();
        Descriptor e = !mine.isEmpty() ? mine.get(0) : unmarked.size() == 1 ? unmarked.get(0) : null;
        return e == null ? Optional.empty() : Optional.of(new RawManifest(e.mediaType(), checked(e)));
    }

    /** Whether {@code e} is an image manifest without a ref name: what a referrer's entry is. */
    private static boolean unnamedManifest(Descriptor e) {
        return e.annotation(Descriptor.REF_NAME) == null && MediaTypes.OCI_MANIFEST.equals(e.mediaType());
    }

    /** The manifest of entry {@code e}, checked against its digest, with the {@code subject} digest it names (null: none). */
    private record Named(byte[] bytes, String subject) {
    }

    private Named subjectOf(Descriptor e) {
        byte[] bytes = checked(e);
        com.fasterxml.jackson.databind.JsonNode subject = OciJson.tree(bytes, files.describe() + ": manifest " + e.digest()).path("subject");
        return subject.isObject() ? new Named(bytes, subject.path("digest").asText()) : null;
    }

    /** The manifest or index entry {@code e} names, its size and digest checked against the entry. */
    byte[] checked(Descriptor e) {
        byte[] bytes = document(e.digest(), e.size());
        if (!Digest.of(bytes).equals(e.digest())) {
            throw new StowageException(Reason.DIGEST_MISMATCH, files.describe() + ": manifest " + e.digest() + " is not what its entry names");
        }
        return bytes;
    }

    private Descriptor choose(List<Descriptor> entries) {
        return files.choose(entries, selector, e -> selector.equals(e.annotation(Descriptor.REF_NAME)), refs(entries));
    }

    private static String refs(List<Descriptor> entries) {
        List<String> refs = entries.stream().map(e -> e.annotation(Descriptor.REF_NAME)).filter(r -> r != null).toList();
        return refs.isEmpty() ? "no refs" : String.join(", ", refs);
    }

    @Override
    public RawManifest resolve() {
        Descriptor e = entry();
        return new RawManifest(e.mediaType(), document(e.digest(), e.size()));
    }

    @Override
    public Optional<Digest> rootDigest() {
        return Optional.of(entry().digest());
    }

    /**
     * The image's whole name: containerd's annotation, else a ref name that is a whole reference
     * ({@code alpine:3.19}, not a bare tag like {@code latest}); none otherwise.
     */
    @Override
    public List<String> names() {
        Descriptor e = entry();
        String name = e.annotation(IMAGE_NAME);
        if (name == null) {
            String ref = e.annotation(Descriptor.REF_NAME);
            if (ref != null && (ref.indexOf(':') > 0 || ref.indexOf('/') > 0) && ImageReference.isReference(ref)) {
                name = ref;
            }
        }
        return name == null ? List.of() : List.of(name);
    }

    @Override
    public List<ImageSource> images() {
        if (chosen != null || (selector != null && !selector.isEmpty())) {
            return List.of(this);
        }
        List<ImageSource> all = new ArrayList<>();
        for (Descriptor e : images(entries())) {
            all.add(new LayoutSource(files, e));
        }
        return all;
    }

    /**
     * The layout's referrers of {@code subject}: its unnamed image-manifest entries whose manifest
     * names {@code subject} (cosign, oras and Stowage keep a signature or an SBOM beside the image
     * so). At most {@value #REFERRERS_READ} manifests are read, each checked against its digest.
     */
    @Override
    public Optional<List<Referrer>> referrers(Digest subject) {
        List<Referrer> found = new ArrayList<>();
        int read = 0;
        for (Descriptor e : entries()) {
            if (!unnamedManifest(e)) {
                continue;
            }
            if (++read > REFERRERS_READ) {
                break;
            }
            Named named = subjectOf(e);
            if (named != null && subject.toString().equals(named.subject())) {
                String type = OciJson.artifactType(named.bytes(), files.describe() + ": manifest " + e.digest());
                found.add(new Referrer(e, type == null ? "" : type));
            }
        }
        return Optional.of(found);
    }

    @Override
    public RawManifest manifest(Digest digest) {
        return new RawManifest(null, document(digest, -1));
    }

    /** A manifest or index by its digest (its size checked when known), capped at the largest accepted. */
    private byte[] document(Digest digest, long expectedSize) {
        String path = path(digest);
        if (expectedSize >= 0) {
            files.checkSize(path, expectedSize);
        }
        return files.read(path, RawManifest.MAX_BYTES);
    }

    @Override
    public InputStream blob(Descriptor descriptor, long offset) {
        return files.blob(path(descriptor.digest()), descriptor.size(), offset);
    }

    static String path(Digest d) {
        return "blobs/" + d.algorithm() + "/" + d.hex();
    }

    @Override
    public void close() {
        if (owner) {
            files.close();
        }
    }
}
