package io.stowage.core.internal;

import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.Referrer;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import io.stowage.api.transport.Transport;
import io.stowage.oci.OciJson;
import java.util.List;

/**
 * What refers to an image (OCI 1.1): the registry's Referrers API where it has one, else the
 * tag schema's {@code sha256-<hex>} tag, an index that pushers keep up to date for registries
 * without the API (distribution spec 1.1, "Referrers Tag Schema"). Either list is bounded and
 * each entry validated; a tag that is not there means none.
 */
final class Referrers {
    /** The most entries a referrers tag may list (its index is bounded in bytes too, as any manifest). */
    static final int MAX = 100_000;

    private Referrers() {
    }

    /** The referrers of the image {@code ref} names, only those of {@code artifactType} when it is not null. */
    static List<Referrer> of(Transport transport, ImageReference ref, String artifactType) {
        List<Referrer> all;
        java.util.function.Function<String, ImageSource> repository = at -> transport.open(Location.of(at(ref, at)));
        try (ImageSource source = transport.open(Location.of(ref))) {
            Digest subject = ref.digest() != null ? ref.digest()
                    : source.rootDigest().orElseGet(() -> Digest.of(source.resolve().bytes()));
            all = source.referrers(subject).orElseGet(() -> tagged(repository, subject, ref.familiarName()));
        }
        return artifactType == null ? all : all.stream().filter(r -> r.artifactType().equals(artifactType)).toList();
    }

    /** {@code ref}'s repository at {@code tagOrDigest}: a tag, or a {@code sha256:…} digest. */
    static ImageReference at(ImageReference ref, String tagOrDigest) {
        return tagOrDigest.indexOf(':') > 0 ? ref.withDigest(Digest.parse(tagOrDigest)) : ref.withTag(tagOrDigest);
    }

    /**
     * The referrers of {@code subject} in the repository {@code repository} opens at a tag or
     * digest ({@code name} in messages): the Referrers API's list, else the tag schema's.
     */
    static List<Referrer> of(java.util.function.Function<String, ImageSource> repository, Digest subject, String name) {
        try (ImageSource source = repository.apply(subject.toString())) {
            java.util.Optional<List<Referrer>> listed = source.referrers(subject);
            if (listed.isPresent()) {
                return listed.get();
            }
        }
        return tagged(repository, subject, name);
    }

    /** The list the tag schema's {@code sha256-<hex>} tag holds; none when the tag is not there. */
    private static List<Referrer> tagged(java.util.function.Function<String, ImageSource> repository, Digest subject, String name) {
        String tag = subject.algorithm() + "-" + subject.hex();
        RawManifest index;
        try (ImageSource source = repository.apply(tag)) {
            index = source.resolve();
        } catch (StowageException e) {
            if (e.reason() == Reason.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
        return OciJson.referrers(index.bytes(), MAX, "referrers tag " + name + ":" + tag);
    }
}
