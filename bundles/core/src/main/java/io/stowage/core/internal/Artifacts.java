package io.stowage.core.internal;

import io.stowage.api.Artifact;
import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.Manifest;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TerminalText;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.LeaseManager;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OCI artifacts in the store: entries of its refs marked with their type
 * ({@link Annotations#ARTIFACT_TYPE}), which the image operations leave alone, and whose blobs
 * are needed as an image's are. A pull copies config and layers as an image's (size and digest
 * checked, leased until named), then the manifest, then names it; on failure what it wrote and
 * nothing needs goes again.
 */
final class Artifacts {
    /** The annotation ORAS names a layer's file by. */
    static final String TITLE = "org.opencontainers.image.title";
    private static final String SIZE = "io.stowage.artifact.size";

    private final BlobStore store;
    private final ImageCatalog catalog;
    private final LeaseManager leases;

    Artifacts(BlobStore store, ImageCatalog catalog, LeaseManager leases) {
        this.store = store;
        this.catalog = catalog;
        this.leases = leases;
    }

    Artifact pull(ImageSource source, ImageReference ref) {
        RawManifest root = source.resolve();
        byte[] bytes = root.bytes();
        Digest digest = Digest.of(bytes);
        String artifactType = artifactType(root, ref, digest);
        Manifest manifest = OciJson.manifest(bytes, "manifest " + digest);
        List<Digest> written = new ArrayList<>();
        boolean named = false;
        try (LeaseManager.Lease lease = leases.lease()) {
            long size = bytes.length + fetch(source, manifest, lease, written);
            lease.add(digest);
            if (BlobCopier.put(store, digest, bytes)) {
                written.add(digest);
            }
            Descriptor entry = name(ref, new Descriptor(MediaTypes.OCI_MANIFEST, digest, bytes.length), artifactType, size);
            named = true;
            return artifact(entry);
        } finally {
            if (!named && !written.isEmpty()) {
                try {
                    catalog.deleteUnneeded(store, leases, written);
                } catch (RuntimeException e) {
                    // an unneeded blob left behind is safe; the pull's own failure is what matters
                }
            }
        }
    }

    /** The artifact type of the manifest the reference named; an index, an image, or what is not an OCI manifest is refused. */
    private static String artifactType(RawManifest root, ImageReference ref, Digest digest) {
        String what = "manifest " + digest;
        if (ref.digest() != null && !ref.digest().equals(digest)) {
            throw new StowageException(Reason.DIGEST_MISMATCH, what + ": the registry sent it for " + ref.digest());
        }
        String type = OciJson.mediaType(root.bytes(), root.mediaType(), what);
        if (MediaTypes.INDEXES.contains(type)) {
            throw new StowageException(Reason.UNSUPPORTED, what + " is an index; artifact:pull takes one artifact's manifest");
        }
        if (!MediaTypes.OCI_MANIFEST.equals(type)) {
            throw new StowageException(Reason.UNSUPPORTED, what + ": media type " + TerminalText.escape(type) + " is not an OCI manifest");
        }
        String artifactType = OciJson.artifactType(root.bytes(), what);
        if (artifactType == null) {
            throw new StowageException(Reason.UNSUPPORTED, what + " is a container image, not an artifact; image:pull pulls it");
        }
        return artifactType;
    }

    /** Copies the config and layers the store lacks, each leased first; returns their size in all. */
    private long fetch(ImageSource source, Manifest manifest, LeaseManager.Lease lease, List<Digest> written) {
        return fetch(store, source, manifest, lease, written);
    }

    /**
     * Copies into {@code store} the config and layers of {@code manifest} that it lacks from
     * {@code source}, each leased first and checked against its size and digest, adding each one
     * written to {@code written}; returns their size in all.
     */
    static long fetch(BlobStore store, ImageSource source, Manifest manifest, LeaseManager.Lease lease, List<Digest> written) {
        List<Descriptor> blobs = new ArrayList<>();
        blobs.add(manifest.config());
        blobs.addAll(manifest.layers());
        long size = 0;
        for (Descriptor d : blobs) {
            lease.add(d.digest());
            size += d.size();
            if (store.info(d.digest()).isEmpty()) {
                try {
                    BlobCopier.copy(offset -> source.blob(d, offset), d, store, new BlobCopier.Stop(() -> false, () -> true));
                } catch (IOException e) {
                    throw new StowageException(Reason.UNAVAILABLE, "blob " + d.digest() + ": " + e.getMessage(), e);
                }
                written.add(d.digest());
            }
        }
        return size;
    }

    /** Names the stored manifest {@code ref}, in place of an artifact of that name. */
    private Descriptor name(ImageReference ref, Descriptor manifest, String artifactType, long size) {
        Instant now = Instant.now();
        Map<String, String> a = new HashMap<>();
        a.put(Descriptor.REF_NAME, ref.toString());
        a.put(Annotations.ARTIFACT_TYPE, artifactType);
        a.put(Annotations.TAGGED, now.toString());
        a.put(SIZE, Long.toString(size));
        Descriptor entry = manifest.withAnnotations(a);
        store.updateRefs(refs -> {
            List<Descriptor> next = new ArrayList<>(refs.stream()
                    .filter(e -> !(Annotations.isArtifact(e) && ref.toString().equals(Annotations.name(e)))).toList());
            next.add(entry);
            return next;
        });
        return entry;
    }

    List<Artifact> list() {
        return store.refs().stream().filter(e -> Annotations.isArtifact(e) && !Signatures.isSignature(e)).map(Artifacts::artifact)
                .sorted(java.util.Comparator.comparing(a -> a.reference().toString())).toList();
    }

    List<Digest> remove(String name) {
        Descriptor removed = RefUpdate.apply(store, refs -> {
            Descriptor entry = entry(refs, name);
            return new RefUpdate<>(refs.stream().filter(e -> e != entry).toList(), entry);
        });
        List<Digest> candidates = catalog.parts(store, removed).digests();
        return catalog.deleteUnneeded(store, leases, candidates);
    }

    List<Path> export(String name, Path directory) {
        Descriptor entry = entry(store.refs(), name);
        Manifest manifest = catalog.manifest(store, entry.digest());
        List<Path> files = new ArrayList<>();
        java.util.Set<String> titles = new java.util.HashSet<>();
        for (Descriptor layer : manifest.layers()) {
            String title = layer.annotation(TITLE);
            if (title != null && !titles.add(fileName(title, layer.digest()))) {
                throw new StowageException(Reason.INVALID, "layer " + layer.digest() + ": title \"" + title
                        + "\" names another layer's file too; nothing is written");
            }
        }
        try {
            Files.createDirectories(directory);
            for (Descriptor layer : manifest.layers()) {
                String title = layer.annotation(TITLE);
                if (title == null) {
                    continue;
                }
                Path target = directory.resolve(title);
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                    // replacing a link, device or FIFO by rename would lose what it is: refused, as image:save does
                    throw new StowageException(Reason.INVALID, target + ": is " + (Files.isSymbolicLink(target) ? "a symbolic link"
                            : io.stowage.oci.FileKinds.describe(target)) + ", not a regular file; it is left as it is");
                }
                Path temp = Files.createTempFile(directory, ".stowage-", ".part");
                try (InputStream in = store.open(layer.digest())) {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                    io.stowage.oci.AtomicFiles.publish(temp, target);
                } finally {
                    Files.deleteIfExists(temp);
                }
                files.add(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * The file name a layer's title gives: a plain name only. A path ({@code /}, {@code \}), a
     * dot name, or a control character would write elsewhere or act on a terminal: refused.
     */
    static String fileName(String title, Digest layer) {
        boolean plain = !title.isEmpty() && !title.equals(".") && !title.equals("..") && title.indexOf('/') < 0
                && title.indexOf('\\') < 0 && title.length() <= 255 && title.equals(TerminalText.escape(title)) && title.indexOf(0) < 0;
        if (!plain) {
            throw new StowageException(Reason.INVALID, "layer " + layer + ": title \"" + TerminalText.escape(title)
                    + "\" is not a plain file name; nothing of it is written");
        }
        return title;
    }

    private static Descriptor entry(List<Descriptor> refs, String name) {
        String wanted;
        try {
            wanted = ImageReference.parse(name).toString();
        } catch (StowageException notAReference) {
            throw new StowageException(Reason.NOT_FOUND, "No such artifact: " + TerminalText.escape(name));
        }
        return refs.stream().filter(e -> Annotations.isArtifact(e) && wanted.equals(Annotations.name(e))).findFirst()
                .orElseThrow(() -> new StowageException(Reason.NOT_FOUND, "No such artifact: " + TerminalText.escape(name)));
    }

    private static Artifact artifact(Descriptor entry) {
        long size = entry.size();
        Instant pulled = null;
        try {
            size = Long.parseLong(entry.annotation(SIZE));
            pulled = Instant.parse(entry.annotation(Annotations.TAGGED));
        } catch (RuntimeException damaged) {
            // a damaged entry still lists, with what it holds for sure
        }
        return new Artifact(ImageReference.parse(Annotations.name(entry)), entry.digest(), entry.annotation(Annotations.ARTIFACT_TYPE),
                size, pulled);
    }
}
