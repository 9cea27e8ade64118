package io.stowage.api.transport;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.InputStream;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The reading role: one image a {@link Transport} opened. A source only moves bytes: the core
 * checks every digest and size. Failures are {@link io.stowage.api.StowageException}s. The core
 * calls {@link #resolve()} before anything else. A wrapper extends {@link ForwardingImageSource}.
 */
@ConsumerType
public interface ImageSource extends AutoCloseable {

    /** The root document the reference names: a manifest or an index. */
    RawManifest resolve();

    /**
     * The digest of the root document the reference names, when the source can tell it without
     * sending the document (an HTTP {@code HEAD}, a layout's {@code index.json}); empty otherwise.
     * A re-pull whose reference still names the stored digest then costs nothing more; a pull
     * from a location checks {@link #resolve()}'s bytes against it.
     *
     * @since 0.2
     */
    default java.util.Optional<Digest> rootDigest() {
        return java.util.Optional.empty();
    }

    /**
     * The repository's tags, every page. Sources that cannot list tags refuse (UNSUPPORTED).
     *
     * @since 0.2
     */
    default java.util.List<String> tags() {
        throw new StowageException(Reason.UNSUPPORTED, "this source cannot list tags");
    }

    /**
     * What the source's Referrers API lists as referring to {@code subject} (OCI 1.1), every page;
     * empty when the source has no such API (the core then reads the {@code sha256-<hex>} tag).
     * Each entry is a valid descriptor, their number bounded as tag lists are.
     *
     * @since 0.4
     */
    default java.util.Optional<java.util.List<io.stowage.api.Referrer>> referrers(Digest subject) {
        return java.util.Optional.empty();
    }

    /**
     * The names the image {@link #resolve()} gives carries with it (an archive's
     * {@code RepoTags}, a layout's {@code io.containerd.image.name}), as written there; empty when
     * it carries none, and for registries, whose reference names the image.
     *
     * @since 0.3
     */
    default java.util.List<String> names() {
        return java.util.List.of();
    }

    /**
     * cosign's signature manifest of {@code image} (what a registry's {@code sha256-<hex>.sig}
     * tag holds) kept beside the image at a location that has no tags: an OCI layout's entry
     * without a ref name annotated {@code kind: dev.cosignproject.cosign/sigs}, as
     * {@code cosign save} and Stowage's {@code image:save} write it. The bytes are checked against
     * the entry's digest; empty when the location keeps none, and for registries.
     *
     * @since 1.1
     */
    default java.util.Optional<RawManifest> cosignSignatures(Digest image) {
        return java.util.Optional.empty();
    }

    /** A manifest of the same repository by digest (an index's entry). */
    RawManifest manifest(Digest digest);

    /**
     * A blob's bytes from {@code offset} on ({@code 0} for all of them), as served; the caller
     * closes the stream. An interrupted copy resumes from where it stopped, so a source reads
     * from the offset itself (an HTTP {@code Range}, a seek). Called from several threads at once.
     */
    InputStream blob(Descriptor descriptor, long offset);

    /** A blob's bytes from the start: {@link #blob(Descriptor, long)} from {@code 0}. */
    default InputStream blob(Descriptor descriptor) {
        return blob(descriptor, 0);
    }

    @Override
    void close();
}
