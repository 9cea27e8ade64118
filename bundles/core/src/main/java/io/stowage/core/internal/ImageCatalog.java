package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageConfig;
import io.stowage.api.ImageReference;
import io.stowage.api.Manifest;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobStore;
import io.stowage.oci.OciJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Images as the store's refs describe them, and the arguments that name them. Manifests and
 * configs are content-addressed, so their parses are cached for good.
 */
final class ImageCatalog {
    private static final Pattern HEX_PREFIX = Pattern.compile("[a-f0-9]{1,64}");
    private final Map<Digest, Manifest> manifests = new ConcurrentHashMap<>();
    private final Map<Digest, ImageConfig> configs = new ConcurrentHashMap<>();

    /** One argument resolved: the image, and the entry its name chose (null when named by ID). */
    record Target(Digest imageId, Descriptor entry) {
    }

    /** The refs' image entries: every entry but the artifacts'. */
    static List<Descriptor> images(List<Descriptor> refs) {
        return refs.stream().filter(e -> !Annotations.isArtifact(e)).toList();
    }

    /** The store's image entries. */
    static List<Descriptor> images(BlobStore store) {
        return images(store.refs());
    }

    /** A change of the image entries, applied so that the artifact entries stay as they are. */
    Manifest manifest(BlobStore store, Digest digest) {
        return manifests.computeIfAbsent(digest, d -> OciJson.manifest(io.stowage.oci.StoredDocuments.read(store, d), "manifest " + d));
    }

    ImageConfig config(BlobStore store, Digest digest) {
        return configs.computeIfAbsent(digest, d -> OciJson.config(io.stowage.oci.StoredDocuments.read(store, d), "config " + d));
    }

    /**
     * The image ID of an entry: from its annotation, else from its manifest; when neither tells
     * (the manifest is missing or unreadable) the manifest digest stands for the damaged image, so
     * it can still be listed and removed.
     */
    Digest imageId(BlobStore store, Descriptor entry) {
        String id = entry.annotation(Annotations.IMAGE_ID);
        if (id != null) {
            return Digest.parse(id);
        }
        try {
            return manifest(store, entry.digest()).config().digest();
        } catch (StowageException unreadable) {
            return entry.digest();
        }
    }

