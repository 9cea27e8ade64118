package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The facts Stowage keeps on each entry of the store's refs, beside OCI's ref name: the image
 * ID, its uncompressed size, when the name was set, and the digest the registry named.
 */
final class Annotations {
    static final String IMAGE_ID = "io.stowage.image.id";
    static final String IMAGE_SIZE = "io.stowage.image.size";
    static final String TAGGED = "io.stowage.tagged";
    static final String REPO_DIGEST = "io.stowage.repo.digest";
    /**
     * On an artifact's entry (an OCI 1.1 artifact kept by {@code artifact:pull}): its type. Such
     * entries are not images: image operations neither see nor change them, and their blobs are
     * needed as an image's are.
     */
    static final String ARTIFACT_TYPE = "io.stowage.artifact.type";
    /** What verified the image's signature when the trust policy required one: the key and the scheme (since 0.6). */
    static final String SIGNATURE = "io.stowage.signature";
    /**
     * The index that was the image's root document, when the store keeps it: a signature of the
     * index was kept, which it makes the image's (since 0.6).
     */
    static final String INDEX = "io.stowage.index";
    /** Each layer's uncompressed size, comma-separated in manifest order (since 0.2). */
    static final String LAYER_SIZES = "io.stowage.layer.sizes";

    private Annotations() {
    }

    /**
     * A ref entry naming the manifest {@code manifest} {@code name} (or nothing, when null), with
     * the image's uncompressed size, the sum of its layers' {@code layerSizes}, which it records too.
     */
    static Descriptor entry(Descriptor manifest, String name, Digest imageId, long[] layerSizes, Instant tagged,
            Digest repoDigest) {
        return entry(manifest, name, imageId, layerSizes, tagged, repoDigest, null);
    }

    /** As above, with what verified the image's signature ({@code signature}, null for nothing). */
    static Descriptor entry(Descriptor manifest, String name, Digest imageId, long[] layerSizes, Instant tagged,
            Digest repoDigest, String signature) {
        Map<String, String> a = new HashMap<>();
        if (name != null) {
            a.put(Descriptor.REF_NAME, name);
        }
        a.put(IMAGE_ID, imageId.toString());
        a.put(IMAGE_SIZE, Long.toString(java.util.Arrays.stream(layerSizes).sum()));
        a.put(LAYER_SIZES, java.util.Arrays.stream(layerSizes).mapToObj(Long::toString)
                .collect(java.util.stream.Collectors.joining(",")));
        a.put(TAGGED, tagged.toString());
        if (repoDigest != null) {
            a.put(REPO_DIGEST, repoDigest.toString());
        }
        if (signature != null) {
            a.put(SIGNATURE, signature);
        }
        return new Descriptor(manifest.mediaType(), manifest.digest(), manifest.size(), null, a);
    }

    /** The layers' uncompressed sizes the entry records, or null when it records none. */
    static long[] layerSizes(Descriptor entry) {
        String text = entry.annotation(LAYER_SIZES);
        if (text == null) {
            return null;
        }
        try {
            return text.isEmpty() ? new long[0] : java.util.Arrays.stream(text.split(",")).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The same entry under another name (null: unnamed, a dangling image), tagged at {@code when}. */
    static Descriptor renamed(Descriptor entry, String name, Instant when, boolean keepRepoDigest) {
        Map<String, String> a = new HashMap<>(entry.annotations());
        if (name == null) {
            a.remove(Descriptor.REF_NAME);
        } else {
            a.put(Descriptor.REF_NAME, name);
        }
        a.put(TAGGED, when.toString());
        if (!keepRepoDigest) {
            a.remove(REPO_DIGEST);
        }
        return entry.withAnnotations(a);
    }

    /** {@code entry} with the index it was pulled from ({@link #INDEX}), when {@code index} is not null. */
    static Descriptor withIndex(Descriptor entry, Digest index) {
        if (index == null) {
            return entry;
        }
        Map<String, String> a = new HashMap<>(entry.annotations());
        a.put(INDEX, index.toString());
        return entry.withAnnotations(a);
    }

    /** The index kept with the image {@code entry} names ({@link #INDEX}); null for none, or an annotation that is no digest. */
    static Digest index(Descriptor entry) {
        String index = entry.annotation(INDEX);
        try {
            return index == null ? null : Digest.parse(index);
        } catch (io.stowage.api.StowageException damaged) {
            return null;
        }
    }

    static boolean isArtifact(Descriptor entry) {
        return entry.annotation(ARTIFACT_TYPE) != null;
    }

    static String name(Descriptor entry) {
        return entry.annotation(Descriptor.REF_NAME);
    }
}
