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
        try (ImageSource source = transport.open(Location.of(ref))) {
            Digest subject = ref.digest() != null ? ref.digest()
                    : source.rootDigest().orElseGet(() -> Digest.of(source.resolve().bytes()));
            all = source.referrers(subject).orElseGet(() -> tagged(transport, ref, subject));
        }
        return artifactType == null ? all : all.stream().filter(r -> r.artifactType().equals(artifactType)).toList();
    }

    /** The list the tag schema's {@code sha256-<hex>} tag holds; none when the tag is not there. */
    private static List<Referrer> tagged(Transport transport, ImageReference ref, Digest subject) {
        ImageReference tag = ref.withTag(subject.algorithm() + "-" + subject.hex());
        RawManifest index;
        try (ImageSource source = transport.open(Location.of(tag))) {
            index = source.resolve();
        } catch (StowageException e) {
            if (e.reason() == Reason.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
        return OciJson.referrers(index.bytes(), MAX, "referrers tag " + tag.familiar());
    }
}