    /** Every image the refs name (or hold unnamed), newest first. */
    List<Image> list(BlobStore store) {
        Map<Digest, List<Descriptor>> byImage = new LinkedHashMap<>();
        for (Descriptor entry : images(store)) {
            byImage.computeIfAbsent(imageId(store, entry), k -> new ArrayList<>()).add(entry);
        }
        List<Image> images = new ArrayList<>();
        byImage.forEach((id, entries) -> images.add(fromEntries(store, id, entries)));
        // each image's time parsed once, not once per comparison
        Map<Image, Instant> created = new java.util.IdentityHashMap<>();
        images.forEach(i -> created.put(i, i.config().createdAt()));
        images.sort(Comparator.comparing((Image i) -> created.get(i), Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(i -> i.id()));
        return images;
    }

    private Image fromEntries(BlobStore store, Digest id, List<Descriptor> entries) {
        List<ImageReference> tags = new ArrayList<>();
        Set<ImageReference> digests = new java.util.LinkedHashSet<>();
        Instant lastTagTime = null;
        long size = 0;
        String signature = null;
        Instant signedAt = null;
        for (Descriptor e : entries) {
            String name = Annotations.name(e);
            if (name != null) {
                ImageReference ref = ImageReference.parse(name);
                if (ref.tag() != null) {
                    tags.add(ref);
                } else {
                    digests.add(ref);
                }
                String repoDigest = e.annotation(Annotations.REPO_DIGEST);
                if (repoDigest != null) {
                    digests.add(ref.withDigest(Digest.parse(repoDigest)));
                }
            }
            String tagged = e.annotation(Annotations.TAGGED);
            if (tagged != null) {
                Instant t = Instant.parse(tagged);
                lastTagTime = lastTagTime == null || t.isAfter(lastTagTime) ? t : lastTagTime;
                // the name most recently verified says what verified it
                if (e.annotation(Annotations.SIGNATURE) != null && (signedAt == null || t.isAfter(signedAt))) {
                    signature = e.annotation(Annotations.SIGNATURE);
                    signedAt = t;
                }
            }
            String s = e.annotation(Annotations.IMAGE_SIZE);
            if (s != null) {
                size = Long.parseLong(s);
            }
        }
        Digest manifest = entries.get(0).digest();
        String damage = store.info(manifest).isEmpty() ? "manifest " + manifest + " is missing" : null;
        ImageConfig config = EMPTY_CONFIG;
        if (id.equals(manifest)) { // no ID recorded, and the manifest did not tell it
            damage = damage != null ? damage : "manifest " + manifest + " is unreadable";
        } else {
            try {
                config = config(store, id);
            } catch (StowageException e) {
                damage = damage != null ? damage : e.reason() == Reason.NOT_FOUND ? "config " + id + " is missing" : e.getMessage();
            }
        }
        return new Image(id, manifest, tags, new ArrayList<>(digests), size, lastTagTime, config, damage, signature);
    }

    /** What a damaged image's configuration is shown as: nothing known. */
    private static final ImageConfig EMPTY_CONFIG = new ImageConfig(null, null, null, null, null, null, List.of(), List.of());

    /** The image with this ID. */
    Image image(BlobStore store, Digest id) {
        return image(store, id, images(store));
    }

    /** The image with this ID as these refs name it (a snapshot a caller already holds). */
    Image image(BlobStore store, Digest id, List<Descriptor> refs) {
        List<Descriptor> entries = images(refs).stream().filter(e -> imageId(store, e).equals(id)).toList();
        if (entries.isEmpty()) {
            throw new StowageException(Reason.NOT_FOUND, "No such image: " + id);
        }
        return fromEntries(store, id, entries);
    }

    /**
     * Resolves what a user typed: a reference ({@code alpine}, {@code app@sha256:…}), a full ID
     * ({@code sha256:…}) or a unique ID prefix, in Docker's order.
     */
    Target resolve(BlobStore store, String arg) {
        List<Descriptor> refs = images(store);
        if (arg.startsWith("sha256:")) {
            return byIdPrefix(store, refs, arg, arg.substring(7));
        }
        ImageReference ref = null;
        try {
            ref = ImageReference.parse(arg);
        } catch (StowageException notAReference) {
            if (!HEX_PREFIX.matcher(arg).matches()) {
                throw notAReference;
            }
        }
        if (ref != null) {
            String wanted = ref.toString();
            for (Descriptor e : refs) {
                if (wanted.equals(Annotations.name(e))) {
                    return new Target(imageId(store, e), e);
                }
            }
            if (ref.digest() != null) {
                for (Descriptor e : refs) {
                    String name = Annotations.name(e);
                    if (name != null && ImageReference.parse(name).name().equals(ref.name())
                            && (ref.digest().toString().equals(e.annotation(Annotations.REPO_DIGEST))
                                    || ref.digest().equals(e.digest()))) {
                        return new Target(imageId(store, e), e);
                    }
                }
            }
        }
        if (HEX_PREFIX.matcher(arg).matches()) {
            return byIdPrefix(store, refs, arg, arg);
        }
        throw new StowageException(Reason.NOT_FOUND, "No such image: " + arg);
    }

    /**
     * The ref entry a resolved argument stands for: the one its name chose, or for an ID the first
     * entry holding that image (NOT_FOUND naming {@code arg} when none does any more).
     */
    Descriptor entry(BlobStore store, List<Descriptor> refs, Target t, String arg) {
        if (t.entry() != null) {
            return t.entry();
        }
        return images(refs).stream().filter(e -> imageId(store, e).equals(t.imageId())).findFirst()
                .orElseThrow(() -> new StowageException(Reason.NOT_FOUND, "No such image: " + arg));
    }

    private Target byIdPrefix(BlobStore store, List<Descriptor> refs, String arg, String hexPrefix) {
        Set<Digest> matches = new HashSet<>();
        for (Descriptor e : refs) {
            Digest id = imageId(store, e);
            if (id.hex().startsWith(hexPrefix)) {
                matches.add(id);
            }
        }
        if (matches.isEmpty() || hexPrefix.isEmpty()) {
            throw new StowageException(Reason.NOT_FOUND, "No such image: " + arg);
        }
        if (matches.size() > 1) {
            throw new StowageException(Reason.CONFLICT, "image ID prefix " + arg + " is ambiguous: it matches "
                    + matches.size() + " images; give more digits");
        }
        return new Target(matches.iterator().next(), null);
    }

    /** The refs with an unnamed entry for the image, unless some entry holds it already. */
    List<Descriptor> withUnnamed(BlobStore store, List<Descriptor> refs, Descriptor entry, Digest imageId) {
        if (refs.stream().anyMatch(e -> imageId(store, e).equals(imageId))) {
            return refs;
        }
        List<Descriptor> next = new ArrayList<>(refs);
        next.add(entry);
        return next;
    }

    /**
     * The refs with {@code entry} (which carries its name) added: an entry of the same name is
     * replaced, and left unnamed (dangling, as Docker leaves it) when no other name holds its
     * image; unnamed entries of the named image go.
     */
    List<Descriptor> withName(BlobStore store, List<Descriptor> refs, Descriptor entry, Digest imageId, Instant now) {
        String name = Annotations.name(entry);
        List<Descriptor> next = new ArrayList<>();
        Descriptor replaced = null;
        for (Descriptor e : refs) {
            String n = Annotations.name(e);
            if (name.equals(n)) {
                replaced = e;
            } else if (!(n == null && imageId(store, e).equals(imageId))) {
                next.add(e);
            }
        }
        next.add(entry);
        if (replaced != null) {
            Digest old = imageId(store, replaced);
            if (next.stream().noneMatch(e -> imageId(store, e).equals(old))) {
                next.add(Annotations.renamed(replaced, null, now, false));
            }
        }
        return next;
    }

    /**
     * The blobs an entry needs, as far as they are known: its config, its layers, then its
     * manifest, with {@code whole} true. When the manifest is gone or unreadable only the manifest
     * and the config its annotation names are known, and {@code whole} is false: its layers could
     * be any blob.
     */
    record Parts(List<Digest> digests, boolean whole) {
    }

    Parts parts(BlobStore store, Descriptor entry) {
        List<Digest> parts = new ArrayList<>();
        try {
            Manifest m = manifest(store, entry.digest());
            parts.add(m.config().digest());
            m.layers().forEach(l -> parts.add(l.digest()));
        } catch (StowageException unreadable) {
            return withoutManifest(entry);
        }
        parts.add(entry.digest());
        Digest index = Annotations.index(entry);
        if (index != null) {
            parts.add(index);
        }
        return new Parts(parts, true);
    }

    /** What an entry is known to need without its manifest: the config its annotation names, and the manifest. */
    static Parts withoutManifest(Descriptor entry) {
        String id = entry.annotation(Annotations.IMAGE_ID);
        return new Parts(id == null ? List.of(entry.digest()) : List.of(Digest.parse(id), entry.digest()), false);
    }

    /**
     * Every blob the given entries need (see {@link #parts}). When an entry's layers are unknown,
     * the set answers that it contains every digest, so nothing is deleted as unneeded that the
     * damaged image might need; iterating it gives the blobs known to be needed.
     */
    Set<Digest> blobsOf(BlobStore store, List<Descriptor> entries) {
        Set<Digest> used = new HashSet<>();
        boolean whole = true;
        for (Descriptor e : entries) {
            Parts p = parts(store, e);
            used.addAll(p.digests());
            whole &= p.whole();
        }
        return whole ? used : new AllNeeded(used);
    }

    /**
     * Deletes those of {@code candidates} that no entry of the store's refs needs (images' and
     * artifacts' alike) and no lease holds, atomically with leasing; returns those deleted.
     */
    List<Digest> deleteUnneeded(BlobStore store, io.stowage.api.store.LeaseManager leases, java.util.Collection<Digest> candidates) {
        return leases.deleteUnneeded(candidates, () -> blobsOf(store, store.refs()), store::delete);
    }

    /** The needed blobs when some are unknown: every digest may be one. */
    private static final class AllNeeded extends java.util.AbstractSet<Digest> {
        private final Set<Digest> known;

        AllNeeded(Set<Digest> known) {
            this.known = known;
        }

        @Override
        public boolean contains(Object o) {
            return o instanceof Digest;
        }

        @Override
        public java.util.Iterator<Digest> iterator() {
            return known.iterator();
        }

        @Override
        public int size() {
            return known.size();
        }
    }
}
