package io.stowage.api.transport;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import java.io.InputStream;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One image location written by a {@link Transport}: a push sends the blobs the destination lacks,
 * then the manifest. The core decides what to send and checks what the destination reports.
 *
 * @since 0.2
 */
@ConsumerType
public interface ImageDestination extends AutoCloseable {

    /** Whether the destination holds the blob already. */
    boolean has(Descriptor blob);

    /**
     * Makes a blob that another repository of the same destination holds this repository's too,
     * without sending it (a registry's cross-repository mount); false when it cannot.
     */
    default boolean mount(Descriptor blob, String fromRepository) {
        return false;
    }

    /** Sends a blob's bytes; the caller closes {@code bytes}. */
    void put(Descriptor blob, InputStream bytes);

    /**
     * Stores a manifest under {@code tag}; returns the digest the destination names it by. For a
     * registry {@code tag} is the tag; for a layout the {@code org.opencontainers.image.ref.name};
     * for an archive the image's whole name ({@code docker.io/library/alpine:3.19}), or null for
     * an image without one.
     */
    Digest putManifest(String tag, String mediaType, byte[] bytes);

    /**
     * Stores cosign's signature manifest of {@code image} beside it, at a destination that keeps
     * no tags (an archive, a layout): an entry without a name, annotated as
     * {@link ImageSource#cosignSignatures} finds it. Its blobs are sent first, as an image's are.
     * Destinations without such entries refuse (UNSUPPORTED); a registry keeps it under the
     * {@code sha256-<hex>.sig} tag instead.
     *
     * @since 1.1
     */
    default Digest putCosignSignatures(io.stowage.api.Digest image, String mediaType, byte[] bytes) {
        throw new io.stowage.api.StowageException(io.stowage.api.StowageException.Reason.UNSUPPORTED,
                "this destination keeps no signatures beside its images");
    }

    /**
     * Makes what was sent visible, for destinations that appear all at once (an archive file);
     * closing without a commit then discards it. Destinations that store as they go do nothing.
     *
     * @since 0.3
     */
    default void commit() {
    }

    @Override
    void close();
}
